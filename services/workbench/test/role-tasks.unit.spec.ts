/**
 * 我的待办 of the roles without a case queue (pure logic): the disbursement officer, the auditor, the
 * policy administrator, and the county approver's open standard re-determinations.
 */
import { approverImpactTasks, AUDIT_SAMPLE_STATUSES, auditorTasks, disbursementTasks, policyAdminTasks, reviewStatusesFor } from '../web/src/queues';

const count = (tasks: { key: string; count: number }[]) => Object.fromEntries(tasks.map((t) => [t.key, t.count]));

describe('the disbursement officer', () => {
  it("this month's run, runs waiting for the bank or for completion, returns, advances", () => {
    const tasks = disbursementTasks({
      month: '2026-12',
      runs: [{ period: '2026-11', status: 'FILE_WRITTEN' }, { period: '2026-10', status: 'CONFIRMED' }, { period: '2026-09', status: 'COMPLETED' }],
      returnedTotal: 2,
      advancesToPay: 1,
      advancesOverdue: 0,
    });
    expect(count(tasks)).toEqual({ 'run-not-started': 1, 'awaiting-bank': 1, 'to-complete': 1, returned: 2, 'advances-to-pay': 1, 'advances-overdue': 0 });
    expect(tasks[0]!.label).toBe('本月(2026-12)发放批次未启动');
    expect(tasks.find((t) => t.key === 'advances-to-pay')!.to).toBe('/disbursement?tab=advances');
  });
  it("this month's run started: nothing to start", () => {
    expect(count(disbursementTasks({ month: '2026-12', runs: [{ period: '2026-12', status: 'ISSUING' }], returnedTotal: 0, advancesToPay: 0, advancesOverdue: 0 }))['run-not-started']).toBe(0);
  });
  it("only a supplementary run (补发批次) this month: the month's run is still to start", () => {
    const runs = [{ period: '2026-12', status: 'FILE_WRITTEN', kind: 'SUPPLEMENTARY' }];
    expect(count(disbursementTasks({ month: '2026-12', runs, returnedTotal: 0, advancesToPay: 0, advancesOverdue: 0 }))).toMatchObject({ 'run-not-started': 1, 'awaiting-bank': 1 });
  });
});

describe('the auditor', () => {
  it("today's checkpoint for a provincial auditor; none for the others; decided cases are sampled apart from the queues", () => {
    expect(auditorTasks({ today: '2026-12-07', latestCheckpointOn: '2026-12-01' })).toEqual([{ key: 'checkpoint', label: '今日尚未做检查点(上次 2026-12-01)', count: 1, to: '/audit' }]);
    expect(count(auditorTasks({ today: '2026-12-07', latestCheckpointOn: '2026-12-07' }))).toEqual({ checkpoint: 0 });
    expect(auditorTasks({ today: '2026-12-07', latestCheckpointOn: null })[0]!.label).toBe('尚未做过检查点');
    expect(auditorTasks({ today: '2026-12-07', latestCheckpointOn: undefined })).toEqual([]);
    // sampling is not a work queue: the decided cases are listed apart
    expect(reviewStatusesFor('auditor')).toEqual([]);
    expect(AUDIT_SAMPLE_STATUSES).toEqual(['APPROVED', 'REFUSED']);
  });
});

describe('the policy administrator and the county approver', () => {
  const impact = (impactId: string, policyVersion: string, changedCases: number, openRedeterminations: number, decidedCases: number) => ({ impactId, policyVersion, changedCases, openRedeterminations, decidedCases });
  it("next year's holiday calendar; published versions whose newest impact has no proposal (drafts never published are not work)", () => {
    const tasks = policyAdminTasks({
      thisYear: 2026,
      calendars: [{ year: 2026, source: 'published' }, { year: 2027, source: 'bundled' }],
      impacts: [impact('i3', 'v-2027', 4, 0, 0), impact('i2', 'v-draft', 5, 0, 0), impact('i1', 'v-2027', 4, 2, 0)],
      publishedVersions: ['v-2027'],
    });
    expect(tasks).toEqual([
      { key: 'calendar', label: '2027 年节假日安排未发布', count: 1, to: '/policies' },
      { key: 'to-propose', label: '已发布、已测算但未生成重新核定提议的版本', count: 1, to: '/policies/impact?impact=i3' },
    ]);
    expect(count(policyAdminTasks({ thisYear: 2026, calendars: [{ year: 2027, source: 'published' }], impacts: [impact('i1', 'v', 3, 3, 0)], publishedVersions: ['v'] }))).toEqual({ calendar: 0, 'to-propose': 0 });
  });
  it('the approver: the open re-determinations summed, linked to the newest impact with some', () => {
    expect(approverImpactTasks([impact('i2', 'v2', 1, 0, 1), impact('i1', 'v1', 5, 3, 2), impact('i0', 'v0', 2, 2, 0)])).toEqual([
      { key: 'redeterminations', label: '待审批的标准调整重新核定', count: 5, to: '/policies/impact?impact=i1' },
    ]);
    expect(approverImpactTasks([])[0]).toMatchObject({ count: 0, to: '/policies/impact' });
  });
});
