/**
 * What every decision of the review case shares: the national defaults, the guards of the
 * procedure (opened, before the decision, four eyes …), reads of the case file and the assessment
 * input. Pure; time is data (`on`), the working-day calendar a parameter.
 */
import { addCalendarDays, CalendarDate, isCalendarDate, monthOf } from '../calendar-date';
import { dueDateOrOpen, DueDate, WorkingDays } from '../calendar';
import { conflictError, forbiddenError, notFoundError, ruleError } from '../errors';
import { CalendarOutOfRangeError } from '../errors';
import { isIncomeType } from '../household';
import { Deadlines, PolicyVersion, type OverpaymentRecoveryPolicy } from '../policy/policy-version';
import { coveringDivisions } from '../policy/resolve-policy';
import { validatePolicyVersion } from '../policy/validate-policy';
import { assessCase, AssessCaseInput } from './assessment';
import {
  ActorRef,
  CaseAssessment,
  DecisionDeadline,
  HouseholdSnapshot,
  InitialOpinion,
  Objection,
  Program,
  PublicNotice,
  ReviewCaseState,
  VerificationReport,
  WrittenReason,
} from './case-file';

export interface ReviewCaseDeciderDeps {
  /** Working days (holidays and 调休) for every deadline (the service's managed calendar). */
  calendar: WorkingDays;
}

/** National defaults when no policy applies at acceptance. */
export const NATIONAL_DEFAULT_DEADLINES: Deadlines = {
  decisionWorkingDays: 30,
  extendedDecisionWorkingDays: 45,
  investigationStartWorkingDays: 3,
  refusalNoticeWorkingDays: 3,
  recheckWorkingDays: 10,
  publicNoticeDays: 7,
  extremePovertyInvestigationWorkingDays: 15,
};

export const REFUSAL_REASON_CODES: readonly WrittenReason['code'][] = [
  'INCOME_ABOVE_STANDARD',
  'FINANCIAL_ASSETS_ABOVE_LIMIT',
  'VEHICLE_ABOVE_LIMIT',
  'BUSINESS_ABOVE_LIMIT',
  'HOUSING_ABOVE_LIMIT',
  'HAS_ABLE_SUPPORTER',
  'HAS_WORK_ABILITY',
  'NOT_REGISTERED_RESIDENT',
  'FALSE_DECLARATION',
  'VERIFICATION_CONSENT_REFUSED',
  'OTHER',
];

export const PRE_DECISION = ['INVESTIGATING', 'OPINION_ISSUED', 'IN_NOTICE', 'SUBMITTED'] as const;

// ---- small helpers --------------------------------------------------------------------------------

export const blank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';

export function requireText(text: unknown, code: string, field: string, what: string): string {
  if (blank(text)) throw ruleError(code, `${what} is required`, field);
  return (text as string).trim();
}

export function isDivisionCode(code: unknown): code is string {
  return typeof code === 'string' && /^\d{6}(\d{3}(\d{3})?)?$/.test(code);
}

/** Working days after `from`, or null when the calendar has no holiday data that far. */
export function workingDaysAfter(calendar: WorkingDays, from: CalendarDate, days: number): CalendarDate | null {
  try {
    return calendar.addWorkingDays(from, days);
  } catch (e) {
    if (e instanceof CalendarOutOfRangeError) return null;
    throw e;
  }
}

export function extendedDue(due: DueDate): { dueOn: CalendarDate | null; calendarMissing?: number } {
  return { dueOn: due.dueOn, ...(due.calendarMissing !== null ? { calendarMissing: due.calendarMissing } : {}) };
}

/** A written-notice due date, or open with the year whose holiday schedule is missing. */
export function noticeDue(
  calendar: WorkingDays,
  from: CalendarDate,
  days: number,
): { noticeDueOn: CalendarDate | null; calendarMissing: number | null; noticeWorkingDays?: number } {
  const due = dueDateOrOpen(calendar, from, days);
  // An open date keeps its period, so that it can be dated once the year is published (due-dates.decide.ts).
  return { noticeDueOn: due.dueOn, calendarMissing: due.calendarMissing, ...(due.dueOn === null ? { noticeWorkingDays: days } : {}) };
}

