/**
 * Decisions past the known holiday calendar (issue #14 item 1): a refusal, a benefit change with a
 * written notice and a review case's decision deadline, on 2026-12-29, 2027-01-04 and 2027-06-30.
 * With the bundled calendar (2027 not published) the due date is left open with
 * `calendarMissing: 2027` — the command is recorded, never refused; with the 2027 schedule applied
 * (the labelled example) the same commands give concrete dates.
 */
import { fold } from '@sa/decider';
import { EXAMPLE_HOLIDAY_SCHEDULE_2027, ManagedWorkingDayCalendar } from '@sa/time';
import { toIntegrationEvent } from '../../messaging/outgoing';
import {
  approvedCase,
  COUNTY,
  decideCase,
  decided,
  history,
  open,
  opinion,
  policy,
  PROPOSER,
  receiveFacts,
  submit,
  stateOf,
  SYSTEM,
  A, meta } from '../__tests__/review-case-fixtures';
import { createReviewCaseDecider } from './decide';
import { BenefitChangeDecided, CaseRefused, ReviewCaseEvent, ReviewCaseOpened } from './events';
import { evolveReviewCase } from './events';
import type { ReviewCaseCommand } from './commands';

const bundled = createReviewCaseDecider({ calendar: new ManagedWorkingDayCalendar() });
const with2027 = (() => {
  const calendar = new ManagedWorkingDayCalendar();
  calendar.apply({ ...EXAMPLE_HOLIDAY_SCHEDULE_2027, version: 1 });
  return createReviewCaseDecider({ calendar });
})();

const refusedPast = (): ReviewCaseEvent[] => history(open(), receiveFacts(330000), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }));
const refuse = (on: string): ReviewCaseCommand => decideCase({ outcome: 'REFUSE', recipient: null, reason: '经审核，不符合条件', on });

