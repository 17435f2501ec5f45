/**
 * 一事一议 in the temporary-assistance decision form (pure logic): the limits the eligibility service
 * checks (domain/review-case/collective-decision.ts) as the form shows them — the usual cap (the
 * opinion's assessment), the policy's ceiling and minimum number of approvers, the amount requested —
 * this browser's checks, and the optional `collectiveDecision` of `POST /review-cases/:caseId/decision`
 * (the amount typed in 元 sent in integer fen).
 */
import { toFen, yuan } from './format';
import { isDate } from './appeals';

export interface CollectiveApproverRow {
  id: string;
  name: string;
  position: string;
}

export interface CollectiveForm {
  /** The officer chose 一事一议 (off: the ordinary path, the body carries nothing). */
  enabled: boolean;
  amountYuan: string;
  approvers: CollectiveApproverRow[];
  meetingOn: string;
  minutesRef: string;
  reason: string;
  /** The limits shown with the form (set once the policy version is read); null until then. */
  limits: CollectiveLimits | null;
}

export interface CollectiveLimits {
  /** The usual cap for this household (the assessment's `temporary.capFen`); null when unknown. */
  capFen: number | null;
  /** The policy's 一事一议 ceiling; null: the policy has none (nothing above the cap can be decided). */
  ceilingFen: number | null;
  minimumApprovers: number;
  /** The amount the household asked for; null when unknown. */
  requestedFen: number | null;
  policyVersion: string;
}

export const DEFAULT_MINIMUM_APPROVERS = 3;

export const newApprover = (): CollectiveApproverRow => ({ id: '', name: '', position: '' });

export const newCollectiveForm = (): CollectiveForm => ({
  enabled: false,
  amountYuan: '',
  approvers: [newApprover(), newApprover(), newApprover()],
  meetingOn: '',
  minutesRef: '',
  reason: '',
  limits: null,
});

/** The limits from the case file's current opinion and the policy version (GET /policies/versions/:version). */
export function collectiveLimits(file: any, policy: any): CollectiveLimits {
  const t = file?.current?.opinion?.assessment?.temporary ?? null;
  const c = policy?.parameters?.temporaryAssistance?.collectiveDecision ?? null;
  return {
    capFen: typeof t?.capFen === 'number' ? t.capFen : null,
    ceilingFen: typeof c?.ceilingFen === 'number' ? c.ceilingFen : null,
    minimumApprovers: c?.minimumApprovers ?? DEFAULT_MINIMUM_APPROVERS,
    requestedFen: typeof t?.requestedFen === 'number' ? t.requestedFen : (file?.temporaryAssistance?.requestedAmountFen ?? null),
    policyVersion: policy?.version ?? file?.current?.opinion?.policyVersion ?? '',
  };
}

/** The line shown above the form: the usual cap, the ceiling, the approvers needed. */
export function limitsText(l: CollectiveLimits): string {
  if (l.ceilingFen === null) return `政策版本 ${l.policyVersion || '—'} 未设定一事一议救助上限:超过常规上限的金额不能决定。`;
  return `常规救助上限 ${yuan(l.capFen)} · 一事一议救助上限 ${yuan(l.ceilingFen)} · 至少 ${l.minimumApprovers} 名不同人员集体研究${l.requestedFen !== null ? ` · 申请金额 ${yuan(l.requestedFen)}` : ''}`;
}

/** This browser's checks (field paths as the service names them, under `collectiveDecision.`); empty: send it. */
export function checkCollectiveForm(form: CollectiveForm): Record<string, string> {
  if (!form.enabled) return {};
  const l: CollectiveLimits = form.limits ?? { capFen: null, ceilingFen: null, minimumApprovers: DEFAULT_MINIMUM_APPROVERS, requestedFen: null, policyVersion: '' };
  const e: Record<string, string> = {};
  const fen = toFen(form.amountYuan);
  if (fen === null || fen <= 0) e['collectiveDecision.amountFen'] = '请填写金额(元),最多两位小数';
  else if (l.capFen !== null && fen <= l.capFen) e['collectiveDecision.amountFen'] = `未超过常规救助上限 ${yuan(l.capFen)},按常规程序审批,无需一事一议`;
  else if (l.ceilingFen !== null && fen > l.ceilingFen) e['collectiveDecision.amountFen'] = `超过一事一议救助上限 ${yuan(l.ceilingFen)}`;
  else if (l.requestedFen !== null && fen > l.requestedFen) e['collectiveDecision.amountFen'] = `超过申请金额 ${yuan(l.requestedFen)}`;
  const named = form.approvers.filter((a) => a.id.trim() || a.name.trim());
  named.forEach((a) => {
    const i = form.approvers.indexOf(a);
    if (!a.id.trim()) e[`collectiveDecision.approvers[${i}].id`] = '请填写人员标识(工号)';
    if (!a.name.trim()) e[`collectiveDecision.approvers[${i}].name`] = '请填写姓名';
  });
  const distinct = new Set(named.map((a) => a.id.trim()).filter(Boolean));
  if (distinct.size < l.minimumApprovers) e['collectiveDecision.approvers'] = `须由至少 ${l.minimumApprovers} 名不同人员集体研究决定(已填写 ${distinct.size} 名)`;
  if (!isDate(form.meetingOn)) e['collectiveDecision.meetingOn'] = '请填写会议日期(YYYY-MM-DD)';
  if (!form.minutesRef.trim()) e['collectiveDecision.minutesRef'] = '请引用会议纪要';
  if (!form.reason.trim()) e['collectiveDecision.reason'] = '请写明一事一议的理由';
  return e;
}

/** What the decision's body gains: `{ collectiveDecision }` when chosen, nothing otherwise. */
export function collectiveDecisionPart(form: CollectiveForm): { collectiveDecision?: unknown } {
  if (!form.enabled) return {};
  return {
    collectiveDecision: {
      amountFen: toFen(form.amountYuan) ?? 0,
      approvers: form.approvers
        .filter((a) => a.id.trim() || a.name.trim())
        .map((a) => ({ id: a.id.trim(), name: a.name.trim(), ...(a.position.trim() ? { position: a.position.trim() } : {}) })),
      meetingOn: form.meetingOn,
      minutesRef: form.minutesRef.trim(),
      reason: form.reason.trim(),
    },
  };
}
