import { monthEndInstant, monthlyReport, monthlyStatistics, processFigures, type StatisticsEvent } from './statistics';

const CASE = 'c1';
const pay = (amountFen: number, period: string, type = 'PaymentIssued'): StatisticsEvent => ({
  streamId: `paymentRun-run-${period}`,
  type,
  data: { caseId: CASE, program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen, period },
});
const approved: StatisticsEvent = { streamId: `reviewCase-${CASE}`, type: 'CaseApproved', data: { caseId: CASE, startMonth: '2026-04', membersCovered: [{}, {}, {}] } };
const memberLeft: StatisticsEvent = { streamId: `reviewCase-${CASE}`, type: 'BenefitChangeDecided', data: { caseId: CASE, effectiveMonth: '2026-07', changeType: 'DECREASE', membersCovered: [{}, {}] } };

describe('monthly statistics (pure)', () => {
  it('counts the persons covered by the decision in force in the month', () => {
    const events = [approved, pay(130000, '2026-06'), memberLeft, pay(90000, '2026-07')];
    expect(monthlyStatistics(events, { month: '2026-06', division: '330106' }).rows[0]).toMatchObject({ households: 1, persons: 3, issuedFen: 130000 });
    expect(monthlyStatistics(events, { month: '2026-07', division: '330106' }).rows[0]).toMatchObject({ households: 1, persons: 2, issuedFen: 90000 });
  });

  it('sums the subsistence standard of the decision in force per household (the average standard is total / households with one)', () => {
    const withStandard = (e: StatisticsEvent, fen: number): StatisticsEvent => ({ ...e, data: { ...(e.data as object), assessment: { subsistenceStandardFen: fen } } });
    const other: StatisticsEvent = { streamId: 'reviewCase-c2', type: 'CaseApproved', data: { caseId: 'c2', startMonth: '2026-04', membersCovered: [{}], assessment: { subsistenceStandardFen: 110000 } } };
    const payC2 = (period: string): StatisticsEvent => ({ ...pay(70000, period), data: { ...(pay(70000, period).data as object), caseId: 'c2' } });
    // c1: 1,100 元 from April, raised to 1,200 元 from July by a benefit change; c2: 1,100 元; c3 paid without a decision in the log.
    const raised: StatisticsEvent = withStandard({ ...memberLeft, data: { ...(memberLeft.data as object), changeType: 'INCREASE' } }, 120000);
    const noDecision: StatisticsEvent = { ...pay(5000, '2026-07'), data: { ...(pay(5000, '2026-07').data as object), caseId: 'c3' } };
    const events = [withStandard(approved, 110000), other, pay(130000, '2026-06'), payC2('2026-06'), raised, pay(90000, '2026-07'), payC2('2026-07'), noDecision];
    expect(monthlyStatistics(events, { month: '2026-06', division: '330106' }).totals).toMatchObject({ households: 2, standardFenTotal: 220000, householdsWithStandard: 2 });
    expect(monthlyStatistics(events, { month: '2026-07', division: '330106' }).totals).toMatchObject({ households: 3, standardFenTotal: 230000, householdsWithStandard: 2 });
    // Without an assessment (older events), the household has no standard and is not in the divisor.
    expect(monthlyStatistics([approved, pay(130000, '2026-06')], { month: '2026-06', division: '330106' }).totals).toMatchObject({ standardFenTotal: 0, householdsWithStandard: 0 });
  });

  it('leaves out other months and other divisions; an empty month has no rows and zero totals', () => {
    const events = [approved, pay(130000, '2026-06')];
    expect(monthlyStatistics(events, { month: '2026-06', division: '330105' }).rows).toEqual([]);
    expect(monthlyStatistics(events, { month: '2026-08', division: '330106' }).totals).toMatchObject({ households: 0, persons: 0, netFen: 0 });
    expect(() => monthlyStatistics(events, { month: '2026-6', division: '330106' })).toThrow(TypeError);
  });

  it('counts every line of a batch event (one PaymentBatchIssued per batch) like the per-payment events of older runs', () => {
    const line = (caseId: string, amountFen: number) => ({ caseId, program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen });
    const batch: StatisticsEvent = {
      streamId: 'paymentRun-run-2026-06',
      type: 'PaymentBatchIssued',
      data: { runId: 'run', period: '2026-06', payments: [line(CASE, 130000), line('c2', 70000), { ...line('c3', 5), jurisdiction: '330105001001' }], held: [] },
    };
    const rows = monthlyStatistics([approved, batch], { month: '2026-06', division: '330106' }).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ households: 2, payments: 2, issuedFen: 200000, netFen: 200000, persons: 3, householdsWithoutCoverage: 1 });
  });
});

