/**
 * 行政复议 / 行政诉讼 on the case page (pure logic): the time limit to file counted as the eligibility
 * service counts it (domain/review-case/appeals.ts `lastDayToFile`: 60 days / 6 months from the day the
 * household received the decision, a last day on a rest day moved to the next working day), the days
 * left shown in calendar days, the decisions of the case that can be contested, and the form → request
 * mapping of `POST /review-cases/:caseId/appeals` and `…/appeals/:appealId/outcome` (amounts typed in 元
 * sent in integer fen). The service decides; these checks only catch what the form can see.
 */
import { ApiError } from './api-error';
import { toFen, yuan } from './format';

export type AppealKind = 'ADMINISTRATIVE_REVIEW' | 'LITIGATION';
export type AppealOutcome = 'UPHELD' | 'REVOKED' | 'CHANGED' | 'WITHDRAWN';

export const APPEAL_KIND: Record<AppealKind, string> = { ADMINISTRATIVE_REVIEW: '行政复议', LITIGATION: '行政诉讼' };
export const APPEAL_LIMIT_TEXT: Record<AppealKind, string> = { ADMINISTRATIVE_REVIEW: '收到决定之日起 60 日内', LITIGATION: '收到决定之日起 6 个月内' };
export const APPEAL_OUTCOME: Record<AppealOutcome, string> = { UPHELD: '维持原决定', REVOKED: '撤销原决定', CHANGED: '变更原决定', WITHDRAWN: '申请人撤回' };
export const CONTESTED_KIND: Record<string, string> = { APPROVAL: '批准决定', REFUSAL: '不予批准决定', BENEFIT_CHANGE: '待遇变更决定' };

