/**
 * 行政复议 / 行政诉讼 (appeals) against a decision of the review case, and what their outcome causes.
 *
 * - Filing: 行政复议 within 60 days of the day the household received the decision (行政复议法 2023
 *   art. 20), 行政诉讼 within 6 months (行政诉讼法 art. 46). A last day falling on a rest day moves to
 *   the next working day (the calendar given to the decider; past its coverage, weekends only). Filed
 *   later → refused naming the limit, unless the officer records the legal reason for the delay
 *   (`lateFilingReason`, recorded on the event with `late: true`).
 * - Outcome: UPHELD / WITHDRAWN record the body's document only. REVOKED / CHANGED also carry the new
 *   decision (eligible or not, the monthly amount, from which date): it is a `BenefitChangeDecided`
 *   linked to the appeal (`appeal`), so it is published as `BenefitChanged` and disbursement settles
 *   the months already paid as arrears (补发) or an overpayment — the one retroactive mechanism.
 *   On a recurring benefit (the approval or a change) the new decision is built here; on a refusal it is
 *   the approval the body orders (appeal-approval.ts: a `CaseApproved` from the month after the refusal).
 *
 * Pure: time is data (`on`), refusals are `EligibilityError`s.
 */
import { addCalendarDays, addMonths, CalendarDate, isCalendarDate, isWeekend, monthAfter, monthOf } from '../calendar-date';
import type { WorkingDays } from '../calendar';
import { conflictError, notFoundError, ruleError } from '../errors';
import { Fen, formatYuan } from '../money';
import { PolicyVersion } from '../policy/policy-version';
import { ActorRef, BenefitChangeType, ReviewCaseState } from './case-file';
import { assertCountyApprover, assertPolicyApplies, blank, memberName, overpaymentRecoveryOf, requireText, writtenNoticeDue } from './decide-common';
import { decideApprovalOnAppeal } from './appeal-approval';
import type { BenefitChangeDecided, CaseApproved } from './events';
import type { ReviewCaseCommandOf } from './commands';
import { actorOf, todayOf } from '@sa/decider';

export type AppealKind = 'ADMINISTRATIVE_REVIEW' | 'LITIGATION';
export type AppealOutcome = 'UPHELD' | 'REVOKED' | 'CHANGED' | 'WITHDRAWN';
export type ContestedDecisionKind = 'APPROVAL' | 'REFUSAL' | 'BENEFIT_CHANGE';

export const APPEAL_KIND_LABELS: Record<AppealKind, string> = { ADMINISTRATIVE_REVIEW: '行政复议', LITIGATION: '行政诉讼' };
export const APPEAL_OUTCOME_LABELS: Record<AppealOutcome, string> = { UPHELD: '维持', REVOKED: '撤销', CHANGED: '变更', WITHDRAWN: '撤回' };

/** The legal time limits, counted from the day after the household received the decision. */
export const APPEAL_TIME_LIMITS: Record<AppealKind, { days: number } | { months: number }> = {
  ADMINISTRATIVE_REVIEW: { days: 60 },
  LITIGATION: { months: 6 },
};

/** A decision of the case that can be contested (kept by evolve; absent before the first). */
export interface RecordedDecision {
  decisionId: string;
  kind: ContestedDecisionKind;
  decidedOn: CalendarDate;
}

export interface AppealOutcomeRecord {
  outcome: AppealOutcome;
  /** 复议决定书 / 判决书 number. */
  documentRef: string;
  documentDate: CalendarDate;
  reason: string;
  evidenceRefs: string[];
  recordedBy: ActorRef;
  recordedOn: CalendarDate;
  /** REVOKED / CHANGED: the decision that replaces the contested one. */
  newDecisionId: string | null;
}

export interface Appeal {
  appealId: string;
  kind: AppealKind;
  contestedDecisionId: string;
  contestedDecisionKind: ContestedDecisionKind;
  filedOn: CalendarDate;
  noticeReceivedOn: CalendarDate;
  lastDayToFile: CalendarDate;
  late: boolean;
  lateFilingReason: string | null;
  reason: string;
  evidenceRefs: string[];
  recordedBy: ActorRef;
  recordedOn: CalendarDate;
  outcome: AppealOutcomeRecord | null;
}

export type FileAppeal = ReviewCaseCommandOf<
  'FileAppeal',
  {
    appealId: string;
    kind: AppealKind;
    contestedDecisionId: string;
    /** The day the household filed with the review body / the court. */
    filedOn: CalendarDate;
    /** The day the household received the decision (the time limit runs from it). */
    noticeReceivedOn: CalendarDate;
    reason: string;
    evidenceRefs?: string[];
    /** A legal reason for filing after the limit (不可抗力, 其他正当理由), recorded by the officer. */
    lateFilingReason?: string | null;
  }