const CHANGE_REQUEST = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
const terminationProposed = (origin: 'HOUSEHOLD_REPORT' | 'REVIEW' = 'HOUSEHOLD_REPORT'): ReviewCaseEvent[] => {
  const requested = [
    ...approvedCase(),
    ...decided(approvedCase(), {
      type: 'RequestRedetermination',
      data: {
        changeRequestId: CHANGE_REQUEST,
        origin,
        requestedChange: 'TERMINATE',
        trigger: { kind: origin === 'REVIEW' ? 'PERIODIC_REVIEW' : 'CHANGE_REQUEST', refId: CHANGE_REQUEST },
        reportedOn: '2026-06-01',
        urgent: false,
        changes: [{ kind: 'INCOME', memberId: A, description: '申请人收入变化' }],
        membersLeft: [],
        membersJoined: [],
        declaredIncome: [],
      }, metadata: meta(SYSTEM, '2026-06-02'),
    }),
  ];
  return [
    ...requested,
    ...decided(requested, {
      type: 'ProposeBenefitChange',
      data: { proposalId: 'proposal-1', policy, reason: { code: 'INCOME_INCREASED', description: '家庭收入发生变化，按规定调整' } }, metadata: meta(PROPOSER, '2026-06-05'),
    }),
  ];
};
const decideTermination = (on: string): ReviewCaseCommand => ({
  type: 'DecideBenefitChange',
  data: { decisionId: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', policy, reason: '经审核确认' }, metadata: meta(COUNTY, on),
});

function onlyEvent<T extends ReviewCaseEvent['type']>(events: ReviewCaseEvent[], type: T): Extract<ReviewCaseEvent, { type: T }> {
  expect(events.map((e) => e.type)).toEqual([type]);
  return events[0] as Extract<ReviewCaseEvent, { type: T }>;
}
/** Given `past`, when `command` on `decider`: the events (which must evolve). */
function givenWhen(decider: typeof bundled, past: ReviewCaseEvent[], command: ReviewCaseCommand): ReviewCaseEvent[] {
  const state = stateOf(past);
  const events = decider.decide(command, state);
  fold(decider, events, state);
  return events;
}
const stateAfter = (past: ReviewCaseEvent[], events: ReviewCaseEvent[]) => [...past, ...events].reduce(evolveReviewCase, bundled.initialState);
const recorded = (event: ReviewCaseEvent) => ({
  eventId: '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f',
  type: event.type,
  data: event.data as unknown as Record<string, unknown>,
  metadata: { occurredAt: '2026-12-29T02:00:00.000Z', correlationId: 'c-1', causationId: 'c-1', actor: COUNTY, policyVersion: policy.version },
});

describe('a refusal past the known holiday calendar', () => {
  it.each(['2026-12-29', '2027-01-04', '2027-06-30'])('on %s with 2027 unpublished: recorded with an open notice date, calendarMissing 2027', (on) => {
    const events = givenWhen(bundled, refusedPast(), refuse(on));
    const refused = onlyEvent(events, 'CaseRefused') as CaseRefused;
    expect(refused.data).toMatchObject({ decidedOn: on, noticeDueOn: null, calendarMissing: 2027 });
    expect(stateAfter(refusedPast(), events).decision).toMatchObject({ outcome: 'REFUSED', noticeDueOn: null, calendarMissing: 2027 });
  });

  it.each([
    ['2026-12-29', '2027-01-04'],
    ['2027-01-04', '2027-01-07'],
    ['2027-06-30', '2027-07-05'],
  ])('on %s with the 2027 schedule applied: notice due %s', (on, due) => {
    const refused = onlyEvent(givenWhen(with2027, refusedPast(), refuse(on)), 'CaseRefused') as CaseRefused;
    expect(refused.data).toMatchObject({ decidedOn: on, noticeDueOn: due, calendarMissing: null });
  });

  it('is published as AssistanceRefused v2 while the date is open, v1 once it is known', () => {
    const open = onlyEvent(givenWhen(bundled, refusedPast(), refuse('2026-12-29')), 'CaseRefused');
    const openEvent = toIntegrationEvent(recorded(open));
    expect(openEvent).toMatchObject({ type: 'AssistanceRefused', schemaVersion: 2, data: { noticeDueOn: null, calendarMissing: 2027 } });
    const known = onlyEvent(givenWhen(with2027, refusedPast(), refuse('2026-12-29')), 'CaseRefused');
    const knownEvent = toIntegrationEvent(recorded(known));
    expect(knownEvent).toMatchObject({ type: 'AssistanceRefused', schemaVersion: 1, data: { noticeDueOn: '2027-01-04' } });
    expect(knownEvent!.data).not.toHaveProperty('calendarMissing');
  });
});

describe('a termination with a written notice past the known holiday calendar', () => {
  it.each(['2026-12-29', '2027-01-04', '2027-06-30'])('on %s with 2027 unpublished: recorded with an open notice date, calendarMissing 2027', (on) => {
    const changed = onlyEvent(givenWhen(bundled, terminationProposed(), decideTermination(on)), 'BenefitChangeDecided') as BenefitChangeDecided;
    expect(changed.data).toMatchObject({ changeType: 'TERMINATION', decidedOn: on, writtenNoticeDueOn: null, calendarMissing: 2027 });
    expect(toIntegrationEvent(recorded(changed))).toMatchObject({ type: 'BenefitChanged', schemaVersion: 3, data: { writtenNoticeDueOn: null, calendarMissing: 2027, proposedBy: expect.objectContaining({ id: expect.any(String) }) } });
  });

  it.each([
    ['2026-12-29', '2027-01-04'],
    ['2027-01-04', '2027-01-07'],
    ['2027-06-30', '2027-07-05'],
  ])('on %s with the 2027 schedule applied: notice due %s', (on, due) => {
    const changed = onlyEvent(givenWhen(with2027, terminationProposed(), decideTermination(on)), 'BenefitChangeDecided') as BenefitChangeDecided;
    expect(changed.data).toMatchObject({ changeType: 'TERMINATION', writtenNoticeDueOn: due, calendarMissing: null });
    expect(toIntegrationEvent(recorded(changed))).toMatchObject({ type: 'BenefitChanged', schemaVersion: 3, data: { writtenNoticeDueOn: due } });
  });
});

describe('a review case accepted past the known holiday calendar', () => {
  const accept = (on: string) => open({ acceptedOn: on, on });

  it.each(['2026-12-29', '2027-01-04', '2027-06-30'])('on %s with 2027 unpublished: the decision deadline is open, calendarMissing 2027', (on) => {
    const opened = onlyEvent(givenWhen(bundled, [], accept(on)), 'ReviewCaseOpened') as ReviewCaseOpened;
    expect(opened.data.deadline).toMatchObject({ dueOn: null, calendarMissing: 2027 });
  });

  it.each(['2026-12-29', '2027-01-04', '2027-06-30'])('on %s with the 2027 schedule applied: a concrete decision deadline', (on) => {
    const opened = onlyEvent(givenWhen(with2027, [], accept(on)), 'ReviewCaseOpened') as ReviewCaseOpened;
    expect(opened.data.deadline.dueOn).toMatch(/^2027-\d\d-\d\d$/);
    expect(opened.data.deadline).not.toHaveProperty('calendarMissing');
  });
});

describe('a periodic review (复核) ending in a termination past the known holiday calendar', () => {
  it.each(['2026-12-29', '2027-01-04', '2027-06-30'])('on %s with 2027 unpublished: recorded, notice date open, calendarMissing 2027', (on) => {
    const changed = onlyEvent(givenWhen(bundled, terminationProposed('REVIEW'), decideTermination(on)), 'BenefitChangeDecided') as BenefitChangeDecided;
    expect(changed.data).toMatchObject({ changeType: 'TERMINATION', trigger: { kind: 'PERIODIC_REVIEW' }, writtenNoticeDueOn: null, calendarMissing: 2027 });
  });

  it.each([
    ['2026-12-29', '2027-01-04'],
    ['2027-01-04', '2027-01-07'],
    ['2027-06-30', '2027-07-05'],
  ])('on %s with the 2027 schedule published: notice due %s', (on, due) => {
    const changed = onlyEvent(givenWhen(with2027, terminationProposed('REVIEW'), decideTermination(on)), 'BenefitChangeDecided') as BenefitChangeDecided;
    expect(changed.data).toMatchObject({ trigger: { kind: 'PERIODIC_REVIEW' }, writtenNoticeDueOn: due, calendarMissing: null });
  });
});

describe('the same decider before and after 2027 is published (one managed calendar, as in the service)', () => {
  it('a refusal on 2026-12-29 has an open notice date before the publication and a dated one after it', () => {
    const calendar = new ManagedWorkingDayCalendar();
    const decider = createReviewCaseDecider({ calendar });
    const before = onlyEvent(givenWhen(decider, refusedPast(), refuse('2026-12-29')), 'CaseRefused');
    expect(before.data).toMatchObject({ noticeDueOn: null, calendarMissing: 2027 });
    calendar.apply({ ...EXAMPLE_HOLIDAY_SCHEDULE_2027, version: 1 });
    const after = onlyEvent(givenWhen(decider, refusedPast(), refuse('2026-12-29')), 'CaseRefused');
    expect(after.data).toMatchObject({ noticeDueOn: '2027-01-04', calendarMissing: null });
  });
});

describe('期限补定: open due dates dated once the year is published (DateOpenDueDates → DueDatesDated)', () => {
  const dateThem = (on = '2027-01-05'): ReviewCaseCommand => ({ type: 'DateOpenDueDates', data: { calendarYear: 2027, calendarVersion: 1 }, metadata: meta(SYSTEM, on) });
  const recordedWithout2027 = (past: ReviewCaseEvent[], command: ReviewCaseCommand) => [...past, ...givenWhen(bundled, past, command)];

  it('a refusal decided on 2026-12-29 without 2027: dated to 2027-01-04 after publication (3 working days), recorded with its start and period', () => {
    const past = recordedWithout2027(refusedPast(), refuse('2026-12-29'));
    expect(stateAfter(past, []).decision).toMatchObject({ noticeDueOn: null, calendarMissing: 2027, noticeWorkingDays: 3 });
    const dated = onlyEvent(givenWhen(with2027, past, dateThem()), 'DueDatesDated');
    expect(dated.data).toMatchObject({
      calendarYear: 2027,
      calendarVersion: 1,
      dated: [{ kind: 'REFUSAL_NOTICE', from: '2026-12-29', workingDays: 3, dueOn: '2027-01-04' }],
      calendarMissing: null,
      datedOn: '2027-01-05',
      datedBy: SYSTEM,
    });
    // The same day as a refusal decided with 2027 known.
    expect(onlyEvent(givenWhen(with2027, refusedPast(), refuse('2026-12-29')), 'CaseRefused').data.noticeDueOn).toBe('2027-01-04');
    expect(stateAfter(past, [dated]).decision).toMatchObject({ noticeDueOn: '2027-01-04', calendarMissing: null });
  });

  it('a termination decided on 2027-06-30 without 2027: its written notice dated like a decision made with 2027 known', () => {
    const past = recordedWithout2027(terminationProposed(), decideTermination('2027-06-30'));
    const known = onlyEvent(givenWhen(with2027, terminationProposed(), decideTermination('2027-06-30')), 'BenefitChangeDecided') as BenefitChangeDecided;
    const dated = onlyEvent(givenWhen(with2027, past, dateThem()), 'DueDatesDated');
    expect(dated.data.dated).toEqual([
      { kind: 'CHANGE_NOTICE', decisionId: known.data.decisionId, from: '2027-06-30', workingDays: 3, dueOn: known.data.writtenNoticeDueOn },
    ]);
    expect(stateAfter(past, [dated]).openChangeNotices).toEqual([]);
  });

  it('a case accepted on 2026-12-29 without 2027: decision deadline and investigation start dated as if 2027 had been known', () => {
    const accept = open({ acceptedOn: '2026-12-29', on: '2026-12-29' });
    const past = recordedWithout2027([], accept);
    const known = onlyEvent(givenWhen(with2027, [], accept), 'ReviewCaseOpened') as ReviewCaseOpened;
    const dated = onlyEvent(givenWhen(with2027, past, dateThem()), 'DueDatesDated');
    expect(known.data.deadline.dueOn).toMatch(/^2027-/);
    expect(known.data.deadline.investigationStartDueOn).toMatch(/^2027-/);
    expect(dated.data.dated.map((d) => [d.kind, d.dueOn])).toEqual([
      ['DECISION_DEADLINE', known.data.deadline.dueOn],
      ['INVESTIGATION_START', known.data.deadline.investigationStartDueOn],
    ]);
    const after = stateAfter(past, [dated]);
    expect(after.deadline).toMatchObject({
      dueOn: known.data.deadline.dueOn,
      investigationStartDueOn: known.data.deadline.investigationStartDueOn,
      calendarMissing: null,
    });
  });

  it('nothing open, or the year still missing: records nothing (repeatable by every instance on every refresh)', () => {
    const past = recordedWithout2027(refusedPast(), refuse('2026-12-29'));
    expect(givenWhen(bundled, past, dateThem())).toEqual([]);
    const dated = givenWhen(with2027, past, dateThem());
    expect(givenWhen(with2027, [...past, ...dated], dateThem())).toEqual([]);
    expect(givenWhen(with2027, refusedPast(), dateThem())).toEqual([]);
  });

  it('a decision deadline is not dated after the case is decided (it no longer runs)', () => {
    const accepted = recordedWithout2027([], open({ acceptedOn: '2026-12-29', on: '2026-12-29' }));
    const state = stateAfter(accepted, []);
    expect(state.deadline).toMatchObject({ dueOn: null, calendarMissing: 2027 });
    const withdrawn: ReviewCaseEvent = { type: 'CaseWithdrawn', data: { withdrawnOn: '2026-12-30', reason: '申请人撤回', recordedBy: SYSTEM } };
    expect(givenWhen(with2027, [...accepted, withdrawn], dateThem())).toEqual([]);
  });
});
