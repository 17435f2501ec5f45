/**
 * `decide` of the review case: every casework rule of 审核确认 lives here, each refusal a named
 * `EligibilityError`. Time is data (`on`, the command's date); the working-day calendar is given
 * to the factory, so the decider stays pure and the audit tool can rebuild it.
 */
import type { Decider } from '@sa/decider';
import { addCalendarDays, assertCalendarDate, CalendarDate, isCalendarDate, monthAfter, monthOf } from '../calendar-date';
import { dueDateOrOpen, DueDate, WorkingDays } from '../calendar';
import { conflictError, forbiddenError, notFoundError, ruleError } from '../errors';
import { CalendarOutOfRangeError } from '../errors';
import { countedMembers, IncomeItem, isIncomeType } from '../household';
import { Rational, roundToFen } from '../money';
import { Deadlines, PolicyVersion } from '../policy/policy-version';
import { coveringDivisions } from '../policy/resolve-policy';
import { validatePolicyVersion } from '../policy/validate-policy';
import { planTaper } from '../rules/taper';
import { assessCase, AssessCaseInput, refusalReasonsOf } from './assessment';
import {
  ActorRef,
  BenefitChangeType,
  CaseAssessment,
  DecisionDeadline,
  HouseholdSnapshot,
  InitialOpinion,
  Objection,
  PublicNotice,
  ReviewCaseState,
  VerificationReport,
  WrittenReason,
} from './case-file';
import {
  DecideBenefitChange,
  DecideCase,
  ExtendDecisionDeadline,
  FileObjection,
  IssueInitialOpinion,
  OpenReviewCase,
  PostPublicNotice,
  ProposeBenefitChange,
  ReceiveVerificationFacts,
  RecordEvidenceLetter,
  RecordHomeVisit,
  RecordNeighbourhoodInquiry,
  RequestRedetermination,
  ResolveObjection,
  ReviewCaseCommand,
  SubmitForDecision,
  WithdrawCase,
} from './commands';
import { evolveReviewCase, initialReviewCaseState, ReviewCaseEvent } from './events';
import { decideEmergencyAdvance } from './emergency-advance';
import { decideTerminationOnWithdrawal } from './withdrawal-after-approval';
import { publicNoticeText } from './public-notice';

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

const PRE_DECISION = ['INVESTIGATING', 'OPINION_ISSUED', 'IN_NOTICE', 'SUBMITTED'] as const;

// ---- small helpers --------------------------------------------------------------------------------

const blank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';

function requireText(text: unknown, code: string, field: string, what: string): string {
  if (blank(text)) throw ruleError(code, `${what} is required`, field);
  return (text as string).trim();
}

function isDivisionCode(code: unknown): code is string {
  return typeof code === 'string' && /^\d{6}(\d{3}(\d{3})?)?$/.test(code);
}

/** Working days after `from`, or null when the calendar has no holiday data that far. */
function workingDaysAfter(calendar: WorkingDays, from: CalendarDate, days: number): CalendarDate | null {
  try {
    return calendar.addWorkingDays(from, days);
  } catch (e) {
    if (e instanceof CalendarOutOfRangeError) return null;
    throw e;
  }
}

function extendedDue(due: DueDate): { dueOn: CalendarDate | null; calendarMissing?: number } {
  return { dueOn: due.dueOn, ...(due.calendarMissing !== null ? { calendarMissing: due.calendarMissing } : {}) };
}

/** A written-notice due date, or open with the year whose holiday schedule is missing. */
function noticeDue(calendar: WorkingDays, from: CalendarDate, days: number): { noticeDueOn: CalendarDate | null; calendarMissing: number | null } {
  const due = dueDateOrOpen(calendar, from, days);
  return { noticeDueOn: due.dueOn, calendarMissing: due.calendarMissing };
}

/** `BenefitChangeDecided`'s notice fields from an optional due date (null: no notice needed). */
function writtenNoticeDue(due: DueDate | null): { writtenNoticeDueOn: CalendarDate | null; calendarMissing: number | null } {
  return { writtenNoticeDueOn: due?.dueOn ?? null, calendarMissing: due?.calendarMissing ?? null };
}

function assertOpened(state: ReviewCaseState): asserts state is ReviewCaseState & { caseId: string; jurisdiction: string; acceptedOn: string } {
  if (state.status === 'NONE' || state.caseId === null || state.jurisdiction === null || state.acceptedOn === null) {
    throw notFoundError('case_not_open', 'No review case is open for this case (no accepted application yet)');
  }
}

/** The case is still before its decision. */
function assertBeforeDecision(state: ReviewCaseState): void {
  assertOpened(state);
  if (state.status === 'WITHDRAWN') throw conflictError('case_withdrawn', 'The application was withdrawn');
  if (state.status === 'APPROVED' || state.status === 'REFUSED') throw conflictError('case_decided', 'The case has already been decided');
}

/** Investigation records are taken before submission, or during a re-determination. */
function assertInvestigationOpen(state: ReviewCaseState): void {
  assertOpened(state);
  if ((state.status === 'APPROVED' || state.status === 'REFUSED') && state.redetermination) return;
  assertBeforeDecision(state);
  if (state.status === 'SUBMITTED') throw conflictError('case_submitted', 'The file was submitted for decision; investigation records are closed');
}

