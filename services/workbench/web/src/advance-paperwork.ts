/**
 * 补办手续 after a 先行救助 (emergency advance): once the advance is paid, the street office completes the
 * ordinary procedure and records the temporary-assistance decision that completes the file
 * (disbursement `POST /disbursement/emergency-advances/:advanceId/completion {decisionId}`). On the case
 * page the decision is the review case's own (`decision.decisionId`), never typed; the button is disabled
 * with the reason while there is none.
 */
export interface AdvanceLine {
  advanceId: string;
  caseId: string;
  status: string;
  paymentId?: string | null;
  paperworkDueOn?: string | null;
  /** The year whose 节假日安排 is not published while the due date is open. */
  paperworkCalendarMissing?: number | null;
  completedOn?: string | null;
}

/** The paperwork deadline as shown: the date, or open naming the missing year's calendar (never guessed). */
export function paperworkDueText(advance: Pick<AdvanceLine, 'paperworkDueOn' | 'paperworkCalendarMissing'>): string {
  if (advance.paperworkDueOn) return `补办期限 ${advance.paperworkDueOn}`;
  if (advance.paperworkCalendarMissing) return `补办期限待定:${advance.paperworkCalendarMissing}年节假日安排尚未发布`;
  return '';
}

export interface CaseDecision {
  decisionId?: string | null;
  outcome?: string | null;
  decidedOn?: string | null;
}

export interface PaperworkAction {
  shown: boolean;
  enabled: boolean;
  /** Why the button is disabled (Chinese), '' when enabled. */
  reason: string;
  decisionId: string | null;
}

/** Who records 补办手续 on the case page (the disbursement service also lets the disbursement officer, who has no case file). */
export const PAPERWORK_ROLE = 'street_officer';

export function paperworkAction(advance: AdvanceLine, decision: CaseDecision | null | undefined, role: string): PaperworkAction {
  const none = { shown: false, enabled: false, reason: '', decisionId: null };
  if (role !== PAPERWORK_ROLE || !advance.paymentId || advance.completedOn) return none;
  if (!decision?.decisionId) return { shown: true, enabled: false, reason: '须先对本案作出审核确认决定(临时救助审批),再以该决定补办手续', decisionId: null };
  return { shown: true, enabled: true, reason: '', decisionId: decision.decisionId };
}

/** The message after recording: on time or late (after the deadline counted in working days). */
export function paperworkDoneText(res: { completedOn: string | null; late: boolean | null }): string {
  const late = res.late === null ? '(补办期限所在年份的节假日安排尚未发布,是否逾期待定)' : res.late ? '(已超过补办期限,逾期补办已记录)' : '';
  return `手续已于 ${res.completedOn ?? ''} 补齐${late}`;
}

/**
 * 补办手续 by the disbursement officer on 发放 · 先行救助: the officer has no review case, so the decision
 * is the temporary-assistance grant disbursement registered the case's entitlement with
 * (`GET /disbursement/entitlements/:caseId` → `decisionIds[0]`); none yet (404) → the reason, not a typed id.
 */
export function officerPaperworkDecision(advance: AdvanceLine, entitlement: { program?: string; decisionIds?: string[] } | null): { decisionId: string | null; reason: string } {
  if (!advance.paymentId) return { decisionId: null, reason: '先行救助尚未支付' };
  if (advance.completedOn) return { decisionId: null, reason: `手续已于 ${advance.completedOn} 补齐` };
  const first = entitlement?.program === 'TEMPORARY_ASSISTANCE' ? entitlement.decisionIds?.[0] : undefined;
  if (!first) return { decisionId: null, reason: '尚无临时救助审批决定(待遇未登记),须待街道作出审核确认决定后再补办手续' };
  return { decisionId: first, reason: '' };
}
