/**
 * The 理由 column of 审计 · 全程记录 and the case page's 办理记录: a step's reason is free text written by an
 * officer, or — where the service records a code so that no personal detail reaches the audit log — one of
 * these codes: a complaint's outcome (举报办结, `SUBSTANTIATED`…), a review's finding and recommendation
 * (`CHANGE_FOUND/DECREASE`), why a follow-up file closed (`TAPER_ENDED`), why a lead closed, why a member was
 * not queried. Each code is shown in Chinese; free text as written.
 */
import { REASON_CODE } from './back-office-labels';
import { COMPLAINT_OUTCOME, FINDING, RECOMMENDATION } from './follow-up';
import { LEAD_CLOSE_REASON } from './labels';

/** Why a follow-up file was closed (follow-up's `FollowUpClosed.reason`). */
export const FOLLOW_UP_CLOSE_REASON: Record<string, string> = { TERMINATED: '终止救助', TAPER_ENDED: '渐退期结束' };

/** Every code a step's reason can be, in Chinese. */
export const REASON_CODES: Readonly<Record<string, string>> = {
  ...LEAD_CLOSE_REASON,
  ...REASON_CODE,
  ...FOLLOW_UP_CLOSE_REASON,
  ...Object.fromEntries(Object.entries(COMPLAINT_OUTCOME).map(([k, v]) => [k, `举报${v}`])),
};

/** A step's reason in Chinese: a code by its label, a review's `FINDING/RECOMMENDATION` as both, free text as is. */
export function reasonLabel(reason: string | null | undefined): string {
  const r = String(reason ?? '');
  if (!r) return '';
  if (REASON_CODES[r]) return REASON_CODES[r]!;
  const review = /^([A-Z_]+)\/([A-Z_]+)$/.exec(r);
  if (review && FINDING[review[1]!] && RECOMMENDATION[review[2]!]) return `${FINDING[review[1]!]};建议${RECOMMENDATION[review[2]!]}`;
  return r;
}