/** `BenefitChangeDecided`'s notice fields: a notice due `days` working days after `from`, or none (null). */
export function writtenNoticeDue(
  calendar: WorkingDays,
  from: CalendarDate,
  days: number | null,
): { writtenNoticeDueOn: CalendarDate | null; calendarMissing: number | null; noticeWorkingDays?: number } {
  if (days === null) return { writtenNoticeDueOn: null, calendarMissing: null };
  const { noticeDueOn, ...open } = noticeDue(calendar, from, days);
  return { writtenNoticeDueOn: noticeDueOn, ...open };
}

export function assertOpened(state: ReviewCaseState): asserts state is ReviewCaseState & { caseId: string; jurisdiction: string; acceptedOn: string } {
  if (state.status === 'NONE' || state.caseId === null || state.jurisdiction === null || state.acceptedOn === null) {
    throw notFoundError('case_not_open', 'No review case is open for this case (no accepted application yet)');
  }
}

/** The case is still before its decision. */
export function assertBeforeDecision(state: ReviewCaseState): void {
  assertOpened(state);
  if (state.status === 'WITHDRAWN') throw conflictError('case_withdrawn', 'The application was withdrawn');
  if (state.status === 'APPROVED' || state.status === 'REFUSED') throw conflictError('case_decided', 'The case has already been decided');
}

/** Investigation records are taken before submission, or during a re-determination. */
export function assertInvestigationOpen(state: ReviewCaseState): void {
  assertOpened(state);
  if ((state.status === 'APPROVED' || state.status === 'REFUSED') && state.redetermination) return;
  assertBeforeDecision(state);
  if (state.status === 'SUBMITTED') throw conflictError('case_submitted', 'The file was submitted for decision; investigation records are closed');
}

export function assertRecordDate(state: ReviewCaseState, date: unknown, on: CalendarDate, field: string): CalendarDate {
  if (!isCalendarDate(date)) throw ruleError('invalid_date', `${field} must be a date YYYY-MM-DD`, field);
  if (date > on) throw ruleError('date_in_future', `${field} ${date} is after today (${on})`, field);
  if (state.acceptedOn !== null && date < state.acceptedOn) {
    throw ruleError('date_before_acceptance', `${field} ${date} is before the application was accepted (${state.acceptedOn})`, field);
  }
  return date;
}

export function investigatorIds(state: ReviewCaseState): string[] {
  const ids = new Set<string>();
  for (const v of state.visits) {
    v.officers.forEach((o) => ids.add(o.id));
    ids.add(v.recordedBy.id);
  }
  for (const i of state.inquiries) {
    i.officerIds.forEach((id) => ids.add(id));
    ids.add(i.recordedBy.id);
  }
  for (const l of state.letters) ids.add(l.recordedBy.id);
  return [...ids];
}

export function currentOpinion(state: ReviewCaseState): InitialOpinion | null {
  return [...state.opinions].reverse().find((o) => o.round === state.round) ?? null;
}

export function currentNotice(state: ReviewCaseState): PublicNotice | null {
  return [...state.notices].reverse().find((n) => n.round === state.round) ?? null;
}

export function openObjections(state: ReviewCaseState): Objection[] {
  return state.objections.filter((o) => o.resolution === null);
}

export function latestVerification(state: ReviewCaseState): VerificationReport | null {
  const latest = state.verifications[state.verifications.length - 1];
  if (!latest) return null;
  const overrides = state.incomeOverrides;
  if (!overrides || state.verifications.length > overrides.afterReports) return latest;
  // Income declared with a change request replaces the verified items of those members and types.
  const replaced = new Set(overrides.items.map((i) => `${i.memberId}/${i.type}`));
  return {
    ...latest,
    facts: {
      ...latest.facts,
      incomes: [
        ...latest.facts.incomes.filter((i) => !replaced.has(`${i.memberId}/${i.type}`)),
        ...overrides.items.map((i) => ({ ...i, source: { origin: 'DECLARED_CHANGE' as const } })),
      ],
    },
  };
}

