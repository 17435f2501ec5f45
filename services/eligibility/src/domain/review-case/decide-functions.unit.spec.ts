/**
 * The per-command decision functions called alone (issue #13 item 2): each takes the command in its one
 * shape `{ type, data, metadata: { actor, now } }` and the state, and reads "today" from `metadata.now`
 * (Asia/Shanghai) and who acts from `metadata.actor` — no clock.
 */
import {
  calendar2026,
  COUNTY,
  decideCase as decideCaseCommand,
  notice,
  open as openCommand,
  opinion,
  PROPOSER,
  receiveFacts,
  REVIEWER,
  stateOf,
  submit as submitCommand,
  submittedCase,
  visit,
  VISITOR_1,
  history,
} from '../__tests__/review-case-fixtures';
import { actorOf, DomainError, todayOf } from '@sa/decider';
import { EligibilityError, toEligibilityError } from '../errors';
import type { DecideCase, IssueInitialOpinion, OpenReviewCase, PostPublicNotice, RecordHomeVisit, SubmitForDecision } from './commands';
import { decideCase, submit } from './decision.decide';
import { open, recordVisit } from './investigation.decide';
import { issueOpinion, postNotice } from './opinion.decide';

describe('command metadata: who acts and when', () => {
  it('today is the Asia/Shanghai date of metadata.now; the actor is metadata.actor', () => {
    const at = (now: string) => ({ type: 'SubmitForDecision', metadata: { actor: COUNTY, now } });
    expect(todayOf(at('2026-03-15T16:30:00.000Z'))).toBe('2026-03-16');
    expect(todayOf(at('2026-03-16T09:00:00+08:00'))).toBe('2026-03-16');
    expect(actorOf(at('2026-03-16T09:00:00+08:00'))).toEqual(COUNTY);
  });

  it('a command without a valid time or actor is refused, naming the field', () => {
    const noTime = { ...(submitCommand() as SubmitForDecision), metadata: { actor: REVIEWER, now: '2026-03-13' } };
    expect(() => submit(noTime, stateOf(history(openCommand(), receiveFacts(), visit(), opinion(), notice()))))
      .toThrow(expect.objectContaining({ code: 'invalid_command_time', field: 'metadata.now' }));
    const noActor = { ...(submitCommand() as SubmitForDecision), metadata: { actor: undefined, now: '2026-03-13T09:00:00+08:00' } } as unknown as SubmitForDecision;
    expect(() => submit(noActor, stateOf(history(openCommand(), receiveFacts(), visit(), opinion(), notice()))))
      .toThrow(expect.objectContaining({ code: 'actor_missing', field: 'metadata.actor' }));
  });

  it("the pipeline's mapError answers @sa/decider's refusal as an EligibilityError (422 naming the field)", () => {
    let thrown: unknown;
    try {
      const command = { type: 'SubmitForDecision', metadata: { actor: REVIEWER, now: 'yesterday' } };
      todayOf(command);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).not.toBeInstanceOf(EligibilityError);
    const mapped = toEligibilityError(thrown);
    expect(mapped).toBeInstanceOf(EligibilityError);
    expect(mapped).toMatchObject({ code: 'invalid_command_time', kind: 'rule', field: 'metadata.now', httpStatus: 422 });
    expect((mapped as EligibilityError).options.extensions).toEqual({ errors: [{ field: 'metadata.now', message: expect.any(String) }] });
    const own = new EligibilityError('x', 'y');
    expect(toEligibilityError(own)).toBe(own);
  });
});

describe('each decide function alone, with metadata', () => {
  it('open: the decision clock starts at acceptance; recorded as opened by the metadata actor', () => {
    const [opened] = open(openCommand() as OpenReviewCase, stateOf([]), calendar2026);
    expect(opened).toMatchObject({ type: 'ReviewCaseOpened', data: { openedBy: expect.objectContaining({ id: 'sa-eligibility' }) } });
  });

  it('recordVisit: the visiting officer of metadata.actor; a visit after today (metadata.now) is refused', () => {
    const past = stateOf(history(openCommand(), receiveFacts()));
    const [visited] = recordVisit(visit() as RecordHomeVisit, past);
    expect(visited).toMatchObject({ type: 'HomeVisitRecorded', data: { visit: { recordedBy: VISITOR_1 } } });
    expect(() => recordVisit(visit({ visitedOn: '2026-03-05', on: '2026-03-04' }) as RecordHomeVisit, past)).toThrow();
  });

  it('issueOpinion and postNotice: proposed and posted on the date of metadata.now, by metadata.actor', () => {
    const investigated = history(openCommand(), receiveFacts(), visit());
    const [proposed] = issueOpinion(opinion({ on: '2026-03-05' }) as IssueInitialOpinion, stateOf(investigated));
    expect(proposed).toMatchObject({ data: { opinion: { proposedOn: '2026-03-05', proposedBy: PROPOSER } } });
    const [posted] = postNotice(notice({ on: '2026-03-06' }) as PostPublicNotice, stateOf([...investigated, proposed!]));
    expect(posted).toMatchObject({ data: { notice: { postedOn: '2026-03-06', lastDay: '2026-03-12', postedBy: PROPOSER } } });
  });

  it('submit: not before the notice ends (today from metadata.now)', () => {
    const noticed = stateOf(history(openCommand(), receiveFacts(), visit(), opinion(), notice()));
    expect(() => submit(submitCommand({ on: '2026-03-12' }) as SubmitForDecision, noticed)).toThrow(expect.objectContaining({ code: 'public_notice_not_ended' }));
    expect(submit(submitCommand({ on: '2026-03-13' }) as SubmitForDecision, noticed)[0]).toMatchObject({ type: 'CaseSubmittedForDecision', data: { submittedOn: '2026-03-13', submittedBy: REVIEWER } });
  });

  it('decideCase: decided on the date of metadata.now by metadata.actor, paid from the month after', () => {
    const [approved] = decideCase(decideCaseCommand() as DecideCase, stateOf(submittedCase()), calendar2026);
    expect(approved).toMatchObject({ type: 'CaseApproved', data: { decidedOn: '2026-03-16', decidedBy: COUNTY } });
  });
});
