/**
 * A step's reason as the printed case report (案件审计报告) and the CLI show it: free text as written, a code in
 * Chinese. Services record a code rather than free text where the text could carry personal detail (issue 18):
 * a complaint's outcome, a review's `FINDING/RECOMMENDATION`, why a follow-up file or a lead closed, why a
 * member was not queried. The JSON answers keep the code; the workbench labels it the same way
 * (services/workbench/web/src/reason-labels.ts; its unit test checks both tables against the enums).
 */
const CODES: Record<string, string> = {
  // follow-up: complaint outcome (ComplaintResolved)
  SUBSTANTIATED: '举报属实',
  PARTIALLY_SUBSTANTIATED: '举报部分属实',
  UNSUBSTANTIATED: '举报不属实',
  REFERRED: '举报已移交',
  // follow-up: why the file closed (FollowUpClosed)
  TERMINATED: '终止救助',
  TAPER_ENDED: '渐退期结束',
  // intake: why a lead closed (LeadClosed)
  NOT_IN_HARDSHIP: '经核实生活无困难',
  ALREADY_ASSISTED: '已在享受救助',
  DECLINED_ASSISTANCE: '本人拒绝救助',
  UNREACHABLE: '无法联系',
  MOVED_AWAY: '已迁出',
  DUPLICATE: '重复线索',
  DECEASED: '已死亡',
  OTHER: '其他',
  // verification: why a member was not queried
  NO_CONSENT: '未签署核对授权(未成年人等)',
  CONSENT_EXPIRED: '核对授权已过期',
  SOURCE_NOT_IN_CONSENT_SCOPE: '该数据源不在授权范围内',
  NO_RESIDENT_ID: '无居民身份证号',
  NOT_IN_HOUSEHOLD: '不属于共同生活家庭成员',
};

const FINDINGS: Record<string, string> = { NO_MATERIAL_CHANGE: '家庭情况无明显变化', CHANGE_FOUND: '家庭情况发生变化', HOUSEHOLD_UNREACHABLE: '无法联系到家庭' };
const RECOMMENDATIONS: Record<string, string> = {
  NO_CHANGE: '维持原待遇',
  INCREASE: '提高救助金',
  DECREASE: '降低救助金',
  TAPER: '渐退',
  SUSPENSION: '暂停发放',
  TERMINATION: '退出(终止救助)',
};

/** A reason in Chinese: a code by its label, a review's `FINDING/RECOMMENDATION` as both, anything else as written. */
export function reasonText(reason: string | null | undefined): string {
  const r = reason ?? '';
  if (CODES[r]) return CODES[r]!;
  const review = /^([A-Z_]+)\/([A-Z_]+)$/.exec(r);
  if (review && FINDINGS[review[1]!] && RECOMMENDATIONS[review[2]!]) return `${FINDINGS[review[1]!]};建议${RECOMMENDATIONS[review[2]!]}`;
  return r;
}
