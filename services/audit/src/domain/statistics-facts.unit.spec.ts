import { sampleEvents, SAMPLE_MONTH } from '../../../../deploy/samples/statistics-sample';
import type { PaymentRunEvent } from '../../../disbursement/src/domain/payment-run';
import { ageGroupsOf, REVIEW_CASE_EVENT_TYPES } from '../../../eligibility/src/domain';
import { FOLLOW_UP_EVENT_TYPES } from '../../../follow-up/src/domain/follow-up-case';
import { APPLICATION_EVENT_TYPES } from '../../../intake/src/domain/application/application';
import { statisticsFact, STATISTICS_FACT_TYPES } from './statistics-facts';
import { monthlyReport, type StatisticsEvent } from './statistics';

const at = (iso: string) => new Date(iso);
const slimmed = (events: StatisticsEvent[]) => events.map(statisticsFact).filter((e): e is StatisticsEvent => e !== null);
const person = (memberId: string, birthDate: string, extra: object = {}) => ({ memberId, birthDate, name: '张三', residentId: '330106195001011234', phone: '13800000000', ...extra });

/** Every type the fold reads, with the personal fields the real events carry, over two months and three levels. */
const events: StatisticsEvent[] = [
  { streamId: 'application-a1', type: 'ApplicationDrafted', data: { applicationId: 'a1', draftedOn: '2026-06-03', jurisdiction: '330106001001', earlierCase: { caseId: 'c0', refusedOn: '2026-01-02' }, applicant: { name: '李四' } }, recordedAt: at('2026-06-03T02:00:00Z') },
  { streamId: 'application-a2', type: 'ApplicationDrafted', data: { applicationId: 'a2', draftedOn: '2026-06-04', jurisdiction: '330106001002' }, recordedAt: at('2026-06-04T02:00:00Z') },
  { streamId: 'reviewCase-c1', type: 'ReviewCaseOpened', data: { caseId: 'c1', household: { address: '某路1号', members: [person('m1', '1950-03-01', { disability: { grade: 2 } }), person('m2', '2015-07-01'), person('m3', '1985-01-01')] } }, recordedAt: at('2026-05-02T02:00:00Z') },
  { streamId: 'reviewCase-c1', type: 'InitialOpinionIssued', data: { opinion: { proposedOn: '2026-05-10', extremePoverty: { supplyMode: 'DISPERSED', reasons: ['x'] }, note: '入户' } }, recordedAt: at('2026-05-10T02:00:00Z') },
  { streamId: 'reviewCase-c1', type: 'CaseApproved', data: { caseId: 'c1', startMonth: '2026-06', decidedOn: '2026-05-20', jurisdiction: '330106001001', overdue: false, membersCovered: [person('m1', '1950-03-01'), person('m2', '2015-07-01'), person('m3', '1985-01-01')], assessment: { subsistenceStandardFen: 110000, incomeFen: 2000, notes: '收入' } }, recordedAt: at('2026-05-20T02:00:00Z') },
  { streamId: 'reviewCase-c2', type: 'CaseRefused', data: { caseId: 'c2', decidedOn: '2026-06-09', jurisdiction: '330106001002', overdue: true, reasons: ['收入超标'] }, recordedAt: at('2026-06-09T02:00:00Z') },
  { streamId: 'reviewCase-c3', type: 'CaseMigrated', data: { caseId: 'c3', startMonth: '2026-06', subsistenceStandardFen: 185000, supplyMode: 'CENTRALIZED', source: { file: 'ledger.csv', row: 4 }, membersCovered: [person('n1', '1940-02-02')], household: { members: [person('n1', '1940-02-02', { disability: { grade: 1 } })] } }, recordedAt: at('2026-05-30T02:00:00Z') },
  { streamId: 'reviewCase-c3', type: 'RedeterminationRequested', data: { membersJoined: [person('n2', '2020-06-15')] }, recordedAt: at('2026-06-10T02:00:00Z') },
  { streamId: 'paymentRun-r1', type: 'PaymentBatchIssued', data: { runId: 'r1', period: '2026-06', payments: [{ caseId: 'c1', program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen: 130000, account: '6222000011112222', payee: '张三' }, { caseId: 'c3', program: 'EXTREME_POVERTY_SUPPORT', jurisdiction: '330106002001', amountFen: 185000, account: '6222', payee: '王五' }] }, recordedAt: at('2026-06-15T02:00:00Z') },
  { streamId: 'paymentRun-r0', type: 'PaymentIssued', data: { caseId: 'c9', program: 'TEMPORARY_ASSISTANCE', jurisdiction: '330106001001', amountFen: 50000, period: '2026-06', account: '6222', payee: '赵六' }, recordedAt: at('2026-06-16T02:00:00Z') },
  { streamId: 'paymentRun-r1', type: 'PaymentReissued', data: { caseId: 'c1', program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen: 1000, period: '2026-06', account: '6222' }, recordedAt: at('2026-06-20T02:00:00Z') },
  // recorded after the month end: a correction of June
  { streamId: 'paymentRun-r1', type: 'PaymentReturned', data: { reason: '账户冻结', payment: { caseId: 'c3', program: 'EXTREME_POVERTY_SUPPORT', jurisdiction: '330106002001', amountFen: 185000, period: '2026-06', account: '6222', payee: '王五' } }, recordedAt: at('2026-07-03T02:00:00Z') },
  { streamId: 'reviewCase-c1', type: 'BenefitChangeDecided', data: { caseId: 'c1', effectiveMonth: '2026-07', changeType: 'DECREASE', decidedOn: '2026-06-25', jurisdiction: '330106001001', membersCovered: [person('m1', '1950-03-01'), person('m2', '2015-07-01')], assessment: { subsistenceStandardFen: 120000, incomeFen: 1 } }, recordedAt: at('2026-06-25T02:00:00Z') },
  { streamId: 'reviewCase-c3', type: 'BenefitChangeDecided', data: { caseId: 'c3', effectiveMonth: '2026-07', changeType: 'INCREASE', decidedOn: '2026-06-26', jurisdiction: '330106002001' }, recordedAt: at('2026-06-26T02:00:00Z') },
  { streamId: 'reviewCase-c1', type: 'BenefitChangeDecided', data: { caseId: 'c1', effectiveMonth: '2026-08', changeType: 'TERMINATION', decidedOn: '2026-07-05', jurisdiction: '330106001001', trigger: { kind: 'DATA_ALERT', alertId: 'x', detail: '车辆' } }, recordedAt: at('2026-07-05T02:00:00Z') },
  { streamId: 'paymentRun-r2', type: 'PaymentBatchIssued', data: { period: '2026-07', payments: [{ caseId: 'c1', program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen: 90000 }, { caseId: 'c3', program: 'EXTREME_POVERTY_SUPPORT', jurisdiction: '330106002001', amountFen: 185000 }] }, recordedAt: at('2026-07-15T02:00:00Z') },
  { streamId: 'followUp-f1', type: 'FollowUpOpened', data: { caseId: 'c1', openedOn: '2026-05-21', jurisdiction: '330106001001', nextReviewDueMonth: '2026-06', household: { members: [person('m1', '1950-03-01')] } }, recordedAt: at('2026-05-21T02:00:00Z') },
  { streamId: 'followUp-f2', type: 'FollowUpOpened', data: { caseId: 'c3', openedOn: '2026-05-30', jurisdiction: '330106002001', nextReviewDueMonth: '2026-06' }, recordedAt: at('2026-05-30T03:00:00Z') },
  { streamId: 'followUp-f2', type: 'ReviewConcluded', data: { completedOn: '2026-06-28', nextReviewDueMonth: '2026-12', findings: '入户核查' }, recordedAt: at('2026-06-28T02:00:00Z') },
  { streamId: 'followUp-f1', type: 'FollowUpClosed', data: { closedOn: '2026-07-20', reason: '终止' }, recordedAt: at('2026-07-20T02:00:00Z') },
  // types the fold never reads
  { streamId: 'reviewCase-c1', type: 'HomeVisitRecorded', data: { notes: '家中有人', photos: ['p1'] }, recordedAt: at('2026-05-05T02:00:00Z') },
  { streamId: 'followUp-f1', type: 'WelfareVisitRecorded', data: { notes: '探访' }, recordedAt: at('2026-06-05T02:00:00Z') },
];