>;

/** The body's new decision, given with REVOKED / CHANGED. */
export interface AppealNewDecision {
  decisionId: string;
  /**
   * From this date (its month) the new decision applies; months already paid are settled by disbursement.
   * On a refusal '' means the default: the month after the refusal (appeal-approval.ts).
   */
  effectiveFrom: CalendarDate;
  eligible: boolean;
  /** With `eligible`: the monthly amount the body's decision gives. */
  monthlyAmountFen?: Fen | null;
  /** A refusal revoked / changed (appeal-approval.ts): the payee the approval names (an included member). */
  recipient?: { memberId: string; bankAccountRef: string; bankAccountMasked?: string } | null;
}

export type RecordAppealOutcome = ReviewCaseCommandOf<
  'RecordAppealOutcome',
  {
    appealId: string;
    outcome: AppealOutcome;
    documentRef: string;
    documentDate: CalendarDate;
    reason: string;
    evidenceRefs?: string[];
    newDecision?: AppealNewDecision | null;
    /** The version in force today (REVOKED / CHANGED record it on the new decision). */
    policy?: PolicyVersion | null;
  }
>;

export interface AppealFiled {
  type: 'AppealFiled';
  data: Omit<Appeal, 'outcome'> & { caseId: string; caseNumber: string; jurisdiction: string; timeLimit: string };
}

export interface AppealOutcomeRecorded {
  type: 'AppealOutcomeRecorded';
  data: AppealOutcomeRecord & { caseId: string; appealId: string; kind: AppealKind; contestedDecisionId: string };
}

/** What links a decision to the appeal that caused it (on BenefitChangeDecided). */
export interface AppealLink {
  appealId: string;
  kind: AppealKind;
  outcome: 'REVOKED' | 'CHANGED';
  contestedDecisionId: string;
  documentRef: string;
  documentDate: CalendarDate;
}

export const APPEAL_ERRORS = {
  unknownDecision: 'contested_decision_unknown',
  timeLimit: 'appeal_time_limit_passed',
  alreadyOpen: 'appeal_already_open',
  notFound: 'appeal_not_found',
  outcomeRecorded: 'appeal_outcome_already_recorded',
  newDecisionRequired: 'appeal_new_decision_required',
  newDecisionNotAllowed: 'appeal_new_decision_not_allowed',
  newDecisionUnsupported: 'appeal_new_decision_unsupported',
  sameAmount: 'appeal_new_decision_no_change',
  overlapsLaterDecision: 'appeal_new_decision_overlaps_later_decision',
  redetermination: 'redetermination_in_progress',
} as const;

/** The last day to file: received + 60 days / + 6 months, moved off a rest day. */
export function lastDayToFile(kind: AppealKind, noticeReceivedOn: CalendarDate, calendar?: WorkingDays): CalendarDate {
  const limit = APPEAL_TIME_LIMITS[kind];
  let last: CalendarDate;
  if ('days' in limit) {
    last = addCalendarDays(noticeReceivedOn, limit.days);
  } else {
    // The same day number `months` later; a month without it ends on its last day.
    const month = addMonths(monthOf(noticeReceivedOn), limit.months);
    const day = Number(noticeReceivedOn.slice(8, 10));
    const lastOfMonth = Number(addCalendarDays(`${addMonths(month, 1)}-01`, -1).slice(8, 10));
    last = `${month}-${String(Math.min(day, lastOfMonth)).padStart(2, '0')}`;
  }
  if (calendar) {
    try {
      return calendar.nextWorkingDayOnOrAfter(last);
    } catch {
      // Past the known holiday calendar: weekends only (a later holiday can only extend it).
    }
  }
  while (isWeekend(last)) last = addCalendarDays(last, 1);
  return last;
}

const limitText = (kind: AppealKind): string => (kind === 'ADMINISTRATIVE_REVIEW' ? '自收到决定之日起60日内' : '自收到决定之日起6个月内');

function assertCaseOpen(s: ReviewCaseState): asserts s is ReviewCaseState & { caseId: string; jurisdiction: string } {
  if (s.status === 'NONE' || s.caseId === null || s.jurisdiction === null) throw notFoundError('case_not_open', 'No review case is open for this case');
}

function date(value: unknown, field: string): CalendarDate {
  if (!isCalendarDate(value)) throw ruleError('invalid_date', `${field} must be a calendar date YYYY-MM-DD`, field);
  return value;
}