export function assertPolicyApplies(state: ReviewCaseState, policy: PolicyVersion, on: CalendarDate): void {
  const violations = validatePolicyVersion(policy, { unknownKeys: 'ignore' });
  if (violations.length > 0) throw ruleError('policy_invalid', `The policy version ${policy.version} is not valid`, 'policy');
  const divisions = coveringDivisions(state.jurisdiction!).map((d) => d.code);
  if (!divisions.includes(policy.divisionCode)) {
    throw ruleError('policy_not_applicable', `Policy ${policy.version} of division ${policy.divisionCode} does not cover jurisdiction ${state.jurisdiction}`, 'policy');
  }
  if (policy.effectiveFrom > on) {
    throw ruleError('policy_not_applicable', `Policy ${policy.version} takes effect on ${policy.effectiveFrom}, after ${on}`, 'policy');
  }
}

/** ≥ 1 home visit (each by ≥ 2 officers, checked when recorded); a conflict of interest needs a county visit. */
export function assertHomeVisited(state: ReviewCaseState): void {
  const valid = state.visits.filter((v) => new Set(v.officers.map((o) => o.id)).size >= 2);
  if (valid.length === 0) {
    throw ruleError(
      state.visits.length === 0 ? 'home_visit_missing' : 'home_visit_needs_two_officers',
      state.visits.length === 0
        ? 'No home visit has been recorded: a home visit by at least two officers is required'
        : 'The recorded home visit was made by one officer; a home visit is made by at least two different officers',
    );
  }
  if (state.conflictOfInterest.flagged && !valid.some((v) => v.countyLevel)) {
    throw ruleError(
      'county_home_visit_required',
      'A member is a close relative of a caseworker or committee member: the county (district) must do the home visit itself',
    );
  }
}

export function assertFourEyes(state: ReviewCaseState, actor: ActorRef, proposers: string[]): void {
  if (investigatorIds(state).includes(actor.id)) {
    throw forbiddenError('decider_is_investigator', 'The officer who investigated the case may not decide it');
  }
  if (proposers.includes(actor.id)) {
    throw forbiddenError('decider_is_proposer', 'A decision is proposed by one person and confirmed by another: the proposer may not decide');
  }
}

export function assertCountyApprover(actor: ActorRef): void {
  if (actor.role !== 'county_approver' || !/^\d{6}$/.test(actor.jurisdiction)) {
    throw forbiddenError('county_decision_required', 'This decision belongs to the county (district) civil-affairs bureau: a county_approver with a district jurisdiction');
  }
}

export function checkReasons(reasons: WrittenReason[], field: string): WrittenReason[] {
  reasons.forEach((r, i) => {
    if (!REFUSAL_REASON_CODES.includes(r.code)) throw ruleError('invalid_reason_code', `Unknown refusal reason code ${String(r.code)}`, `${field}[${i}].code`);
    if (blank(r.description)) throw ruleError('reason_description_required', 'Each reason needs a written description', `${field}[${i}].description`);
  });
  return reasons.map((r) => ({ code: r.code, description: r.description.trim(), ...(r.memberId ? { memberId: r.memberId } : {}) }));
}

/** The declaration names members of the household, income types the rules know, whole fen. */
export function assertDeclaration(household: HouseholdSnapshot): void {
  const declaration = household.declaration;
  if (!declaration) return;
  const known = new Set(household.members.map((m) => m.memberId));
  declaration.incomes.forEach((i, n) => {
    const path = `household.declaration.incomes[${n}]`;
    if (!known.has(i.memberId)) throw ruleError('unknown_member', `Member ${i.memberId} is not in the household`, `${path}.memberId`);
    if (!isIncomeType(i.type)) throw ruleError('invalid_income_type', `Unknown income type ${String(i.type)}`, `${path}.type`);
    if (!Number.isSafeInteger(i.amountFen) || i.amountFen < 0) throw ruleError('invalid_amount', 'amountFen must be a non-negative whole number of fen', `${path}.amountFen`);
  });
  declaration.assets.forEach((a, n) => {
    const path = `household.declaration.assets[${n}]`;
    a.ownerMemberIds.forEach((id, k) => {
      if (!known.has(id)) throw ruleError('unknown_member', `Member ${id} is not in the household`, `${path}.ownerMemberIds[${k}]`);
    });
    if (a.valueFen !== undefined && (!Number.isSafeInteger(a.valueFen) || a.valueFen < 0)) {
      throw ruleError('invalid_amount', 'valueFen must be a non-negative whole number of fen', `${path}.valueFen`);
    }
    if (a.floorAreaSqm !== undefined && !(Number.isFinite(a.floorAreaSqm) && a.floorAreaSqm >= 0)) {
      throw ruleError('invalid_area', 'floorAreaSqm must be a non-negative number', `${path}.floorAreaSqm`);
    }
  });
}