/**
 * An event as eligibility records it now: every birth date sealed (here a ciphertext-shaped string, or `已销毁` after
 * shredding) and the members' age groups in clear beside them (`ageGroups`, computed by eligibility's own function).
 */
function asStoredNow(e: StatisticsEvent, sealed = 'sa3.s4.k1.c2VhbGVk'): StatisticsEvent {
  const d = e.data as { household?: { members?: { memberId: string; birthDate?: string }[] }; membersJoined?: { memberId: string; birthDate?: string }[] };
  const list = e.type === 'RedeterminationRequested' ? d.membersJoined : e.type === 'ReviewCaseOpened' || e.type === 'CaseMigrated' ? d.household?.members : undefined;
  // every birth date anywhere in the event sealed
  const data = JSON.parse(JSON.stringify(e.data), (k, v: unknown) => (k === 'birthDate' ? sealed : v)) as object;
  return { ...e, data: list ? { ...data, ageGroups: ageGroupsOf(list) } : data };
}

describe('statistics facts: the slim rows the read model keeps give the same monthly report as the full events', () => {
  it.each([
    ['2026-06', '330106', 'county'],
    ['2026-06', '330106', 'street'],
    ['2026-06', '330106001', 'community'],
    ['2026-07', '330106', 'community'],
    ['2026-08', '330106', 'county'],
  ] as const)('%s %s per %s: as reported and as corrected', (month, division, level) => {
    const full = monthlyReport(events, { month, division, level, correctedAsOf: at('2026-08-31T00:00:00Z') });
    expect(monthlyReport(slimmed(events), { month, division, level, correctedAsOf: at('2026-08-31T00:00:00Z') })).toEqual(full);
    // the fixture exercises the figures it claims to: payments, groups, supply modes, process figures and a correction
    if (month === '2026-06' && level === 'county') {
      expect(full.totals).toMatchObject({ households: 3, elderly: 2, minors: 1, disabled: 2, dispersedPersons: 0 });
      expect(full.processTotals).toMatchObject({ decided: 1, decidedWithinDeadline: 0, reapplications: 1, overdueReviews: 1 });
      expect(full.corrections.length).toBeGreaterThan(0);
    }
  });

  it('the sample ledger (eligibility\'s real CaseMigrated events) gives the README\'s report from its facts', () => {
    const q = { month: SAMPLE_MONTH, division: '330106', correctedAsOf: at('2027-02-10T00:00:00Z') };
    expect(monthlyReport(slimmed(sampleEvents()), q)).toEqual(monthlyReport(sampleEvents(), q));
  });

  it('keeps no personal data: no names, resident IDs, birth dates, phones, addresses, accounts, payees, notes', () => {
    const text = JSON.stringify(slimmed([...events, ...sampleEvents(), ...events.map((e) => asStoredNow(e))]));
    for (const key of ['name', 'residentId', 'birthDate', 'phone', 'address', 'account', 'payee', 'notes', 'reasons', 'findings', 'detail', 'source', 'incomeFen']) expect(text).not.toContain(`"${key}"`);
    expect(text).not.toContain('grade');
    for (const value of ['张三', '330106195001011234', '13800000000', '6222000011112222', '某路1号', '1950-03-01', '2015-07-01', '1940-02-02', '2020-06-15']) expect(text).not.toContain(value);
  });

  it('birth dates sealed (or shredded) in the store: the clear age groups eligibility writes give the same report', () => {
    const stored = events.map((e) => asStoredNow(e));
    const shredded = events.map((e) => asStoredNow(e, '已销毁'));
    // the events as stored carry no clear birth date at all
    expect(JSON.stringify(stored)).not.toMatch(/"birthDate":"\d{4}-/);
    for (const [month, level] of [['2026-06', 'county'], ['2026-07', 'community'], ['2026-08', 'county']] as const) {
      const q = { month, division: '330106', level, correctedAsOf: at('2026-08-31T00:00:00Z') };
      const clear = monthlyReport(events, q);
      expect(monthlyReport(stored, q)).toEqual(clear);
      expect(monthlyReport(slimmed(stored), q)).toEqual(clear);
      expect(monthlyReport(slimmed(shredded), q)).toEqual(clear);
    }
    // the fixture counts groups, so the equality above is about them: a member turning 60 / 18 moves between months
    expect(monthlyReport(slimmed(stored), { month: '2026-06', division: '330106' }).totals).toMatchObject({ elderly: 2, minors: 1 });
  });

  it('age groups change at the month whose first day reaches the birthday (age on the first of the month)', () => {
    const opened = (birthDate: string): StatisticsEvent[] => [
      asStoredNow({ streamId: 'reviewCase-z', type: 'ReviewCaseOpened', data: { caseId: 'z', household: { members: [person('z1', birthDate)] } } }),
      { streamId: 'reviewCase-z', type: 'CaseApproved', data: { caseId: 'z', startMonth: '2026-01', decidedOn: '2026-01-05', jurisdiction: '330106001001', membersCovered: [{ memberId: 'z1' }] } },
      { streamId: 'paymentRun-z', type: 'PaymentBatchIssued', data: { period: '2026-06', payments: [{ caseId: 'z', program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen: 1 }] } },
      { streamId: 'paymentRun-z', type: 'PaymentBatchIssued', data: { period: '2026-07', payments: [{ caseId: 'z', program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen: 1 }] } },
    ];
    const groups = (birthDate: string, month: string) => {
      const t = monthlyReport(slimmed(opened(birthDate)), { month, division: '330106' }).totals;
      return { elderly: t.elderly, minors: t.minors };
    };
    // 60 on 1 July 2026: elderly from July; 60 on 2 June: elderly from July too (not yet on 1 June)
    expect([groups('1966-07-01', '2026-06'), groups('1966-07-01', '2026-07')]).toEqual([{ elderly: 0, minors: 0 }, { elderly: 1, minors: 0 }]);
    expect([groups('1966-06-02', '2026-06'), groups('1966-06-02', '2026-07')]).toEqual([{ elderly: 0, minors: 0 }, { elderly: 1, minors: 0 }]);
    // 18 on 1 July 2026: a minor in June, not in July
    expect([groups('2008-07-01', '2026-06'), groups('2008-07-01', '2026-07')]).toEqual([{ elderly: 0, minors: 1 }, { elderly: 0, minors: 0 }]);
  });

  it('an event the fold never reads has no fact; every type with a fact is a listed type', () => {
    expect(statisticsFact(events.find((e) => e.type === 'HomeVisitRecorded')!)).toBeNull();
    expect(statisticsFact({ streamId: 'eligibilityCase-x', type: 'CaseApproved', data: {} })).toBeNull();
    for (const e of events) if (statisticsFact(e)) expect(STATISTICS_FACT_TYPES).toContain(e.type);
  });

  it('the fact types are the producing domains\' own event types (a rename there fails here)', () => {
    // checked by the compiler against disbursement's union; the others against the domains' lists
    const paymentRun: PaymentRunEvent['type'][] = ['PaymentIssued', 'PaymentReissued', 'PaymentBatchIssued', 'PaymentReturned'];
    const byCategory: Record<string, readonly string[]> = { reviewCase: REVIEW_CASE_EVENT_TYPES, paymentRun, application: APPLICATION_EVENT_TYPES, followUp: FOLLOW_UP_EVENT_TYPES };
    for (const type of STATISTICS_FACT_TYPES) {
      const categories = Object.keys(byCategory).filter((c) => byCategory[c]!.includes(type) && statisticsFact({ streamId: `${c}-x`, type, data: {} }) !== null);
      expect({ type, categories: categories.length }).toEqual({ type, categories: 1 });
    }
  });
});
