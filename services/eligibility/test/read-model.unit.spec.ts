/** The case-list projection (pure part) and the working-day calendar built from chinese-days. */
import type { RecordedEvent } from '@sa/eventstore';
import { ManagedWorkingDayCalendar } from '@sa/time';
import { approvedCase, CASE_ID, decideCase, history, open, opinion, receiveFacts, stateOf, submit } from '../src/domain/__tests__/review-case-fixtures';
import { createReviewCaseDecider } from '../src/domain/review-case/decide';
import type { ReviewCaseEvent } from '../src/domain';
import { buildServiceCalendar } from '../src/calendars/working-calendar';
import { projectReviewCase } from '../src/read-models/review-case.projection';
import type { ReviewCaseRow } from '../src/read-models/review-case-row.entity';

function recordedOf(events: ReviewCaseEvent[]): RecordedEvent[] {
  return events.map((e, revision) => ({
    streamId: `reviewCase-${CASE_ID}`,
    revision,
    eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: { correlationId: CASE_ID, causationId: 'x', actor: { id: 'a', role: 'system', jurisdiction: '330106' }, occurredAt: '2026-03-02T09:00:00+08:00' },
    position: { commit: BigInt(revision), prepare: BigInt(revision) },
    recordedAt: new Date(Date.UTC(2026, 2, 2, revision)),
    prevHash: null,
    hash: 'h',
  }));
}

const replay = (events: RecordedEvent[]) => events.reduce<ReviewCaseRow | null>((row, e) => projectReviewCase(row, e), null)!;

describe('case list projection', () => {
  it('follows a case from acceptance to approval without personal data but the masked name', () => {
    const row = replay(recordedOf(approvedCase()));
    expect(row).toMatchObject({
      caseId: CASE_ID,
      status: 'APPROVED',
      jurisdiction: '330106001001',
      applicantMasked: '张某',
      householdSize: 3,
      acceptedOn: '2026-03-02',
      dueOn: '2026-04-14',
      investigationStartedOn: '2026-03-04',
      homeVisits: 1,
      verificationReports: 1,
      proposal: 'APPROVE',
      proposedAmountFen: 130000,
      noticeLastDay: '2026-03-12',
      monthlyAmountFen: 130000,
      startMonth: '2026-04',
      policyVersion: '330106-2026-01',
      benefitStatus: 'ACTIVE',
      revision: 6,
    });
    expect(JSON.stringify(row)).not.toContain('张伟');
  });

  it('shows calendar_missing while a deadline is open: the decision deadline, then the refusal notice', () => {
    const bundled = createReviewCaseDecider({ calendar: new ManagedWorkingDayCalendar() });
    const opened = bundled.decide(open({ acceptedOn: '2026-12-10', on: '2026-12-10' }), stateOf([]));
    expect(replay(recordedOf(opened))).toMatchObject({ dueOn: null, calendarMissing: 2027 });
    const past = history(open(), receiveFacts(330000), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }));
    const refused = bundled.decide(decideCase({ outcome: 'REFUSE', recipient: null, on: '2026-12-29' }), stateOf(past));
    const row = replay(recordedOf([...past, ...refused]));
    expect(row).toMatchObject({ status: 'REFUSED', refusalNoticeDueOn: null, calendarMissing: 2027 });
    expect(replay(recordedOf(approvedCase())).calendarMissing).toBeNull();
  });

  it('a replay gives the same row (times come from the events)', () => {
    const events = recordedOf(approvedCase());
    expect(replay(events)).toEqual(replay(events));
  });
});

describe('working-day calendar of the service', () => {
  it('knows 2026’s holidays and make-up days from chinese-days', () => {
    const calendar = buildServiceCalendar();
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休
    expect(calendar.addWorkingDays('2026-03-02', 30)).toBe('2026-04-14');
  });

  it('refuses to guess a year it does not know, and counts with a published year', () => {
    expect(() => buildServiceCalendar().addWorkingDays('2026-12-20', 30)).toThrow(/outside the holiday data/);
    const calendar = buildServiceCalendar();
    calendar.apply({ year: 2027, version: 1, holidays: ['2027-01-01'], makeUpWorkdays: [] });
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('replaces a bundled year wholly when a schedule of that year is published', () => {
    const calendar = buildServiceCalendar();
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    calendar.apply({ year: 2026, version: 1, holidays: ['2026-01-01'], makeUpWorkdays: [] });
    expect(calendar.isWorkingDay('2026-10-01')).toBe(true);
    expect(calendar.sourceOf(2026)).toEqual({ source: 'published', version: 1 });
  });
});