export function memberName(state: ReviewCaseState, memberId: string): string {
  return state.household?.members.find((m) => m.memberId === memberId)?.name ?? '';
}

export function deadlineFrom(calendar: WorkingDays, acceptedOn: CalendarDate, workingDays: number, procedure: Deadlines, extensionReason: string | null): DecisionDeadline {
  const due = dueDateOrOpen(calendar, acceptedOn, workingDays);
  return {
    workingDays,
    dueOn: due.dueOn,
    extensionReason,
    investigationStartDueOn: workingDaysAfter(calendar, acceptedOn, procedure.investigationStartWorkingDays),
    ...(due.calendarMissing !== null ? { calendarMissing: due.calendarMissing } : {}),
  };
}

/** The assessment input for this case on `on` (opinion or decision). */
export function assessmentInput(
  s: ReviewCaseState,
  policy: PolicyVersion,
  on: CalendarDate,
  opinion: Pick<InitialOpinion, 'extremePoverty' | 'temporary' | 'reviewClass'>,
): AssessCaseInput {
  const ta = s.temporaryAssistance;
  return {
    program: s.program!,
    household: s.household!,
    verification: latestVerification(s),
    policy,
    assessmentDate: on,
    extremePoverty: opinion.extremePoverty,
    temporary: ta && opinion.temporary ? { assistanceType: ta.type, ...opinion.temporary, firstPaymentMonth: monthOf(on) } : null,
    reviewClass: opinion.reviewClass,
  };
}

/** The assessment when the facts allow one (a refusal may rest on other grounds). */
export function tryAssess(
  s: ReviewCaseState,
  policy: PolicyVersion,
  on: CalendarDate,
  inputs: Pick<InitialOpinion, 'extremePoverty' | 'temporary' | 'reviewClass'>,
): CaseAssessment | null {
  try {
    return assessCase(assessmentInput(s, policy, on, inputs));
  } catch (e) {
    if (e instanceof Error && 'code' in e && ['verification_missing', 'extreme_poverty_assessment_missing', 'temporary_assistance_request_missing'].includes(String((e as { code: unknown }).code))) {
      return null;
    }
    throw e;
  }
}

/** The notice and objection rules shared by submission and decision. */
export function assertNoticeOver(s: ReviewCaseState, on: CalendarDate, noticeNeeded: boolean): void {
  if (openObjections(s).length > 0) {
    throw ruleError('objection_unresolved', 'An objection to the public notice is unresolved: re-investigate or hold a community appraisal first');
  }
  const notice = currentNotice(s);
  if (notice && on <= notice.lastDay) {
    throw ruleError('public_notice_not_ended', `The public notice runs until ${notice.lastDay}; the decision may come on ${addCalendarDays(notice.lastDay, 1)} at the earliest`);
  }
  if (noticeNeeded && !notice) throw ruleError('public_notice_missing', 'The proposed approval has not been publicly noticed (公示)');
}

/** The policy's 追回 monthly cap, carried by an approval of a recurring program (nothing is offset from temporary assistance). */
export function overpaymentRecoveryOf(policy: PolicyVersion, program: Program): { overpaymentRecovery?: OverpaymentRecoveryPolicy } {
  const cap = policy.parameters.overpaymentRecovery;
  return cap && program !== 'TEMPORARY_ASSISTANCE' ? { overpaymentRecovery: { monthlyCapPercent: cap.monthlyCapPercent } } : {};
}
