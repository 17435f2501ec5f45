/**
 * Which queues make up 我的待办 for a role: the intake work-queue lists (drafts, awaiting materials,
 * ready for acceptance, accepted today) and the eligibility statuses where the role has the next step.
 * Decided (APPROVED / REFUSED) and withdrawn (WITHDRAWN) review cases, and closed or withdrawn
 * applications, are in no queue: they wait for nobody.
 */
export type IntakeQueue = 'drafts' | 'awaitingMaterials' | 'readyForAcceptance' | 'acceptedToday';

const INTAKE: Record<string, IntakeQueue[]> = {
  community_officer: ['drafts', 'awaitingMaterials', 'readyForAcceptance'],
  street_officer: ['drafts', 'awaitingMaterials', 'readyForAcceptance', 'acceptedToday'],
};

const REVIEW: Record<string, string[]> = {
  community_officer: ['INVESTIGATING'],
  street_officer: ['INVESTIGATING', 'OPINION_ISSUED'],
  street_reviewer: ['OPINION_ISSUED', 'IN_NOTICE'],
  county_approver: ['SUBMITTED'],
};

/** The auditor samples decided cases (read only): not a work queue, listed apart on 我的待办. */
export const AUDIT_SAMPLE_STATUSES = ['APPROVED', 'REFUSED'] as const;

export const intakeQueuesFor = (role: string): IntakeQueue[] => INTAKE[role] ?? [];
export const reviewStatusesFor = (role: string): string[] => REVIEW[role] ?? [];

/**
 * 待办事项 of the roles without a case queue (发放, 审计, 政策) and the county approver's standard
 * re-determinations: each a count with the page where the work is done. Computed from the services'
 * own lists (see HomePage.vue); a task with count 0 is shown as done (not hidden), so the page says
 * what was checked.
 */
export interface RoleTask {
  key: string;
  label: string;
  count: number;
  /** Where the work is done. */
  to: string;
  /** Overdue / urgent: shown in red. */
  urgent?: boolean;
}

export const ROLE_TASK_ROLES = ['disbursement_officer', 'auditor', 'policy_admin', 'county_approver'] as const;

interface RunLike { period: string; status: string; kind?: string }
interface ImpactLike { impactId: string; policyVersion: string; changedCases: number; openRedeterminations: number; decidedCases: number }

/** The disbursement officer: this month's run, runs waiting for the bank or for completion, returns to reissue, advances to pay or overdue. */
export function disbursementTasks(d: { month: string; runs: RunLike[]; returnedTotal: number; advancesToPay: number; advancesOverdue: number }): RoleTask[] {
  // A supplementary run (补发批次) pays arrears only: the month's run is still to start.
  const thisMonth = d.runs.some((r) => r.period === d.month && r.kind !== 'SUPPLEMENTARY');
  return [
    { key: 'run-not-started', label: `本月(${d.month})发放批次未启动`, count: thisMonth ? 0 : 1, to: '/disbursement?tab=runs' },
    { key: 'awaiting-bank', label: '待登记银行回盘的批次', count: d.runs.filter((r) => r.status === 'FILE_WRITTEN').length, to: '/disbursement?tab=runs' },
    { key: 'to-complete', label: '银行已确认、待完成的批次', count: d.runs.filter((r) => r.status === 'CONFIRMED').length, to: '/disbursement?tab=runs', urgent: true },
    { key: 'returned', label: '银行退回、待重新发放的款项', count: d.returnedTotal, to: '/disbursement?tab=runs' },
    { key: 'advances-to-pay', label: '已批准、待支付的先行救助', count: d.advancesToPay, to: '/disbursement?tab=advances', urgent: true },
    { key: 'advances-overdue', label: '逾期未补办手续的先行救助', count: d.advancesOverdue, to: '/disbursement?tab=advances', urgent: true },
  ];
}

/** The auditor: today's checkpoint (provincial auditors; `undefined` = not theirs to take). The decided cases to sample are listed apart (AUDIT_SAMPLE_STATUSES). */
export function auditorTasks(d: { today: string; latestCheckpointOn: string | null | undefined }): RoleTask[] {
  if (d.latestCheckpointOn === undefined) return [];
  return [{ key: 'checkpoint', label: d.latestCheckpointOn ? `今日尚未做检查点(上次 ${d.latestCheckpointOn})` : '尚未做过检查点', count: d.latestCheckpointOn === d.today ? 0 : 1, to: '/audit' }];
}

/** The policy administrator: next year's 节假日安排 not published; published versions whose impact has no proposal yet. */
export function policyAdminTasks(d: { thisYear: number; calendars: { year: number; source: string }[]; impacts: ImpactLike[]; publishedVersions: string[] }): RoleTask[] {
  const next = d.calendars.find((c) => c.year === d.thisYear + 1);
  const published = new Set(d.publishedVersions);
  // The newest impact of each published version (the list is newest first); an older one of the same version is superseded.
  const seen = new Set<string>();
  const toPropose = d.impacts.filter((i) => {
    if (!published.has(i.policyVersion) || seen.has(i.policyVersion)) return false;
    seen.add(i.policyVersion);
    return i.changedCases > 0 && i.openRedeterminations === 0 && i.decidedCases === 0;
  });
  return [
    { key: 'calendar', label: `${d.thisYear + 1} 年节假日安排未发布`, count: next?.source === 'published' ? 0 : 1, to: '/policies' },
    { key: 'to-propose', label: '已发布、已测算但未生成重新核定提议的版本', count: toPropose.length, to: toPropose[0] ? `/policies/impact?impact=${toPropose[0].impactId}` : '/policies/impact' },
  ];
}

/** The county approver: open standard re-determinations (from the impact list), linked to the newest impact that has some. */
export function approverImpactTasks(impacts: ImpactLike[]): RoleTask[] {
  const open = impacts.filter((i) => i.openRedeterminations > 0);
  return [
    {
      key: 'redeterminations',
      label: '待审批的标准调整重新核定',
      count: open.reduce((n, i) => n + i.openRedeterminations, 0),
      to: open[0] ? `/policies/impact?impact=${open[0].impactId}` : '/policies/impact',
    },
  ];
}