describe('migrated cases, 特困 supply modes and 人次 (pure)', () => {
  const migrated = (caseId: string, program: string, extra: object = {}): StatisticsEvent => ({
    streamId: `reviewCase-${caseId}`,
    type: 'CaseMigrated',
    data: {
      caseId,
      program,
      jurisdiction: '330106002001',
      startMonth: '2027-01',
      subsistenceStandardFen: 116000,
      household: {
        applicantMemberId: 'h',
        members: [
          { memberId: 'h', birthDate: '1941-01-02', disability: { grade: 1, category: 'VISUAL' } },
          { memberId: 'k', birthDate: '2015-06-01', disability: null },
        ],
      },
      membersCovered: [{ memberId: 'h' }, { memberId: 'k' }],
      ...extra,
    },
  });
  const paid = (caseId: string, program: string, period = '2027-01', type = 'PaymentIssued'): StatisticsEvent => ({
    streamId: `paymentRun-run-${period}`,
    type,
    data: { caseId, program, jurisdiction: '330106002001', amountFen: 100000, period },
  });
  const opinion = (caseId: string, proposedOn: string, supplyMode: string | null): StatisticsEvent => ({
    streamId: `reviewCase-${caseId}`,
    type: 'InitialOpinionIssued',
    data: { opinion: { proposedOn, extremePoverty: { memberId: 'h', supplyMode } } },
  });
  const approvedEps = (caseId: string): StatisticsEvent => ({ streamId: `reviewCase-${caseId}`, type: 'CaseApproved', data: { caseId, startMonth: '2027-01', membersCovered: [{ memberId: 'x' }] } });

  it('a case migrated from the ledger counts its covered persons, their groups and its standard from its first month paid here', () => {
    const events = [migrated('m1', 'MINIMUM_LIVING_ALLOWANCE'), paid('m1', 'MINIMUM_LIVING_ALLOWANCE')];
    expect(monthlyStatistics(events, { month: '2027-01', division: '330106' }).rows[0]).toMatchObject({
      households: 1,
      persons: 2,
      householdsWithoutCoverage: 0,
      elderly: 1,
      minors: 1,
      disabled: 1,
      standardFenTotal: 116000,
      householdsWithStandard: 1,
      centralizedPersons: 0,
      dispersedPersons: 0,
    });
  });

  it('splits 特困 persons by the supply mode in force: the ledger\'s (特困集中供养) or the latest opinion\'s; unknown stays in persons only', () => {
    const events = [
      migrated('m2', 'EXTREME_POVERTY_SUPPORT', { supplyMode: 'CENTRALIZED', membersCovered: [{ memberId: 'h' }] }),
      migrated('m3', 'EXTREME_POVERTY_SUPPORT', { membersCovered: [{ memberId: 'h' }] }), // plain 特困: mode not recorded
      opinion('a1', '2026-12-10', 'DISPERSED'),
      approvedEps('a1'),
      paid('m2', 'EXTREME_POVERTY_SUPPORT'),
      paid('m3', 'EXTREME_POVERTY_SUPPORT'),
      paid('a1', 'EXTREME_POVERTY_SUPPORT'),
      // February: a new opinion on a1 finds 集中供养 (moved into a care home)
      opinion('a1', '2027-02-03', 'CENTRALIZED'),
      paid('m2', 'EXTREME_POVERTY_SUPPORT', '2027-02'),
      paid('a1', 'EXTREME_POVERTY_SUPPORT', '2027-02'),
    ];
    expect(monthlyStatistics(events, { month: '2027-01', division: '330106' }).rows[0]).toMatchObject({ program: 'EXTREME_POVERTY_SUPPORT', households: 3, persons: 3, centralizedPersons: 1, dispersedPersons: 1 });
    expect(monthlyStatistics(events, { month: '2027-02', division: '330106' }).totals).toMatchObject({ persons: 2, centralizedPersons: 2, dispersedPersons: 0 });
    // A supply mode on another programme's case is not counted.
    const mla = [opinion('a2', '2026-12-10', 'DISPERSED'), { ...approvedEps('a2') }, paid('a2', 'MINIMUM_LIVING_ALLOWANCE')];
    expect(monthlyStatistics(mla, { month: '2027-01', division: '330106' }).totals).toMatchObject({ persons: 1, centralizedPersons: 0, dispersedPersons: 0 });
  });

  it('人次: each payment line counts the persons it covers, so a household paid and re-paid in the month counts twice', () => {
    const events = [migrated('t1', 'TEMPORARY_ASSISTANCE'), paid('t1', 'TEMPORARY_ASSISTANCE'), paid('t1', 'TEMPORARY_ASSISTANCE', '2027-01', 'PaymentReissued'), paid('x9', 'TEMPORARY_ASSISTANCE')];
    expect(monthlyStatistics(events, { month: '2027-01', division: '330106' }).rows[0]).toMatchObject({ households: 2, persons: 2, payments: 3, personTimes: 4, householdsWithoutCoverage: 1 });
  });
});

