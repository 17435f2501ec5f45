/**
 * Which review steps (审核确认) the signed-in officer may take on a case file now, and if not, why —
 * so a disabled button says why (wrong role, wrong step, four-eyes, notice period not ended). The
 * eligibility service decides: this only reads its case file (GET /review-cases/:caseId, with
 * `current.investigators`, `current.opinion`, `current.notice`, `current.openObjections`) to explain
 * the button; a refusal by the service is shown as it comes.
 */
import { ROLE } from './labels';

export type ReviewAction = 'homeVisit' | 'inquiry' | 'opinion' | 'notice' | 'objection' | 'resolveObjection' | 'submission' | 'decision';

export interface Allowed {
  ok: boolean;
  /** Why not, in Chinese; empty when allowed. */
  reason: string;
}

export const ACTION_ROLES: Record<ReviewAction, string[]> = {
  homeVisit: ['street_officer', 'community_officer', 'county_approver'],
  inquiry: ['street_officer', 'community_officer'],
  opinion: ['street_officer'],
  notice: ['street_officer', 'street_reviewer'],
  objection: ['street_officer', 'street_reviewer'],
  resolveObjection: ['street_officer', 'street_reviewer'],
  submission: ['street_reviewer'],
  decision: ['county_approver'],
};

const STATUS_TEXT: Record<string, string> = {
  INVESTIGATING: '调查核实中',
  OPINION_ISSUED: '已出具初审意见',
  IN_NOTICE: '公示中',
  SUBMITTED: '已报审核确认',
  APPROVED: '已批准',
  REFUSED: '不予批准',
  WITHDRAWN: '已撤回',
};

const yes: Allowed = { ok: true, reason: '' };
const no = (reason: string): Allowed => ({ ok: false, reason });

export function reviewActions(file: any, me: { sub: string; role: string }, today: string): Record<ReviewAction, Allowed> {
  const status: string = file?.status ?? 'NONE';
  const opinion = file?.current?.opinion ?? null;
  const notice = file?.current?.notice ?? null;
  const openObjections: string[] = file?.current?.openObjections ?? [];
  const investigators: string[] = file?.current?.investigators ?? [];
  const visits: any[] = file?.visits ?? [];
  const authority: string = opinion?.authority ?? 'COUNTY';
  const stepText = `当前为"${STATUS_TEXT[status] ?? status}",不在此步骤`;

  const roleOk = (action: ReviewAction): Allowed => {
    const roles = action === 'decision' && authority === 'STREET_OFFICE' ? ['street_reviewer'] : ACTION_ROLES[action];
    return roles.includes(me.role) ? yes : no(`需由${roles.map((r) => ROLE[r] ?? r).join('或')}办理`);
  };
  const all = (...checks: (() => Allowed)[]): Allowed => {
    for (const c of checks) {
      const r = c();
      if (!r.ok) return r;
    }
    return yes;
  };
  const inStatus = (...s: string[]) => () => (s.includes(status) ? yes : no(stepText));
  const visited = () => (visits.some((v) => new Set((v.officers ?? []).map((o: any) => o.id)).size >= 2) ? yes : no('尚未记录两名工作人员的入户调查'));
  const noticeEnded = () => {
    if (!opinion?.noticeRequired) return yes;
    if (!notice) return no('尚未张贴公示');
    return today > notice.lastDay ? yes : no(`公示期至 ${notice.lastDay},公示期满后方可办理`);
  };
  const noOpenObjections = () => (openObjections.length === 0 ? yes : no(`有 ${openObjections.length} 件异议尚未处理`));
  const notProposer = () => (opinion?.proposedBy?.id && opinion.proposedBy.id === me.sub ? no('不得审核本人提出的初审意见(回避)') : yes);
  const notInvestigator = () =>
    investigators.includes(me.sub) ? no('参与调查的工作人员不得审批本案(回避)') : opinion?.proposedBy?.id === me.sub ? no('提出初审意见的工作人员不得审批本案(回避)') : yes;

  return {
    homeVisit: all(() => roleOk('homeVisit'), inStatus('INVESTIGATING')),
    inquiry: all(() => roleOk('inquiry'), inStatus('INVESTIGATING')),
    opinion: all(() => roleOk('opinion'), inStatus('INVESTIGATING'), visited),
    notice: all(
      () => roleOk('notice'),
      inStatus('OPINION_ISSUED'),
      () => (opinion?.proposal === 'APPROVE' && opinion?.noticeRequired !== false ? yes : no('只有建议批准的初审意见需要公示')),
    ),
    objection: all(() => roleOk('objection'), inStatus('IN_NOTICE')),
    resolveObjection: all(() => roleOk('resolveObjection'), () => (openObjections.length ? yes : no('没有待处理的异议'))),
    submission: all(
      () => roleOk('submission'),
      () => (status === 'IN_NOTICE' || (status === 'OPINION_ISSUED' && opinion && !opinion.noticeRequired) ? yes : no(stepText)),
      noticeEnded,
      noOpenObjections,
      notProposer,
    ),
    decision: all(() => roleOk('decision'), inStatus(authority === 'STREET_OFFICE' ? 'OPINION_ISSUED' : 'SUBMITTED'), notInvestigator),
  };
}

/**
 * 先行救助 on an emergency-type temporary-assistance case (the service's decideEmergencyAdvance):
 * shown only for such a case; allowed to the reviewer and the county approver while the case is open
 * and the application asked for an advance. The limit is the service's to check.
 */
export function advanceApproval(file: any, role: string): Allowed & { shown: boolean } {
  const shown = file?.program === 'TEMPORARY_ASSISTANCE' && file?.temporaryAssistance?.type === 'EMERGENCY';
  if (!shown) return { shown, ...no('仅急难型临时救助案件可以先行救助') };
  if (!['street_reviewer', 'county_approver'].includes(role)) return { shown, ...no(`由街道审核人或区县审批人批准(当前角色:${ROLE[role] ?? role})`) };
  if (!file.temporaryAssistance.emergencyAdvanceRequested) return { shown, ...no('申请时未申请先行救助') };
  if (file.status === 'REFUSED' || file.status === 'WITHDRAWN') return { shown, ...no(`案件${STATUS_TEXT[file.status]},不能先行救助`) };
  return { shown, ...yes };
}