function assertRecordDate(state: ReviewCaseState, date: unknown, on: CalendarDate, field: string): CalendarDate {
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

function assertPolicyApplies(state: ReviewCaseState, policy: PolicyVersion, on: CalendarDate): void {
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
function assertHomeVisited(state: ReviewCaseState): void {
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

function assertFourEyes(state: ReviewCaseState, actor: ActorRef, proposers: string[]): void {
  if (investigatorIds(state).includes(actor.id)) {
    throw forbiddenError('decider_is_investigator', 'The officer who investigated the case may not decide it');
  }
  if (proposers.includes(actor.id)) {
    throw forbiddenError('decider_is_proposer', 'A decision is proposed by one person and confirmed by another: the proposer may not decide');
  }
}

function assertCountyApprover(actor: ActorRef): void {
  if (actor.role !== 'county_approver' || !/^\d{6}$/.test(actor.jurisdiction)) {
    throw forbiddenError('county_decision_required', 'This decision belongs to the county (district) civil-affairs bureau: a county_approver with a district jurisdiction');
  }
}

function checkReasons(reasons: WrittenReason[], field: string): WrittenReason[] {
  reasons.forEach((r, i) => {
    if (!REFUSAL_REASON_CODES.includes(r.code)) throw ruleError('invalid_reason_code', `Unknown refusal reason code ${String(r.code)}`, `${field}[${i}].code`);
    if (blank(r.description)) throw ruleError('reason_description_required', 'Each reason needs a written description', `${field}[${i}].description`);
  });
  return reasons.map((r) => ({ code: r.code, description: r.description.trim(), ...(r.memberId ? { memberId: r.memberId } : {}) }));
}

/** The declaration names members of the household, income types the rules know, whole fen. */
function assertDeclaration(household: HouseholdSnapshot): void {
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

function memberName(state: ReviewCaseState, memberId: string): string {
  return state.household?.members.find((m) => m.memberId === memberId)?.name ?? '';
}

// ---- the decider ----------------------------------------------------------------------------------

export function createReviewCaseDecider(deps: ReviewCaseDeciderDeps): Decider<ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState> {
  const { calendar } = deps;

  function deadlineFrom(acceptedOn: CalendarDate, workingDays: number, procedure: Deadlines, extensionReason: string | null): DecisionDeadline {
    const due = dueDateOrOpen(calendar, acceptedOn, workingDays);
    return {
      workingDays,
      dueOn: due.dueOn,
      extensionReason,
      investigationStartDueOn: workingDaysAfter(calendar, acceptedOn, procedure.investigationStartWorkingDays),
      ...(due.calendarMissing !== null ? { calendarMissing: due.calendarMissing } : {}),
    };
  }

  function open(c: OpenReviewCase, s: ReviewCaseState): ReviewCaseEvent[] {
    const d = c.data;
    if (s.status !== 'NONE') {
      if (s.caseId === d.caseId && s.caseNumber === d.caseNumber) return []; // the same acceptance again
      throw conflictError('case_already_open', `A review case is already open for case ${s.caseId}`);
    }
    assertCalendarDate(d.acceptedOn, 'acceptedOn');
    if (!isDivisionCode(d.jurisdiction)) throw ruleError('invalid_jurisdiction', 'jurisdiction must be a 6, 9 or 12-digit division code', 'jurisdiction');
    if (d.household.members.length === 0) throw ruleError('household_empty', 'The household has no member', 'household.members');
    if (!d.household.members.some((m) => m.memberId === d.household.applicantMemberId)) {
      throw ruleError('unknown_member', 'The applicant is not a member of the household', 'household.applicantMemberId');
    }
    assertDeclaration(d.household);
    if (d.program === 'TEMPORARY_ASSISTANCE' && !d.temporaryAssistance) {
      throw ruleError('temporary_assistance_request_missing', 'A temporary-assistance application needs its type', 'temporaryAssistance');
    }
    const procedure = d.deadlines;
    const workingDays = procedure.decisionWorkingDays;
    return [
      {
        type: 'ReviewCaseOpened',
        data: {
          caseId: d.caseId,
          caseNumber: d.caseNumber,
          program: d.program,
          temporaryAssistance: d.temporaryAssistance,
          jurisdiction: d.jurisdiction,
          acceptedOn: d.acceptedOn,
          household: d.household,
          conflictOfInterest: d.conflictOfInterest,
          procedure,
          deadline: deadlineFrom(d.acceptedOn, workingDays, procedure, null),
          openedBy: d.actor,
        },
      },
    ];
  }

  function receiveFacts(c: ReceiveVerificationFacts, s: ReviewCaseState): ReviewCaseEvent[] {
    const d = c.data;
    if (s.caseId !== null && s.caseId !== d.caseId) throw conflictError('case_mismatch', `The report is about case ${d.caseId}, not ${s.caseId}`);
    if (s.status === 'WITHDRAWN') return [];
    const sameVerification = s.verifications.filter((r) => r.verificationId === d.verificationId);
    // A report version already received, or older than one received, changes nothing (kept as received).
    if (sameVerification.some((r) => r.reportVersion >= d.reportVersion)) return [];
    d.facts.incomes.forEach((i, n) => {
      if (!isIncomeType(i.type)) throw ruleError('invalid_facts', `Unknown income type ${String(i.type)}`, `facts.incomes[${n}].type`);
    });
    return [
      {
        type: 'VerificationFactsReceived',
        data: {
          caseId: d.caseId,
          report: {
            verificationId: d.verificationId,
            reportVersion: d.reportVersion,
            purpose: d.purpose,
            platformReportRef: d.platformReportRef,
            completedAt: d.completedAt,
            receivedOn: d.on,
            facts: d.facts,
            outstanding: d.outstanding,
          },
        },
      },
    ];
  }

  function recordVisit(c: RecordHomeVisit, s: ReviewCaseState): ReviewCaseEvent[] {
    assertInvestigationOpen(s);
    const d = c.data;
    if (s.visits.some((v) => v.visitId === d.visitId)) throw conflictError('visit_exists', `Visit ${d.visitId} is already recorded`);
    const visitedOn = assertRecordDate(s, d.visitedOn, d.on, 'visitedOn');
    const distinct = [...new Map((d.officers ?? []).map((o) => [o.id, o])).values()];
    if (distinct.length < 2) {
      throw ruleError('home_visit_needs_two_officers', 'A home visit is made by at least two different officers', 'officers');
    }
    distinct.forEach((o, i) => {
      if (blank(o.id)) throw ruleError('invalid_officer', 'Each officer needs an id', `officers[${i}].id`);
      if (!isDivisionCode(o.jurisdiction) || !s.jurisdiction!.startsWith(o.jurisdiction)) {
        throw ruleError('officer_outside_jurisdiction', `Officer ${o.id} (${o.jurisdiction}) has no jurisdiction over ${s.jurisdiction}`, `officers[${i}].jurisdiction`);
      }
    });
    const findings = requireText(d.findings, 'visit_findings_required', 'findings', 'The findings of the visit');
    if (!Array.isArray(d.signatureRefs) || d.signatureRefs.filter((r) => !blank(r)).length === 0) {
      throw ruleError('visit_signatures_missing', 'The signed visit record (officers’ signatures) must be referenced', 'signatureRefs');
    }
    return [
      {
        type: 'HomeVisitRecorded',
        data: {
          visit: {
            visitId: d.visitId,
            round: s.round,
            visitedOn,
            officers: distinct.map((o) => ({ id: o.id, jurisdiction: o.jurisdiction, ...(o.name ? { name: o.name } : {}) })),
            countyLevel: distinct.every((o) => /^\d{6}$/.test(o.jurisdiction)),
            findings,
            signatureRefs: d.signatureRefs,
            householdSignatureRef: d.householdSignatureRef ?? null,
            evidenceRefs: d.evidenceRefs ?? [],
            recordedBy: d.actor,
          },
        },
      },
    ];
  }

  function recordInquiry(c: RecordNeighbourhoodInquiry, s: ReviewCaseState): ReviewCaseEvent[] {
    assertInvestigationOpen(s);
    const d = c.data;
    if (s.inquiries.some((i) => i.inquiryId === d.inquiryId)) throw conflictError('inquiry_exists', `Inquiry ${d.inquiryId} is already recorded`);
    const conductedOn = assertRecordDate(s, d.conductedOn, d.on, 'conductedOn');
    if (!Array.isArray(d.officerIds) || d.officerIds.length === 0) throw ruleError('officer_required', 'Name the officer(s) who made the inquiry', 'officerIds');
    if (!Number.isSafeInteger(d.intervieweeCount) || d.intervieweeCount < 1) {
      throw ruleError('interviewees_required', 'A neighbourhood inquiry hears at least one person', 'intervieweeCount');
    }
    const summary = requireText(d.summary, 'inquiry_summary_required', 'summary', 'The summary of the inquiry');
    return [
      {
        type: 'NeighbourhoodInquiryRecorded',
        data: {
          inquiry: {
            inquiryId: d.inquiryId,
            round: s.round,
            conductedOn,
            officerIds: [...new Set(d.officerIds)],
            intervieweeCount: d.intervieweeCount,
            summary,
            evidenceRefs: d.evidenceRefs ?? [],
            recordedBy: d.actor,
          },
        },
      },
    ];
  }

  function recordLetter(c: RecordEvidenceLetter, s: ReviewCaseState): ReviewCaseEvent[] {
    assertInvestigationOpen(s);
    const d = c.data;
    if (s.letters.some((l) => l.letterId === d.letterId)) throw conflictError('letter_exists', `Letter ${d.letterId} is already recorded`);
    const sentOn = assertRecordDate(s, d.sentOn, d.on, 'sentOn');
    return [
      {
        type: 'EvidenceLetterRecorded',
        data: {
          letter: {
            letterId: d.letterId,
            round: s.round,
            sentOn,
            addressee: requireText(d.addressee, 'addressee_required', 'addressee', 'The addressee'),
            purpose: requireText(d.purpose, 'letter_purpose_required', 'purpose', 'The purpose of the letter'),
            replyRef: d.replyRef ?? null,
            recordedBy: d.actor,
          },
        },
      },
    ];
  }

  /** The assessment input for this case on `on` (opinion or decision). */
  function assessmentInput(
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

  function issueOpinion(c: IssueInitialOpinion, s: ReviewCaseState): ReviewCaseEvent[] {
    assertBeforeDecision(s);
    const d = c.data;
    if (s.status === 'IN_NOTICE') {
      throw conflictError('public_notice_posted', 'The notice of this opinion is running; a new opinion follows an objection and its resolution');
    }
    if (s.status === 'SUBMITTED') throw conflictError('case_submitted', 'The file was submitted for decision');
    if (d.proposal !== 'APPROVE' && d.proposal !== 'REFUSE') throw ruleError('invalid_proposal', "proposal must be 'APPROVE' or 'REFUSE'", 'proposal');
    assertPolicyApplies(s, d.policy, d.on);

    let temporary: InitialOpinion['temporary'] = null;
    if (s.program === 'TEMPORARY_ASSISTANCE') {
      const requested = d.temporary?.requestedAmountFen ?? s.temporaryAssistance?.requestedAmountFen ?? null;
      if (requested === null) throw ruleError('requested_amount_missing', 'The amount of temporary assistance asked for is missing', 'temporary.requestedAmountFen');
      temporary = { requestedAmountFen: requested, instalmentMonths: d.temporary?.instalmentMonths ?? 1 };
    }
    const extremePoverty =
      s.program === 'EXTREME_POVERTY_SUPPORT' && d.extremePoverty
        ? { ...d.extremePoverty, memberId: d.extremePoverty.memberId || s.household!.applicantMemberId }
        : null;
    const inputs = { extremePoverty, temporary, reviewClass: d.reviewClass ?? null };

    let assessment: CaseAssessment | null = null;
    let reasons: WrittenReason[] = [];
    if (d.proposal === 'APPROVE') {
      assessment = assessCase(assessmentInput(s, d.policy, d.on, inputs));
      if (!assessment.eligible) {
        throw ruleError('not_eligible_by_rules', 'The rules do not allow an approval: ' + refusalReasonsOf(assessment).map((r) => r.description).join('；'), 'proposal', {
          reasons: assessment.reasons.map((r) => ({ code: r.code, zh: r.zh })),
        });
      }
      const streetAlone = assessment.temporary?.authority === 'STREET_OFFICE';
      if (!streetAlone) {
        if (!latestVerification(s)) throw ruleError('verification_missing', 'No household economic verification report has been received yet');
        assertHomeVisited(s);
      }
    } else {
      assessment = tryAssess(s, d.policy, d.on, inputs);
      reasons = d.reasons && d.reasons.length > 0 ? checkReasons(d.reasons, 'reasons') : assessment ? refusalReasonsOf(assessment) : [];
      if (reasons.length === 0) throw ruleError('refusal_reasons_required', 'A proposed refusal needs written reasons', 'reasons');
    }
    const streetAlone = s.program === 'TEMPORARY_ASSISTANCE' && (assessment?.temporary?.authority ?? 'COUNTY') === 'STREET_OFFICE';
    return [
      {
        type: 'InitialOpinionIssued',
        data: {
          opinion: {
            opinionId: d.opinionId,
            round: s.round,
            proposal: d.proposal,
            proposedBy: d.actor,
            proposedOn: d.on,
            policyVersion: d.policy.version,
            assessment,
            reasons,
            note: d.note?.trim() ?? '',
            noticeRequired: d.proposal === 'APPROVE' && !streetAlone,
            noticeDays: d.policy.parameters.deadlines.publicNoticeDays,
            authority: streetAlone ? 'STREET_OFFICE' : 'COUNTY',
            extremePoverty,
            temporary,
            reviewClass: d.reviewClass ?? null,
          },
        },
      },
    ];
  }

  /** The assessment when the facts allow one (a refusal may rest on other grounds). */
  function tryAssess(
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

  function postNotice(c: PostPublicNotice, s: ReviewCaseState): ReviewCaseEvent[] {
    assertBeforeDecision(s);
    const d = c.data;
    if (s.status === 'IN_NOTICE') throw conflictError('public_notice_already_posted', 'The notice of this opinion is already posted');
    if (s.status === 'SUBMITTED') throw conflictError('case_submitted', 'The file was submitted for decision');
    const opinion = currentOpinion(s);
    if (!opinion) throw ruleError('initial_opinion_missing', 'A public notice follows the initial opinion (初审意见); none has been issued');
    if (!opinion.noticeRequired) throw conflictError('public_notice_not_required', 'This opinion is not publicly noticed (a proposed refusal, or small temporary assistance)');
    const location = requireText(d.location, 'notice_location_required', 'location', 'The place of the notice');
    const applicant = s.household!.members.find((m) => m.memberId === s.household!.applicantMemberId)!;
    const lastDay = addCalendarDays(d.on, opinion.noticeDays - 1);
    const text = publicNoticeText({
      caseNumber: s.caseNumber!,
      program: s.program!,
      applicantName: applicant.name,
      householdSize: countedMembers(s.household!.members).length,
      opinion,
      postedOn: d.on,
      lastDay,
      days: opinion.noticeDays,
      location,
    });
    return [
      {
        type: 'PublicNoticePosted',
        data: { notice: { noticeId: d.noticeId, round: s.round, postedOn: d.on, lastDay, days: opinion.noticeDays, location, text, postedBy: d.actor } },
      },
    ];
  }

  function fileObjection(c: FileObjection, s: ReviewCaseState): ReviewCaseEvent[] {
    assertBeforeDecision(s);
    const d = c.data;
    if (s.objections.some((o) => o.objectionId === d.objectionId)) throw conflictError('objection_exists', `Objection ${d.objectionId} is already recorded`);
    const notice = currentNotice(s);
    if (s.status !== 'IN_NOTICE' || !notice || d.on < notice.postedOn || d.on > notice.lastDay) {
      throw ruleError(
        'objection_outside_notice_period',
        notice && s.status === 'IN_NOTICE' ? `Objections are taken during the notice period (${notice.postedOn} – ${notice.lastDay})` : 'No public notice is running',
      );
    }
    return [
      {
        type: 'ObjectionFiled',
        data: {
          objection: {
            objectionId: d.objectionId,
            round: s.round,
            filedOn: d.on,
            summary: requireText(d.summary, 'objection_summary_required', 'summary', 'What is objected to'),
            evidenceRefs: d.evidenceRefs ?? [],
            recordedBy: d.actor,
            resolution: null,
          },
        },
      },
    ];
  }

  function resolveObjection(c: ResolveObjection, s: ReviewCaseState): ReviewCaseEvent[] {
    assertBeforeDecision(s);
    const d = c.data;
    const objection = s.objections.find((o) => o.objectionId === d.objectionId);
    if (!objection) throw notFoundError('objection_not_found', `No objection ${d.objectionId} on this case`);
    if (objection.resolution) throw conflictError('objection_already_resolved', `Objection ${d.objectionId} is already resolved`);
    if (d.method !== 'REINVESTIGATION' && d.method !== 'COMMUNITY_APPRAISAL') {
      throw ruleError('invalid_method', "method must be 'REINVESTIGATION' or 'COMMUNITY_APPRAISAL'", 'method');
    }
    if (d.outcome !== 'UPHELD' && d.outcome !== 'REJECTED') throw ruleError('invalid_outcome', "outcome must be 'UPHELD' or 'REJECTED'", 'outcome');
    let appraisal = null;
    if (d.method === 'COMMUNITY_APPRAISAL') {
      const a = d.appraisal;
      if (!a) throw ruleError('appraisal_details_required', 'A community appraisal (民主评议) records its date and votes', 'appraisal');
      assertRecordDate(s, a.heldOn, d.on, 'appraisal.heldOn');
      if (![a.participants, a.inFavour, a.against].every((n) => Number.isSafeInteger(n) && n >= 0) || a.inFavour + a.against > a.participants || a.participants < 1) {
        throw ruleError('appraisal_details_required', 'participants, inFavour and against must be counts with inFavour + against ≤ participants', 'appraisal');
      }
      appraisal = { heldOn: a.heldOn, participants: a.participants, inFavour: a.inFavour, against: a.against };
    }
    const stillOpen = openObjections(s).filter((o) => o.objectionId !== d.objectionId);
    return [
      {
        type: 'ObjectionResolved',
        data: {
          objectionId: d.objectionId,
          resolution: {
            resolvedOn: d.on,
            method: d.method,
            outcome: d.outcome,
            findings: requireText(d.findings, 'objection_findings_required', 'findings', 'The findings'),
            appraisal,
            evidenceRefs: d.evidenceRefs ?? [],
            resolvedBy: d.actor,
          },
          nextRound: stillOpen.length === 0 ? s.round + 1 : null,
        },
      },
    ];
  }

  function extendDeadline(c: ExtendDecisionDeadline, s: ReviewCaseState): ReviewCaseEvent[] {
    assertBeforeDecision(s);
    const d = c.data;
    if (s.deadline!.extensionReason !== null) throw conflictError('deadline_already_extended', 'The decision deadline has already been extended once');
    const reason = requireText(d.reason, 'extension_reason_required', 'reason', 'The reason for the extension');
    const workingDays = s.procedure!.extendedDecisionWorkingDays;
    return [
      {
        type: 'DecisionDeadlineExtended',
        data: { workingDays, ...extendedDue(dueDateOrOpen(calendar, s.acceptedOn!, workingDays)), reason, extendedOn: d.on, extendedBy: d.actor },
      },
    ];
  }

  /** The notice and objection rules shared by submission and decision. */
  function assertNoticeOver(s: ReviewCaseState, on: CalendarDate, noticeNeeded: boolean): void {
    if (openObjections(s).length > 0) {
      throw ruleError('objection_unresolved', 'An objection to the public notice is unresolved: re-investigate or hold a community appraisal first');
    }
    const notice = currentNotice(s);
    if (notice && on <= notice.lastDay) {
      throw ruleError('public_notice_not_ended', `The public notice runs until ${notice.lastDay}; the decision may come on ${addCalendarDays(notice.lastDay, 1)} at the earliest`);
    }
    if (noticeNeeded && !notice) throw ruleError('public_notice_missing', 'The proposed approval has not been publicly noticed (公示)');
  }

  function submit(c: SubmitForDecision, s: ReviewCaseState): ReviewCaseEvent[] {
    assertBeforeDecision(s);
    const d = c.data;
    if (s.status === 'SUBMITTED') throw conflictError('already_submitted', 'The file is already with the decision-maker');
    const opinion = currentOpinion(s);
    if (!opinion) throw ruleError('initial_opinion_missing', 'No initial opinion (初审意见) has been issued in this round');
    assertNoticeOver(s, d.on, opinion.noticeRequired);
    if (opinion.proposedBy.id === d.actor.id) {
      throw forbiddenError('reviewer_is_proposer', 'The review (审核) is done by someone other than the officer who proposed');
    }
    return [
      {
        type: 'CaseSubmittedForDecision',
        data: { round: s.round, submittedOn: d.on, submittedBy: d.actor, reviewNote: requireText(d.reviewNote, 'review_note_required', 'reviewNote', 'The review opinion') },
      },
    ];
  }

  function decideCase(c: DecideCase, s: ReviewCaseState): ReviewCaseEvent[] {
    assertBeforeDecision(s);
    const d = c.data;
    if (d.outcome !== 'APPROVE' && d.outcome !== 'REFUSE') throw ruleError('invalid_outcome', "outcome must be 'APPROVE' or 'REFUSE'", 'outcome');
    const opinion = currentOpinion(s);
    if (!opinion) throw ruleError('initial_opinion_missing', 'No initial opinion (初审意见) has been issued in this round');
    assertPolicyApplies(s, d.policy, d.on);

    const inputs = { extremePoverty: opinion.extremePoverty, temporary: opinion.temporary, reviewClass: opinion.reviewClass };
    const approve = d.outcome === 'APPROVE';
    const assessment = approve ? assessCase(assessmentInput(s, d.policy, d.on, inputs)) : tryAssess(s, d.policy, d.on, inputs);
    const streetAlone = s.program === 'TEMPORARY_ASSISTANCE' && (approve ? assessment?.temporary?.authority : opinion.authority) === 'STREET_OFFICE';

    assertNoticeOver(s, d.on, approve && !streetAlone);
    if (approve && !streetAlone) {
      if (!latestVerification(s)) throw ruleError('verification_missing', 'No household economic verification report has been received yet');
      assertHomeVisited(s);
    }
    assertFourEyes(s, d.actor, s.opinions.map((o) => o.proposedBy.id));
    if (streetAlone) {
      if (d.actor.role !== 'street_reviewer' && d.actor.role !== 'county_approver') {
        throw forbiddenError('decision_role_not_allowed', 'Small temporary assistance is decided by the street office (street_reviewer) or the county');
      }
    } else {
      assertCountyApprover(d.actor);
      if (s.status !== 'SUBMITTED') throw ruleError('not_submitted_for_decision', 'The street office has not submitted the file for decision (审核) yet');
    }
    const reason = requireText(d.reason, 'decision_reason_required', 'reason', 'The decision’s reason');
    const base = {
      caseId: s.caseId!,
      caseNumber: s.caseNumber!,
      jurisdiction: s.jurisdiction!,
      decisionId: d.decisionId,
      program: s.program!,
      decidedOn: d.on,
      decidedBy: d.actor,
      proposedBy: opinion.proposedBy,
      decisionAuthority: streetAlone ? ('STREET_DELEGATED' as const) : ('COUNTY' as const),
      policyVersion: d.policy.version,
      reason,
      evidenceRefs: d.evidenceRefs ?? [],
      overdue: s.deadline?.dueOn ? d.on > s.deadline.dueOn : false,
    };

    if (approve) {
      const a = assessment!;
      if (!a.eligible) {
        throw ruleError('not_eligible_by_rules', 'The rules do not allow an approval: ' + refusalReasonsOf(a).map((r) => r.description).join('；'), 'outcome');
      }
      const r = d.recipient;
      const payee = r ? s.household!.members.find((m) => m.memberId === r.memberId && m.included) : undefined;
      if (!r || !payee) throw ruleError('recipient_required', 'An approval names the payee: an included member of the household', 'recipient.memberId');
      if (blank(r.bankAccountRef)) throw ruleError('recipient_required', 'The payee’s bank-account reference is required', 'recipient.bankAccountRef');
      const startMonth = a.temporary ? a.temporary.instalments[0]!.month : monthAfter(d.on);
      return [
        {
          type: 'CaseApproved',
          data: {
            ...base,
            assessment: a,
            startMonth,
            membersCovered: a.coveredMemberIds.map((memberId) => ({ memberId, name: memberName(s, memberId) })),
            recipient: { memberId: payee.memberId, name: payee.name, bankAccountRef: r.bankAccountRef, ...(r.bankAccountMasked ? { bankAccountMasked: r.bankAccountMasked } : {}) },
          },
        },
      ];
    }

    const given = d.reasons && d.reasons.length > 0 ? checkReasons(d.reasons, 'reasons') : [];
    const reasons = given.length > 0 ? given : opinion.reasons.length > 0 ? opinion.reasons : assessment ? refusalReasonsOf(assessment) : [];
    if (reasons.length === 0) throw ruleError('refusal_reasons_required', 'A refusal gives written reasons', 'reasons');
    return [
      {
        type: 'CaseRefused',
        data: {
          ...base,
          temporaryAssistanceType: s.temporaryAssistance?.type ?? null,
          reasons,
          assessment,
          // Past the known holiday calendar the notice date stays open (never a refused command).
          ...noticeDue(calendar, d.on, d.policy.parameters.deadlines.refusalNoticeWorkingDays),
        },
      },
    ];
  }

  function withdraw(c: WithdrawCase, s: ReviewCaseState): ReviewCaseEvent[] {
    if (s.status === 'WITHDRAWN') return [];
    assertBeforeDecision(s);
    return [{ type: 'CaseWithdrawn', data: { withdrawnOn: c.data.withdrawnOn, reason: c.data.reason, recordedBy: c.data.actor } }];
  }

  function requestRedetermination(c: RequestRedetermination, s: ReviewCaseState): ReviewCaseEvent[] {
    assertOpened(s);
    const d = c.data;
    if (s.handledChangeRequests.includes(d.changeRequestId)) return [];
    const benefit = s.benefit;
    if (s.status !== 'APPROVED' || !benefit) throw conflictError('no_active_benefit', 'The case has no recurring benefit to re-determine');
    if (benefit.status === 'TERMINATED') throw conflictError('benefit_terminated', 'The benefit has been terminated');
    if (s.redetermination) {
      throw conflictError('redetermination_in_progress', `Change request ${s.redetermination.changeRequestId} is still being re-determined`);
    }
    if (d.requestedChange === 'RESUME' && benefit.status !== 'SUSPENDED') throw ruleError('benefit_not_suspended', 'Only a suspended benefit can resume');
    if (d.requestedChange === 'SUSPEND' && benefit.status === 'SUSPENDED') throw conflictError('benefit_already_suspended', 'The benefit is already suspended');
    const known = new Set([...s.household!.members.map((m) => m.memberId), ...d.membersJoined.map((m) => m.memberId)]);
    const groups = new Map<string, { memberId: string; type: IncomeItem['type']; amounts: number[] }>();
    d.declaredIncome.forEach((i, n) => {
      if (!known.has(i.memberId)) throw ruleError('unknown_member', `Member ${i.memberId} is not in the household`, `declaredIncome[${n}].memberId`);
      const key = `${i.memberId}/${i.type}`;
      const group = groups.get(key) ?? { memberId: i.memberId, type: i.type, amounts: [] };
      group.amounts.push(i.amountFen);
      groups.set(key, group);
    });
    // Monthly average of the declared months, rounded once (the same rounding rule as everywhere).
    const incomeOverrides: IncomeItem[] = [...groups.values()].map((g) => ({
      memberId: g.memberId,
      type: g.type,
      monthlyAverageFen: roundToFen(Rational.sum(g.amounts.map((a) => Rational.fen(a))).dividedBy(g.amounts.length)),
    }));
    return [
      {
        type: 'RedeterminationRequested',
        data: {
          redetermination: {
            changeRequestId: d.changeRequestId,
            origin: d.origin,
            requestedChange: d.requestedChange,
            trigger: d.trigger,
            reportedOn: d.reportedOn,
            receivedOn: d.on,
            urgent: d.urgent,
            changes: d.changes,
          },
          membersLeft: d.membersLeft,
          membersJoined: d.membersJoined,
          incomeOverrides,
        },
      },
    ];
  }

  /** The change the rules give for the open re-determination, on `on` under `policy`. */
  function planChange(s: ReviewCaseState, policy: PolicyVersion, on: CalendarDate): { changeType: BenefitChangeType | 'NO_CHANGE'; assessment: CaseAssessment | null } {
    const r = s.redetermination!;
    const benefit = s.benefit!;
    if (r.requestedChange === 'SUSPEND') return { changeType: 'SUSPENSION', assessment: null };
    if (r.requestedChange === 'TERMINATE') return { changeType: 'TERMINATION', assessment: null };
    const last = [...s.opinions].reverse().find((o) => o.proposal === 'APPROVE');
    const assessment = assessCase(
      assessmentInput(s, policy, on, { extremePoverty: last?.extremePoverty ?? null, temporary: null, reviewClass: benefit.reviewClass === 'INTENSIVE' ? 'INTENSIVE' : null }),
    );
    if (r.requestedChange === 'RESUME') {
      if (!assessment.eligible) throw ruleError('not_eligible_by_rules', 'The household no longer meets the conditions: the benefit cannot resume');
      return { changeType: 'RESUMPTION', assessment };
    }
    if (assessment.eligible) {
      const amount = assessment.monthlyAmountFen;
      const current = benefit.monthlyAmountFen;
      return { changeType: amount > current ? 'INCREASE' : amount < current ? 'DECREASE' : 'NO_CHANGE', assessment };
    }
    // Income rose above the standard while everything else still holds: 渐退 when the policy has a taper.
    const codes = new Set(refusalReasonsOf(assessment).map((x) => x.code));
    const onlyIncome = codes.size === 1 && codes.has('INCOME_ABOVE_STANDARD');
    const taper = onlyIncome && benefit.status === 'ACTIVE' && policy.parameters.taperSchedule.length > 0;
    return { changeType: taper ? 'TAPER' : 'TERMINATION', assessment };
  }

  function proposeChange(c: ProposeBenefitChange, s: ReviewCaseState): ReviewCaseEvent[] {
    assertOpened(s);
    const d = c.data;
    if (!s.redetermination || !s.benefit) throw conflictError('no_redetermination', 'No change request is being re-determined');
    assertPolicyApplies(s, d.policy, d.on);
    if (blank(d.reason?.description)) throw ruleError('change_reason_required', 'A change gives written reasons', 'reason.description');
    const { changeType, assessment } = planChange(s, d.policy, d.on);
    const monthlyAmountFen = changeType === 'INCREASE' || changeType === 'DECREASE' || changeType === 'RESUMPTION' ? assessment!.monthlyAmountFen : null;
    return [
      {
        type: 'BenefitChangeProposed',
        data: {
          changeRequestId: s.redetermination.changeRequestId,
          proposal: {
            proposalId: d.proposalId,
            proposedBy: d.actor,
            proposedOn: d.on,
            policyVersion: d.policy.version,
            changeType,
            monthlyAmountFen,
            reason: { code: d.reason.code, description: d.reason.description.trim() },
            assessment,
          },
        },
      },
    ];
  }

  function decideChange(c: DecideBenefitChange, s: ReviewCaseState): ReviewCaseEvent[] {
    assertOpened(s);
    const d = c.data;
    const r = s.redetermination;
    if (!r || !s.benefit) throw conflictError('no_redetermination', 'No change request is being re-determined');
    const proposal = r.proposal;
    if (!proposal) throw ruleError('change_proposal_missing', 'No change has been proposed for this change request');
    assertPolicyApplies(s, d.policy, d.on);
    assertFourEyes(s, d.actor, [proposal.proposedBy.id]);
    assertCountyApprover(d.actor);
    const reason = requireText(d.reason, 'decision_reason_required', 'reason', 'The decision’s reason');
    const { changeType, assessment } = planChange(s, d.policy, d.on);
    const monthlyAmountFen = changeType === 'INCREASE' || changeType === 'DECREASE' || changeType === 'RESUMPTION' ? assessment!.monthlyAmountFen : null;
    if (changeType !== proposal.changeType || monthlyAmountFen !== proposal.monthlyAmountFen) {
      throw conflictError('proposal_outdated', `The rules now give ${changeType}${monthlyAmountFen === null ? '' : ` (${monthlyAmountFen} fen)`}; propose the change again`);
    }
    if (changeType === 'NO_CHANGE') {
      return [
        {
          type: 'RedeterminationClosed',
          data: { changeRequestId: r.changeRequestId, outcome: 'NO_CHANGE', closedOn: d.on, decidedBy: d.actor, proposedBy: proposal.proposedBy, policyVersion: d.policy.version, reason },
        },
      ];
    }
    const benefit = s.benefit;
    const effectiveMonth = monthAfter(d.on);
    const withAmount = monthlyAmountFen !== null;
    const needsNotice = changeType === 'DECREASE' || changeType === 'TERMINATION';
    return [
      {
        type: 'BenefitChangeDecided',
        data: {
          caseId: s.caseId!,
          caseNumber: s.caseNumber!,
          jurisdiction: s.jurisdiction!,
          decisionId: d.decisionId,
          changeRequestId: r.changeRequestId,
          program: benefit.program,
          changeType,
          effectiveMonth,
          previousMonthlyAmountFen: benefit.monthlyAmountFen,
          monthlyAmountFen,
          taperSchedule: changeType === 'TAPER' ? planTaper(benefit.monthlyAmountFen, d.policy.parameters.taperSchedule, effectiveMonth) : null,
          membersCovered: withAmount ? assessment!.coveredMemberIds.map((memberId) => ({ memberId, name: memberName(s, memberId) })) : null,
          supplements: withAmount ? assessment!.supplements : null,
          reviewClass: withAmount ? assessment!.reviewClass : null,
          reviewIntervalMonths: withAmount ? assessment!.reviewIntervalMonths : null,
          reason: proposal.reason,
          trigger: r.trigger,
          policyVersion: d.policy.version,
          assessment,
          decidedOn: d.on,
          decidedBy: d.actor,
          proposedBy: proposal.proposedBy,
          ...writtenNoticeDue(needsNotice ? dueDateOrOpen(calendar, d.on, d.policy.parameters.deadlines.refusalNoticeWorkingDays) : null),
          decisionReason: reason,
          evidenceRefs: d.evidenceRefs ?? [],
        },
      },
    ];
  }

  function decide(command: ReviewCaseCommand, state: ReviewCaseState): ReviewCaseEvent[] {
    switch (command.type) {
      case 'OpenReviewCase':
        return open(command, state);
      case 'ReceiveVerificationFacts':
        return receiveFacts(command, state);
      case 'RecordHomeVisit':
        return recordVisit(command, state);
      case 'RecordNeighbourhoodInquiry':
        return recordInquiry(command, state);
      case 'RecordEvidenceLetter':
        return recordLetter(command, state);
      case 'IssueInitialOpinion':
        return issueOpinion(command, state);
      case 'PostPublicNotice':
        return postNotice(command, state);
      case 'FileObjection':
        return fileObjection(command, state);
      case 'ResolveObjection':
        return resolveObjection(command, state);
      case 'ExtendDecisionDeadline':
        return extendDeadline(command, state);
      case 'SubmitForDecision':
        return submit(command, state);
      case 'DecideCase':
        return decideCase(command, state);
      case 'WithdrawCase':
        return withdraw(command, state);
      case 'RequestRedetermination':
        return requestRedetermination(command, state);
      case 'ProposeBenefitChange':
        return proposeChange(command, state);
      case 'DecideBenefitChange':
        return decideChange(command, state);
      case 'ApproveEmergencyAdvance':
        return decideEmergencyAdvance(command, state);
      case 'TerminateOnWithdrawal':
        return decideTerminationOnWithdrawal(command, state, calendar);
      default:
        return [];
    }
  }

  return { decide, evolve: evolveReviewCase, initialState: initialReviewCaseState };
}

/** Statuses before the decision (for read models and queues). */
export const OPEN_STATUSES: readonly string[] = PRE_DECISION;