describe('process figures and the two views of a month (pure)', () => {
  const decided = (caseId: string, jurisdiction: string, decidedOn: string, overdue: boolean, type = 'CaseApproved'): StatisticsEvent => ({
    streamId: `reviewCase-${caseId}`,
    type,
    data: { caseId, jurisdiction, decidedOn, overdue, startMonth: '2026-05', membersCovered: [{}] },
  });
  const termination = (caseId: string, kind: string, decidedOn = '2026-04-20'): StatisticsEvent => ({
    streamId: `reviewCase-${caseId}`,
    type: 'BenefitChangeDecided',
    data: { caseId, jurisdiction: '330106002001', changeType: 'TERMINATION', effectiveMonth: '2026-05', membersCovered: null, decidedOn, trigger: { kind } },
  });
  const followUp = (caseId: string, jurisdiction: string, due: string, openedOn = '2026-01-10'): StatisticsEvent => ({
    streamId: `followUp-${caseId}`,
    type: 'FollowUpOpened',
    data: { caseId, jurisdiction, nextReviewDueMonth: due, openedOn },
  });
  const concluded = (caseId: string, completedOn: string, next: string): StatisticsEvent => ({ streamId: `followUp-${caseId}`, type: 'ReviewConcluded', data: { completedOn, nextReviewDueMonth: next } });
  const reapplied = (caseId: string, jurisdiction: string, draftedOn: string, earlier: boolean): StatisticsEvent => ({
    streamId: `application-${caseId}`,
    type: 'ApplicationDrafted',
    data: { caseId, jurisdiction, draftedOn, ...(earlier ? { earlierCase: { caseId: 'x', outcome: 'REFUSED' } } : {}) },
  });
  const events: StatisticsEvent[] = [
    decided('d1', '330106001001', '2026-04-03', false),
    decided('d2', '330106001002', '2026-04-28', true, 'CaseRefused'),
    decided('d3', '330106002001', '2026-04-09', false),
    decided('d4', '330106002001', '2026-03-30', true), // March: not counted in April
    termination('t1', 'DATA_ALERT'),
    termination('t2', 'PERIODIC_REVIEW'),
    followUp('f1', '330106001001', '2026-03'), // due March, never reviewed: overdue
    followUp('f2', '330106001002', '2026-04'),
    concluded('f2', '2026-04-15', '2027-04'), // reviewed in time
    followUp('f3', '330106002001', '2026-04'),
    concluded('f3', '2026-05-06', '2027-05'), // reviewed after the month: overdue at its end
    followUp('f4', '330106002001', '2026-06'), // not yet due
    reapplied('a1', '330106001001', '2026-04-11', true),
    reapplied('a2', '330106001001', '2026-04-12', false),
  ];

  it('per county: decisions within the deadline, overdue reviews, terminations after data alerts, re-applications', () => {
    const p = processFigures(events, { month: '2026-04', division: '330106' });
    expect(p.rows).toEqual([{ division: '330106', decided: 3, decidedWithinDeadline: 2, withinDeadlineShare: 0.6667, overdueReviews: 2, terminationsAfterDataAlert: 1, reapplications: 1 }]);
  });

  it('per street and per community', () => {
    const street = processFigures(events, { month: '2026-04', division: '330106', level: 'street' });
    expect(street.rows.map((r) => [r.division, r.decided, r.overdueReviews, r.terminationsAfterDataAlert, r.reapplications])).toEqual([
      ['330106001', 2, 1, 0, 1],
      ['330106002', 1, 1, 1, 0],
    ]);
    const community = processFigures(events, { month: '2026-04', division: '330106001', level: 'community' });
    expect(community.rows.map((r) => [r.division, r.decided, r.decidedWithinDeadline, r.withinDeadlineShare])).toEqual([
      ['330106001001', 1, 1, 1],
      ['330106001002', 1, 0, 0],
    ]);
    expect(community.totals).toMatchObject({ decided: 2, decidedWithinDeadline: 1, withinDeadlineShare: 0.5 });
  });

  it('the month as known at its end (Asia/Shanghai) and as corrected since, with every figure that changed', () => {
    const at = (iso: string) => new Date(iso);
    const logged: StatisticsEvent[] = [
      { ...approved, recordedAt: at('2026-04-02T10:00:00+08:00') },
      { ...pay(130000, '2026-04'), recordedAt: at('2026-04-15T10:00:00+08:00') },
      { ...pay(130000, '2026-04', 'PaymentReturned'), data: { payment: (pay(130000, '2026-04').data as object) }, recordedAt: at('2026-05-03T10:00:00+08:00') },
      { ...decided('d9', '330106001001', '2026-04-30', false), recordedAt: at('2026-04-30T23:59:00+08:00') },
      // entered late: decided in April, recorded after the month closed
      { ...decided('d8', '330106001001', '2026-04-29', true), recordedAt: at('2026-05-01T00:00:00+08:00') },
    ];
    expect(monthEndInstant('2026-04').toISOString()).toBe('2026-04-30T16:00:00.000Z');
    expect(monthEndInstant('2026-12').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    const r = monthlyReport(logged, { month: '2026-04', division: '330106' });
    expect(r.reportedAsOf).toBe('2026-04-30T16:00:00.000Z');
    expect(r.asReported.totals).toMatchObject({ returnedFen: 0, netFen: 130000 });
    expect(r.asReported.processTotals).toMatchObject({ decided: 1, decidedWithinDeadline: 1 });
    expect(r.totals).toMatchObject({ returnedFen: 130000, netFen: 0 });
    expect(r.processTotals).toMatchObject({ decided: 2, decidedWithinDeadline: 1, withinDeadlineShare: 0.5 });
    expect(r.corrections).toEqual(
      expect.arrayContaining([
        { table: 'rows', division: '330106', program: 'MINIMUM_LIVING_ALLOWANCE', field: 'returnedFen', reported: 0, corrected: 130000 },
        { table: 'rows', division: '330106', program: 'MINIMUM_LIVING_ALLOWANCE', field: 'netFen', reported: 130000, corrected: 0 },
        { table: 'process', division: '330106', field: 'decided', reported: 1, corrected: 2 },
        { table: 'process', division: '330106', field: 'withinDeadlineShare', reported: 1, corrected: 0.5 },
      ]),
    );
    expect(r.corrections).toHaveLength(4);
    // a reproduction "as corrected up to" an instant before the late entries gives no corrections
    expect(monthlyReport(logged, { month: '2026-04', division: '330106', correctedAsOf: at('2026-04-30T23:59:30+08:00') }).corrections).toEqual([]);
  });
});
