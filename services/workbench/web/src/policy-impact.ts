/**
 * 政策 → 影响测算 (pure logic): the draft of a new standard as the body of `POST /policies/impact`
 * (and, unchanged, of the publication: the service refuses to propose re-determinations for a
 * version that differs from the evaluated draft), the outcomes in Chinese in a fixed order, the
 * bar chart's data, and the county's batch decision's refusals mapped back to case numbers.
 */
import { toFen } from './format';

export const IMPACT_OUTCOMES = ['INCREASE', 'DECREASE', 'UNCHANGED', 'TAPER', 'TERMINATE', 'NEWLY_ELIGIBLE', 'STILL_REFUSED', 'NOT_ASSESSABLE'] as const;
export type ImpactOutcome = (typeof IMPACT_OUTCOMES)[number];

/** The eligibility service's own labels (domain/review-case/standard-change.ts). */
export const IMPACT_OUTCOME_ZH: Record<ImpactOutcome, string> = {
  INCREASE: '增发',
  DECREASE: '减发',
  UNCHANGED: '不变',
  TAPER: '渐退',
  TERMINATE: '停发',
  NEWLY_ELIGIBLE: '新符合条件（近期不予批准）',
  STILL_REFUSED: '仍不符合条件',
  NOT_ASSESSABLE: '无法测算',
};

/** The outcomes a re-determination is proposed for after publication (the county decides them). */
export const CHANGED_OUTCOMES: readonly ImpactOutcome[] = ['INCREASE', 'DECREASE', 'TAPER', 'TERMINATE'];

export const OUTCOME_TAG: Record<ImpactOutcome, 'success' | 'warning' | 'danger' | 'info' | 'primary'> = {
  INCREASE: 'success',
  DECREASE: 'warning',
  UNCHANGED: 'info',
  TAPER: 'warning',
  TERMINATE: 'danger',
  NEWLY_ELIGIBLE: 'primary',
  STILL_REFUSED: 'info',
  NOT_ASSESSABLE: 'danger',
};

export interface ImpactDraftForm {
  version: string;
  effectiveFrom: string;
  standardYuan: string;
  reason: string;
}

/** The base version as `GET /policies/versions/:version` answers it (the fields the draft carries over). */
export interface BaseVersion {
  policyId: string;
  divisionCode: string;
  parameters: Record<string, unknown>;
}

/** This browser's own checks (field → Chinese message); empty when the draft may be sent. */
export function checkImpactDraft(base: string, f: ImpactDraftForm): Record<string, string> {
  const out: Record<string, string> = {};
  if (!base) out.base = '请选择在哪个版本基础上调整';
  if (!f.version.trim()) out.version = '必填';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.effectiveFrom.trim())) out.effectiveFrom = '日期格式应为 YYYY-MM-DD';
  const fen = toFen(f.standardYuan);
  if (fen === null || fen <= 0) out.standardYuan = '请填写大于 0 的金额(元,最多两位小数)';
  if (!f.reason.trim()) out.reason = '请填写调整依据(文件名、文号)';
  return out;
}

/**
 * A whole policy version: every parameter of the base version, with the new 低保标准 (元 → fen).
 * The same body is sent to the impact evaluation and to the publication, so both are the same draft.
 */
export function impactDraftBody(from: BaseVersion, f: ImpactDraftForm) {
  return {
    policyId: from.policyId,
    version: f.version.trim(),
    divisionCode: from.divisionCode,
    effectiveFrom: f.effectiveFrom.trim(),
    parameters: { ...from.parameters, subsistenceStandard: toFen(f.standardYuan) },
    reason: f.reason.trim(),
  };
}

/** The service's field names → the form's. */
export function impactFieldOf(field: string): string {
  if (field === 'parameters.subsistenceStandard') return 'standardYuan';
  if (field === 'version' || field === 'effectiveFrom' || field === 'reason') return field;
  return field;
}

/** The counts as rows in the fixed order (every outcome, zero included), with their Chinese label. */
export function outcomeRows(counts: Partial<Record<string, number>> | undefined): { outcome: ImpactOutcome; label: string; count: number }[] {
  return IMPACT_OUTCOMES.map((o) => ({ outcome: o, label: IMPACT_OUTCOME_ZH[o], count: Number(counts?.[o] ?? 0) }));
}

/** The bar chart's option (ECharts) and its text for screen readers. */
export function outcomeChart(counts: Partial<Record<string, number>> | undefined) {
  const rows = outcomeRows(counts);
  const short = (l: string) => l.replace(/（.*）$/, '');
  return {
    summary: `测算结果:${rows.map((r) => `${short(r.label)} ${r.count} 户`).join(',')}`,
    option: {
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: rows.map((r) => short(r.label)), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: '户数', data: rows.map((r) => r.count), itemStyle: { color: '#409eff' }, label: { show: true, position: 'top' } }],
    },
  };
}