export function decideFileAppeal(c: FileAppeal, s: ReviewCaseState, calendar?: WorkingDays): AppealFiled[] {
  assertCaseOpen(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if ((s.appeals ?? []).some((a) => a.appealId === d.appealId)) return [];
  if (d.kind !== 'ADMINISTRATIVE_REVIEW' && d.kind !== 'LITIGATION') throw ruleError('invalid_appeal_kind', "kind must be 'ADMINISTRATIVE_REVIEW' or 'LITIGATION'", 'kind');
  const contested = (s.decisions ?? []).find((x) => x.decisionId === d.contestedDecisionId);
  if (!contested) throw ruleError(APPEAL_ERRORS.unknownDecision, `本案没有编号为${d.contestedDecisionId}的决定`, 'contestedDecisionId');
  const received = date(d.noticeReceivedOn, 'noticeReceivedOn');
  const filed = date(d.filedOn, 'filedOn');
  if (received < contested.decidedOn) throw ruleError('invalid_date', `收到决定的日期不能早于决定日期（${contested.decidedOn}）`, 'noticeReceivedOn');
  if (received > on) throw ruleError('invalid_date', `收到决定的日期不能晚于今天（${on}）`, 'noticeReceivedOn');
  if (filed < received) throw ruleError('invalid_date', '申请（起诉）日期不能早于收到决定的日期', 'filedOn');
  if (filed > on) throw ruleError('invalid_date', `申请（起诉）日期不能晚于今天（${on}）`, 'filedOn');
  const reason = requireText(d.reason, 'appeal_reason_required', 'reason', 'The appeal’s reason');
  const open = (s.appeals ?? []).find((a) => a.contestedDecisionId === d.contestedDecisionId && a.kind === d.kind && a.outcome === null);
  if (open) throw conflictError(APPEAL_ERRORS.alreadyOpen, `针对该决定的${APPEAL_KIND_LABELS[d.kind]}（${open.appealId}）尚未结案`);
  const last = lastDayToFile(d.kind, received, calendar);
  const late = filed > last;
  const lateFilingReason = blank(d.lateFilingReason) ? null : d.lateFilingReason!.trim();
  if (late && lateFilingReason === null) {
    throw ruleError(
      APPEAL_ERRORS.timeLimit,
      `已超过${APPEAL_KIND_LABELS[d.kind]}期限：${limitText(d.kind)}（收到决定${received}，最后一日${last}），申请日${filed}。确有正当理由耽误期限的，请记录 lateFilingReason`,
      'filedOn',
      { kind: d.kind, limit: APPEAL_TIME_LIMITS[d.kind], lastDayToFile: last },
    );
  }
  return [
    {
      type: 'AppealFiled',
      data: {
        caseId: s.caseId,
        caseNumber: s.caseNumber!,
        jurisdiction: s.jurisdiction,
        appealId: d.appealId,
        kind: d.kind,
        contestedDecisionId: contested.decisionId,
        contestedDecisionKind: contested.kind,
        filedOn: filed,
        noticeReceivedOn: received,
        timeLimit: limitText(d.kind),
        lastDayToFile: last,
        late,
        lateFilingReason: late ? lateFilingReason : null,
        reason,
        evidenceRefs: d.evidenceRefs ?? [],
        recordedBy: actor,
        recordedOn: on,
      },
    },
  ];
}

export function decideAppealOutcome(c: RecordAppealOutcome, s: ReviewCaseState, calendar: WorkingDays): (AppealOutcomeRecorded | BenefitChangeDecided | CaseApproved)[] {
  assertCaseOpen(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  const appeal = (s.appeals ?? []).find((a) => a.appealId === d.appealId);
  if (!appeal) throw notFoundError(APPEAL_ERRORS.notFound, `No appeal ${d.appealId} on this case`);
  if (appeal.outcome !== null) {
    if (appeal.outcome.outcome === d.outcome && appeal.outcome.documentRef === d.documentRef?.trim()) return [];
    throw conflictError(APPEAL_ERRORS.outcomeRecorded, `该${APPEAL_KIND_LABELS[appeal.kind]}已记录结果（${APPEAL_OUTCOME_LABELS[appeal.outcome.outcome]}，${appeal.outcome.documentRef}）`);
  }
  if (!(d.outcome in APPEAL_OUTCOME_LABELS)) throw ruleError('invalid_appeal_outcome', "outcome must be 'UPHELD', 'REVOKED', 'CHANGED' or 'WITHDRAWN'", 'outcome');
  const documentRef = requireText(d.documentRef, 'appeal_document_required', 'documentRef', 'The document number (复议决定书 / 判决书)');
  const documentDate = date(d.documentDate, 'documentDate');
  if (documentDate < appeal.filedOn || documentDate > on) throw ruleError('invalid_date', `文书日期须在申请日（${appeal.filedOn}）至今天（${on}）之间`, 'documentDate');
  const reason = requireText(d.reason, 'appeal_outcome_reason_required', 'reason', 'The outcome’s reason');
  const changes = d.outcome === 'REVOKED' || d.outcome === 'CHANGED';
  const given = d.newDecision !== undefined && d.newDecision !== null;
  if (!changes && given) throw ruleError(APPEAL_ERRORS.newDecisionNotAllowed, `${APPEAL_OUTCOME_LABELS[d.outcome]}原决定时不作出新决定`, 'newDecision');
  if (changes && !given) throw ruleError(APPEAL_ERRORS.newDecisionRequired, '撤销或变更原决定时须记录新的决定（是否符合条件、金额、起始日期）', 'newDecision');

  const recorded: AppealOutcomeRecorded = {
    type: 'AppealOutcomeRecorded',
    data: {
      caseId: s.caseId,
      appealId: appeal.appealId,
      kind: appeal.kind,
      contestedDecisionId: appeal.contestedDecisionId,
      outcome: d.outcome,
      documentRef,
      documentDate,
      reason,
      evidenceRefs: d.evidenceRefs ?? [],
      recordedBy: actor,
      recordedOn: on,
      newDecisionId: changes ? d.newDecision!.decisionId : null,
    },
  };
  if (!changes) return [recorded];
  if (appeal.contestedDecisionKind === 'REFUSAL') {
    const link: AppealLink = { appealId: appeal.appealId, kind: appeal.kind, outcome: d.outcome as 'REVOKED' | 'CHANGED', contestedDecisionId: appeal.contestedDecisionId, documentRef, documentDate };
    return [recorded, decideApprovalOnAppeal(appeal, c, s, link, reason)];
  }
  return [recorded, newDecision(appeal, c, s, calendar, documentRef, documentDate, reason)];
}

function newDecision(
  appeal: Appeal,
  c: RecordAppealOutcome,
  s: ReviewCaseState & { caseId: string; jurisdiction: string },
  calendar: WorkingDays,
  documentRef: string,
  documentDate: CalendarDate,
  reason: string,
): BenefitChangeDecided {
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  const n = d.newDecision!;
  const benefit = s.benefit;
  if (!benefit) {
    throw ruleError(APPEAL_ERRORS.newDecisionUnsupported, '该决定未形成按月发放的待遇，新决定请按审核确认程序办理', 'newDecision');
  }
  assertCountyApprover(actor);
  if (n.recipient !== undefined && n.recipient !== null) throw ruleError(APPEAL_ERRORS.newDecisionNotAllowed, '变更待遇的新决定不改变收款人（收款人变更请在发放模块办理）', 'newDecision.recipient');
  if (!d.policy) throw ruleError('policy_required', 'The policy in force is required for a new decision', 'policy');
  assertPolicyApplies(s, d.policy, on);
  if (s.redetermination) throw conflictError(APPEAL_ERRORS.redetermination, `Change request ${s.redetermination.changeRequestId} is still being re-determined`);
  if (blank(n.decisionId)) throw ruleError('decision_id_required', 'The new decision needs its id', 'newDecision.decisionId');
  const from = date(n.effectiveFrom, 'newDecision.effectiveFrom');
  const effectiveMonth = monthOf(from);
  const firstMonth = s.decision?.startMonth ?? null;
  if (firstMonth !== null && effectiveMonth < firstMonth) {
    throw ruleError('invalid_date', `新决定的起始月份不能早于原批准的起始月份（${firstMonth}）`, 'newDecision.effectiveFrom');
  }
  if (effectiveMonth > monthAfter(on)) throw ruleError('invalid_date', `新决定的起始月份不能晚于${monthAfter(on)}`, 'newDecision.effectiveFrom');
  // A later decision already governs the months from benefit.sinceMonth: the new decision may not reach back over it.
  if (benefit.decisionId !== appeal.contestedDecisionId && effectiveMonth < benefit.sinceMonth) {
    throw ruleError(
      APPEAL_ERRORS.overlapsLaterDecision,
      `被申请的决定之后已有决定（${benefit.decisionId}）自${benefit.sinceMonth}起适用：新决定的起始月份不能早于${benefit.sinceMonth}，或针对后一决定办理`,
      'newDecision.effectiveFrom',
      { laterDecisionId: benefit.decisionId, sinceMonth: benefit.sinceMonth },
    );
  }
  if (typeof n.eligible !== 'boolean') throw ruleError('invalid_new_decision', 'newDecision.eligible must be true or false', 'newDecision.eligible');
  let changeType: BenefitChangeType;
  let monthlyAmountFen: Fen | null;
  if (!n.eligible) {
    if (n.monthlyAmountFen !== undefined && n.monthlyAmountFen !== null) throw ruleError('invalid_new_decision', '不符合条件的新决定不含金额', 'newDecision.monthlyAmountFen');
    if (benefit.status === 'TERMINATED') throw ruleError(APPEAL_ERRORS.sameAmount, '待遇已终止，新决定不改变发放', 'newDecision.eligible');
    changeType = 'TERMINATION';
    monthlyAmountFen = null;
  } else {
    const amount = n.monthlyAmountFen;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
      throw ruleError('invalid_amount', 'newDecision.monthlyAmountFen must be a positive integer number of fen', 'newDecision.monthlyAmountFen');
    }
    monthlyAmountFen = amount;
    if (benefit.status === 'SUSPENDED' || benefit.status === 'TERMINATED') changeType = 'RESUMPTION';
    else if (amount > benefit.monthlyAmountFen) changeType = 'INCREASE';
    else if (amount < benefit.monthlyAmountFen) changeType = 'DECREASE';
    else throw ruleError(APPEAL_ERRORS.sameAmount, `新决定金额与现行金额相同（${formatYuan(amount)}），无需变更`, 'newDecision.monthlyAmountFen');
  }
  const label = `${APPEAL_KIND_LABELS[appeal.kind]}${APPEAL_OUTCOME_LABELS[d.outcome as 'REVOKED' | 'CHANGED']}原决定（${documentRef}）`;
  const needsNotice = changeType === 'DECREASE' || changeType === 'TERMINATION';
  const withAmount = monthlyAmountFen !== null;
  return {
    type: 'BenefitChangeDecided',
    data: {
      caseId: s.caseId,
      caseNumber: s.caseNumber!,
      jurisdiction: s.jurisdiction,
      decisionId: n.decisionId,
      // The appeal stands where a change request would: the change's origin.
      changeRequestId: appeal.appealId,
      program: benefit.program,
      changeType,
      effectiveMonth,
      previousMonthlyAmountFen: benefit.monthlyAmountFen,
      monthlyAmountFen,
      taperSchedule: null,
      membersCovered: withAmount ? benefit.coveredMemberIds.map((memberId) => ({ memberId, name: memberName(s, memberId) })) : null,
      supplements: null,
      reviewClass: null,
      reviewIntervalMonths: null,
      reason: { code: 'OTHER', description: `${label}：${reason}`.slice(0, 500) },
      trigger: { kind: 'OFFICER_INITIATIVE', refId: appeal.appealId },
      policyVersion: d.policy.version,
      assessment: null,
      decidedOn: on,
      decidedBy: actor,
      proposedBy: appeal.recordedBy,
      ...writtenNoticeDue(calendar, on, needsNotice ? d.policy.parameters.deadlines.refusalNoticeWorkingDays : null),
      decisionReason: reason,
      evidenceRefs: [documentRef, ...(d.evidenceRefs ?? [])],
      appeal: { appealId: appeal.appealId, kind: appeal.kind, outcome: d.outcome as 'REVOKED' | 'CHANGED', contestedDecisionId: appeal.contestedDecisionId, documentRef, documentDate },
      ...overpaymentRecoveryOf(d.policy, benefit.program),
    },
  };
}

export function evolveAppealFiled(state: ReviewCaseState, event: AppealFiled): ReviewCaseState {
  const { caseId: _c, caseNumber: _n, jurisdiction: _j, timeLimit: _t, ...appeal } = event.data;
  return { ...state, appeals: [...(state.appeals ?? []), { ...appeal, outcome: null }] };
}

export function evolveAppealOutcome(state: ReviewCaseState, event: AppealOutcomeRecorded): ReviewCaseState {
  const { caseId: _c, appealId, kind: _k, contestedDecisionId: _d, ...outcome } = event.data;
  return { ...state, appeals: (state.appeals ?? []).map((a) => (a.appealId === appealId ? { ...a, outcome } : a)) };
}

/** The decisions of the case that can be contested, in order (CaseApproved, CaseRefused, BenefitChangeDecided). */
export function withRecordedDecision(state: ReviewCaseState, decision: RecordedDecision): ReviewCaseState {
  return { ...state, decisions: [...(state.decisions ?? []), decision] };
}
