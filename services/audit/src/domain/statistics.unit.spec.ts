import { monthlyStatistics, type StatisticsEvent } from './statistics';

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