const DECISION_CODES_ZH: [RegExp, string][] = [
  [/decider_is_proposer/, '提议人不得审批本案(双人原则),请由另一名审批人处理'],
  [/outside|jurisdiction|authority/, '不在您的审批权限或辖区内'],
  [/no_redetermination|change_proposal_missing|not_found/, '本案没有待审批的重新核定提议(可能已审批过)'],
  [/proposal_outdated/, '按现行政策重新计算的结果与提议不一致,需重新提议'],
  [/twice/, '重复选择'],
];

/**
 * The batch decision's refusal (`errors[{field: "caseIds[i]", message: "<code>: …"}]`, all or nothing)
 * as lines naming the case number of each refused case, in Chinese (the code kept for the officer).
 */
export function decisionRefusals(errors: { field: string; message: string }[], caseIds: string[], caseNumbers: Record<string, string>): string[] {
  return errors.map((e) => {
    const m = /^caseIds\[(\d+)\]$/.exec(e.field);
    const id = m ? caseIds[Number(m[1])] : undefined;
    const who = id ? (caseNumbers[id] ?? id) : e.field;
    const code = /^([a-z_]+):/.exec(e.message)?.[1] ?? '';
    const zh = DECISION_CODES_ZH.find(([re]) => re.test(code || e.message))?.[1];
    return `${who}:${zh ?? e.message}${zh && code ? `(${code})` : ''}`;
  });
}

/** True when a refusal is the four-eyes one (the page says who may decide instead). */
export function isFourEyesRefusal(errors: { message: string }[]): boolean {
  return errors.some((e) => e.message.includes('decider_is_proposer'));
}

/** The proposals' result (`{ proposed, alreadyProposed, unchanged, skipped[] }`) in one Chinese sentence. */
export function proposalSummary(r: { policyVersion?: string; proposed: number; alreadyProposed: number; unchanged: number; skipped?: unknown[] }): string {
  const skipped = r.skipped?.length ?? 0;
  return `已为 ${r.proposed} 户生成重新核定提议${r.alreadyProposed ? `(${r.alreadyProposed} 户此前已提议)` : ''};按已发布版本复算无变化 ${r.unchanged} 户${skipped ? `;${skipped} 户另有重新核定在办,未提议` : ''}。请区县审批人审批。`;
}

const POLICY_CODES_ZH: Record<string, string> = {
  impact_draft_differs: '已发布的版本与本次测算的草案不一致:请按已发布的版本重新测算,再生成提议',
  policy_not_in_force: '该版本尚未施行:自施行之日起方可生成重新核定提议',
  policy_version_not_found: '该版本尚未发布:请先发布,再生成提议',
  policy_version_superseded: '该版本已被更正:请对更正后的版本测算并生成提议',
  impact_not_found: '找不到该版本的测算结果:请先对草案测算',
  policy_version_exists: '该版本号已发布过且内容不同:请换一个版本号重新测算',
  policy_catalogue_conflict: '与已发布的版本冲突(例如同一天施行的两个版本)',
};

/**
 * The publication's and the proposals' refusals by their code (a 409 here is a rule of the policy
 * catalogue, never "someone changed the case"), else undefined (the form's general text).
 */
export function policyProblemText(code: unknown, detail: string): string | undefined {
  const zh = typeof code === 'string' ? POLICY_CODES_ZH[code] : undefined;
  return zh ? `${zh}${detail ? `(${detail})` : ''}` : undefined;
}

/** One line of `GET /policies/impact` (the impact evaluations of the jurisdiction, newest first). */
export interface ImpactListItem {
  impactId: string;
  policyVersion: string;
  evaluatedOn: string;
  cases: number;
  monthlyCostChangeFen: number;
  changedCases: number;
  openRedeterminations: number;
  decidedCases: number;
}

/**
 * Where an evaluation stands, in Chinese, and whether someone has work on it: the county approver
 * while re-determinations are open, the policy administrator while changed cases have no proposal
 * (neither open nor decided at the version: not proposed yet — or rejected, which the list cannot tell).
 */
export function impactProgress(i: Pick<ImpactListItem, 'changedCases' | 'openRedeterminations' | 'decidedCases'>): { text: string; tag: 'success' | 'warning' | 'info' | 'danger'; approverWork: boolean; adminWork: boolean } {
  if (i.changedCases === 0) return { text: '无需调整', tag: 'info', approverWork: false, adminWork: false };
  if (i.openRedeterminations > 0) {
    return { text: `待审批 ${i.openRedeterminations} 件${i.decidedCases ? `,已决定 ${i.decidedCases} 件` : ''}`, tag: 'warning', approverWork: true, adminWork: false };
  }
  if (i.decidedCases === 0) return { text: `未生成提议(${i.changedCases} 户待调整)`, tag: 'danger', approverWork: false, adminWork: true };
  if (i.decidedCases >= i.changedCases) return { text: `已全部决定(${i.decidedCases} 件)`, tag: 'success', approverWork: false, adminWork: false };
  return { text: `已决定 ${i.decidedCases}/${i.changedCases} 件(其余已驳回或未提议)`, tag: 'info', approverWork: false, adminWork: false };
}