/** Roles that record an appeal; REVOKED / CHANGED (a new decision) only the county approver. */
export const APPEAL_FILING_ROLES = ['street_officer', 'county_approver'];
export const NEW_DECISION_OUTCOMES: readonly AppealOutcome[] = ['REVOKED', 'CHANGED'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (s: string): boolean => {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const weekdayOnly = (day: string): boolean => {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w !== 0 && w !== 6;
};

/**
 * The last day to file: received + 60 days (行政复议) / the same day number 6 months later, else that
 * month's last day (行政诉讼); a rest day moves it to the next working day (`isWorkday`: the workbench's
 * holiday calendar; default weekends only).
 */
export function appealLastDay(kind: AppealKind, noticeReceivedOn: string, isWorkday: (day: string) => boolean = weekdayOnly): string {
  let last: string;
  if (kind === 'ADMINISTRATIVE_REVIEW') {
    last = addDays(noticeReceivedOn, 60);
  } else {
    const y = Number(noticeReceivedOn.slice(0, 4));
    const m = Number(noticeReceivedOn.slice(5, 7)) - 1 + 6;
    const year = y + Math.floor(m / 12);
    const month = (m % 12) + 1;
    const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = Math.min(Number(noticeReceivedOn.slice(8, 10)), lastOfMonth);
    last = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  for (let i = 0; i < 40 && !isWorkday(last); i++) last = addDays(last, 1);
  return last;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "剩余 N 天" until the last day (inclusive of today's filing), "今日截止", or "已逾期 N 天" (overdue: shown in red). */
export function timeLimitText(lastDay: string, on: string): { text: string; overdue: boolean; left: number } {
  const left = daysBetween(on, lastDay);
  if (left < 0) return { text: `已逾期 ${-left} 天`, overdue: true, left };
  if (left === 0) return { text: '今日截止', overdue: false, left };
  return { text: `剩余 ${left} 天`, overdue: false, left };
}

export interface ContestableDecision {
  decisionId: string;
  kind: string;
  decidedOn: string;
  /** e.g. "批准决定(2026-03-18)". */
  label: string;
}

/** The decisions of the case file that an appeal can contest (`decisions[]`, newest first). */
export function contestableDecisions(file: any): ContestableDecision[] {
  return [...((file?.decisions ?? []) as { decisionId: string; kind: string; decidedOn: string }[])]
    .reverse()
    .map((d) => ({ decisionId: d.decisionId, kind: d.kind, decidedOn: d.decidedOn, label: `${CONTESTED_KIND[d.kind] ?? d.kind}(${d.decidedOn})` }));
}

export interface AppealForm {
  kind: AppealKind;
  contestedDecisionId: string;
  noticeReceivedOn: string;
  filedOn: string;
  reason: string;
  lateFilingReason: string;
}

export const newAppealForm = (today: string): AppealForm => ({ kind: 'ADMINISTRATIVE_REVIEW', contestedDecisionId: '', noticeReceivedOn: '', filedOn: today, reason: '', lateFilingReason: '' });

/** The form's last day to file and whether the filing date is past it (null until the receipt date is a date). */
export function appealFormLimit(form: AppealForm, today: string, isWorkday?: (day: string) => boolean): { lastDay: string; late: boolean; text: string; overdue: boolean } | null {
  if (!isDate(form.noticeReceivedOn)) return null;
  const lastDay = appealLastDay(form.kind, form.noticeReceivedOn, isWorkday);
  const on = isDate(form.filedOn) ? form.filedOn : today;
  const t = timeLimitText(lastDay, on);
  return { lastDay, late: t.overdue, text: t.text, overdue: t.overdue };
}

/** This browser's checks of the filing form: field → message in Chinese (empty: send it). */
export function checkAppealForm(form: AppealForm, today: string, isWorkday?: (day: string) => boolean): Record<string, string> {
  const e: Record<string, string> = {};
  if (!form.contestedDecisionId) e.contestedDecisionId = '请选择被申请复议(起诉)的决定';
  // Not later than today: the service's today decides (it says so next to the field).
  if (!isDate(form.noticeReceivedOn)) e.noticeReceivedOn = '请填写收到决定的日期(YYYY-MM-DD)';
  if (!isDate(form.filedOn)) e.filedOn = '请填写申请(起诉)日期(YYYY-MM-DD)';
  else if (isDate(form.noticeReceivedOn) && form.filedOn < form.noticeReceivedOn) e.filedOn = '申请(起诉)日期不能早于收到决定的日期';
  if (!form.reason.trim()) e.reason = '请填写申请复议(起诉)的理由';
  const limit = appealFormLimit(form, today, isWorkday);
  if (!e.filedOn && limit?.late && !form.lateFilingReason.trim()) e.lateFilingReason = `已超过期限(最后一日 ${limit.lastDay}),请记录耽误期限的正当理由`;
  return e;
}

/** The body of `POST /review-cases/:caseId/appeals`. */
export function appealBody(form: AppealForm, appealId?: string) {
  return {
    ...(appealId ? { appealId } : {}),
    kind: form.kind,
    contestedDecisionId: form.contestedDecisionId,
    noticeReceivedOn: form.noticeReceivedOn,
    filedOn: form.filedOn,
    reason: form.reason.trim(),
    ...(form.lateFilingReason.trim() ? { lateFilingReason: form.lateFilingReason.trim() } : {}),
  };
}

export interface OutcomeForm {
  outcome: AppealOutcome;
  documentRef: string;
  documentDate: string;
  reason: string;
  /** REVOKED / CHANGED: eligible under the new decision ('yes' / 'no'). */
  eligible: 'yes' | 'no';
  /** 元 per month under the new decision. */
  amountYuan: string;
  /** The month (YYYY-MM) the new decision applies from. */
  fromMonth: string;
}

export const newOutcomeForm = (today: string): OutcomeForm => ({ outcome: 'UPHELD', documentRef: '', documentDate: today, reason: '', eligible: 'yes', amountYuan: '', fromMonth: today.slice(0, 7) });

export const needsNewDecision = (outcome: AppealOutcome): boolean => NEW_DECISION_OUTCOMES.includes(outcome);

/** Field names of the outcome form as the service names them (`newDecision.monthlyAmountFen` → amountYuan). */
export function outcomeFieldOf(field: string): string {
  if (field === 'newDecision.monthlyAmountFen') return 'amountYuan';
  if (field === 'newDecision.effectiveFrom') return 'fromMonth';
  if (field === 'newDecision.eligible') return 'eligible';
  return field;
}

/** This browser's checks of the outcome form: field → message in Chinese. */
export function checkOutcomeForm(form: OutcomeForm, appeal: { filedOn: string }): Record<string, string> {
  const e: Record<string, string> = {};
  if (!form.documentRef.trim()) e.documentRef = '请填写复议决定书(判决书)文号';
  if (!isDate(form.documentDate)) e.documentDate = '请填写文书日期(YYYY-MM-DD)';
  else if (form.documentDate < appeal.filedOn) e.documentDate = `文书日期不能早于申请日(${appeal.filedOn})`;
  if (!form.reason.trim()) e.reason = '请填写结果说明';
  if (needsNewDecision(form.outcome)) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(form.fromMonth)) e.fromMonth = '请填写新决定的起始月份(YYYY-MM)';
    if (form.eligible === 'yes') {
      const fen = toFen(form.amountYuan);
      if (fen === null || fen <= 0) e.amountYuan = '请填写新决定的月救助金(元),最多两位小数';
    }
  }
  return e;
}

/** Who an approval ordered on appeal pays: the applicant, to the account the application named (as the ordinary approval). */
export interface AppealRecipient {
  memberId: string;
  bankAccountRef: string;
  bankAccountMasked?: string;
}

/**
 * The payee of a refusal overturned into an approval (REVOKED / CHANGED, eligible): the service wants it named, as in
 * an ordinary approval; none when the contested decision is not a refusal (a benefit change keeps the payee).
 */
export function recipientForAppeal(file: any, contestedDecisionId: string, maskedAccount: string): AppealRecipient | undefined {
  const contested = (file?.decisions ?? []).find((d: { decisionId: string }) => d.decisionId === contestedDecisionId);
  if (contested?.kind !== 'REFUSAL' || !file?.household?.applicantMemberId) return undefined;
  return {
    memberId: file.household.applicantMemberId,
    bankAccountRef: `application:${file.caseId}:bankAccount`,
    ...(/^[0-9* ]{1,64}$/.test(maskedAccount) ? { bankAccountMasked: maskedAccount } : {}),
  };
}

/** The body of `POST …/appeals/:appealId/outcome`: REVOKED / CHANGED carry the new decision, in fen, from the 1st of its month. */
export function outcomeBody(form: OutcomeForm, recipient?: AppealRecipient) {
  return {
    outcome: form.outcome,
    documentRef: form.documentRef.trim(),
    documentDate: form.documentDate,
    reason: form.reason.trim(),
    ...(needsNewDecision(form.outcome)
      ? {
          newDecision: {
            effectiveFrom: `${form.fromMonth}-01`,
            eligible: form.eligible === 'yes',
            ...(form.eligible === 'yes' ? { monthlyAmountFen: toFen(form.amountYuan) ?? 0 } : {}),
            ...(form.eligible === 'yes' && recipient ? { recipient } : {}),
          },
        }
      : {}),
  };
}

/** The problem's code (`urn:sa:problem:rule:<code>` or a `code` member). */
export function problemCode(e: unknown): string {
  if (!(e instanceof ApiError)) return '';
  const p = e.problem ?? {};
  if (typeof p.code === 'string') return p.code;
  const type = typeof p.type === 'string' ? p.type : '';
  return type.includes(':') ? type.slice(type.lastIndexOf(':') + 1) : '';
}

export const NEW_DECISION_UNSUPPORTED = 'appeal_new_decision_unsupported';

/**
 * Whether a new decision (REVOKED / CHANGED) can be recorded for this appeal, and why not: only the
 * county approver. A revoked refusal of 低保 / 特困 / 低保边缘 becomes the approval the body orders (补发 of the
 * months since by disbursement); only a temporary-assistance refusal is decided again through its own
 * procedure (the service answered 422 appeal_new_decision_unsupported for this appeal: `refused`).
 */
export function newDecisionAllowed(role: string, refused: boolean): { ok: boolean; reason: string } {
  if (role !== 'county_approver') return { ok: false, reason: '撤销或变更原决定(作出新决定)需由区县审批人办理' };
  if (refused) return { ok: false, reason: '临时救助不予批准决定被撤销后,请按临时救助程序重新审核确认(不在此作出新决定)' };
  return { ok: true, reason: '' };
}

/** One appeal of the case file as listed on the case page (`benefit`: the case file's, to show the new decision an outcome gave). */
export function appealRow(a: any, benefit?: any) {
  const filedWithin = a.filedOn <= a.lastDayToFile;
  const o = a.outcome;
  const newDecision = o?.newDecisionId && benefit?.decisionId === o.newDecisionId ? `;新决定:自 ${benefit.sinceMonth} 起月救助金 ${yuan(benefit.monthlyAmountFen)}` : o?.newDecisionId ? ';已作出新决定' : '';
  return {
    appealId: a.appealId as string,
    kind: APPEAL_KIND[a.kind as AppealKind] ?? a.kind,
    contested: CONTESTED_KIND[a.contestedDecisionKind] ?? a.contestedDecisionKind,
    contestedDecisionKind: a.contestedDecisionKind as string,
    filedOn: a.filedOn as string,
    noticeReceivedOn: a.noticeReceivedOn as string,
    lastDay: a.lastDayToFile as string,
    /** As filed: within the limit, or late (shown in red) with the reason recorded. */
    timeLimit: filedWithin ? `期限内提出(剩余 ${daysBetween(a.filedOn, a.lastDayToFile)} 天时)` : `逾期 ${daysBetween(a.lastDayToFile, a.filedOn)} 天提出,理由:${a.lateFilingReason ?? '—'}`,
    late: !filedWithin,
    status: o ? '已结案' : '审理中',
    outcome: o ? `${APPEAL_OUTCOME[o.outcome as AppealOutcome] ?? o.outcome}(${o.documentRef},${o.documentDate})${newDecision}` : '—',
    open: !o,
  };
}

/**
 * The service's message in the form: a Chinese sentence of the domain as it is (without an English lead-in such as
 * "The rules do not allow an approval: "), an English validator message in Chinese.
 */
export function keepChinese(zhMessage: (m: string) => string): (m: string) => string {
  return (m) => (/[\u4e00-\u9fff]/.test(m) ? m.replace(/^[A-Za-z][\x20-\x7E]*?:\s*(?=[\u4e00-\u9fff¥])/, '') : zhMessage(m));
}
