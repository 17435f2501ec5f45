/**
 * Public events of the eligibility context (审核确认), topic `sa.eligibility.events`.
 * Decisions carry everything downstream needs (amount per month, taper schedule, review class and
 * interval, recipient), so disbursement and follow-up never read policy themselves.
 */
import type {
  ActorRef,
  CaseNumber,
  CoveredMember,
  DecisionAuthority,
  ExplanationStep,
  Fen,
  JurisdictionCode,
  LocalDate,
  MonthAmount,
  PolicyVersion,
  Program,
  Recipient,
  RecurringProgram,
  ReviewClass,
  SignedFen,
  Supplement,
  TemporaryAssistanceType,
  Uuid,
  YearMonth,
} from '../types/common';

/** The figures the amount was computed from (for audit and for follow-up's change detection). */
export interface BenefitAssessment {
  benefitMethod: 'GAP' | 'TIERED';
  subsistenceStandardFen: Fen;
  householdSize: number;
  /** Assessed household income per month (exclusions and deductions applied). */
  householdMonthlyIncomeFen: SignedFen;
  perCapitaMonthlyIncomeFen: SignedFen;
}

interface AssistanceDecisionBase {
  caseId: Uuid;
  caseNumber: CaseNumber;
  decisionId: Uuid;
  membersCovered: CoveredMember[];
  policyVersion: PolicyVersion;
  /** How the decision was reached, step by step. */
  explanation: ExplanationStep[];
  /** Who proposed (初审意见) — never the same person as `decidedBy`. */
  proposedBy: ActorRef;
  decidedBy: ActorRef;
  decisionAuthority: DecisionAuthority;
  decidedOn: LocalDate;
  recipient: Recipient;
  /** The case's jurisdiction (community code). */
  jurisdiction: JurisdictionCode;
}

/** 低保 / 特困 / 低保边缘: paid every month from `startMonth` until a BenefitChanged. */
export interface AssistanceGrantedV1Recurring extends AssistanceDecisionBase {
  program: RecurringProgram;
  /** HOUSEHOLD, or INDIVIDUAL (单人保) for one member of an otherwise ineligible household. */
  coverage: 'HOUSEHOLD' | 'INDIVIDUAL';
  /** Amount before supplements. */
  baseAmountFen: Fen;
  supplements: Supplement[];
  /** = baseAmountFen + Σ supplements.amountFen. 0 is allowed (status only, e.g. 低保边缘). */
  monthlyAmountFen: Fen;
  /** First month paid: the month after the decision. */
  startMonth: YearMonth;
  /** Required for EXTREME_POVERTY_SUPPORT (sets the care allowance). */
  selfCareLevel?: 'SELF_SUFFICIENT' | 'PARTLY_DEPENDENT' | 'FULLY_DEPENDENT';
  assessment: BenefitAssessment;
  reviewClass: ReviewClass;
  reviewIntervalMonths: number;
}

/** 临时救助: one payment or a few instalments. */
export interface AssistanceGrantedV1Temporary extends AssistanceDecisionBase {
  program: 'TEMPORARY_ASSISTANCE';
  temporaryAssistanceType: TemporaryAssistanceType;
  /** Months ascending; the first is `startMonth`. */
  instalments: MonthAmount[];
  /** = Σ instalments.amountFen. */
  totalAmountFen: Fen;
  startMonth: YearMonth;
  /** Already paid as an emergency advance (先行救助) and not part of the instalments. */
  emergencyAdvancePaidFen?: Fen;
}

/** 审核确认: assistance approved. Discriminated on `program`. */
export type AssistanceGrantedV1 = AssistanceGrantedV1Recurring | AssistanceGrantedV1Temporary;

/** The appeal (行政复议 / 行政诉讼) whose outcome a decision carries out. */
export interface AppealRef {
  appealId: Uuid;
  kind: 'ADMINISTRATIVE_REVIEW' | 'LITIGATION';
  outcome: 'REVOKED' | 'CHANGED';
  /** The decision the household contested (a refusal, for AssistanceGranted v2). */
  contestedDecisionId: Uuid;
  /** 复议决定书 / 判决书 number. */
  documentRef: string;
  documentDate: LocalDate;
}

/**
 * v2: v1 plus `appeal` on a recurring grant — the approval a review body / court ordered by revoking a
 * refusal. Its `startMonth` may be at or before the month of the decision (the month after the revoked
 * refusal); disbursement back-pays the months already past. Published only then (v1 stays current).
 */
export type AssistanceGrantedV2 = (AssistanceGrantedV1Recurring & { appeal?: AppealRef }) | AssistanceGrantedV1Temporary;

/** 追回 by offset: the monthly cap (integer %, 0–99, of a month's regular payment) of the policy a decision was made under. */
export interface OverpaymentRecoveryCap {
  monthlyCapPercent: number;
}

/**
 * v3: v2 plus `overpaymentRecovery` on a recurring grant — the 追回 cap of the policy version
 * (`policyVersion`) the decision was made under. Published only when that policy sets the cap (v1 / v2
 * otherwise); a consumer applies its own default to a grant without it.
 */
export type AssistanceGrantedV3 = (AssistanceGrantedV1Recurring & { appeal?: AppealRef; overpaymentRecovery?: OverpaymentRecoveryCap }) | AssistanceGrantedV1Temporary;

export type RefusalReasonCode =
  | 'INCOME_ABOVE_STANDARD'
  | 'FINANCIAL_ASSETS_ABOVE_LIMIT'
  | 'VEHICLE_ABOVE_LIMIT'
  | 'BUSINESS_ABOVE_LIMIT'
  | 'HOUSING_ABOVE_LIMIT'
  | 'HAS_ABLE_SUPPORTER'
  | 'HAS_WORK_ABILITY'
  | 'NOT_REGISTERED_RESIDENT'
  | 'FALSE_DECLARATION'
  | 'VERIFICATION_CONSENT_REFUSED'
  | 'OTHER';

/** Refusal with written reasons, which must reach the household by `noticeDueOn`. */
export interface AssistanceRefusedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  decisionId: Uuid;
  program: Program;
  temporaryAssistanceType?: TemporaryAssistanceType;
  reasons: { code: RefusalReasonCode; description: string; memberId?: Uuid }[];
  explanation: ExplanationStep[];
  policyVersion: PolicyVersion;
  proposedBy: ActorRef;
  decidedBy: ActorRef;
  decisionAuthority: DecisionAuthority;
  decidedOn: LocalDate;
  /** Written notice deadline (3 working days after the decision by national rule). */
  noticeDueOn: LocalDate;
  jurisdiction: JurisdictionCode;
}

/**
 * v2 of the refusal: published instead of v1 only when the written-notice deadline cannot be
 * counted yet (the holiday schedule of `calendarMissing` is not published): `noticeDueOn` is null.
 */
export interface AssistanceRefusedV2 extends Omit<AssistanceRefusedV1, 'noticeDueOn'> {
  noticeDueOn: LocalDate | null;
  /** The year whose holiday schedule is missing, with `noticeDueOn` null. */
  calendarMissing?: number;
}

/**
 * A year's national holiday schedule (节假日安排) published by a policy_admin; a correction is the
 * next version and supersedes the previous one whole. Key: `calendarId` (`CN-<year>`).
 */
export interface HolidayCalendarPublishedV1 {
  calendarId: string;
  year: number;
  version: number;
  supersedesVersion: number | null;
  holidays: LocalDate[];
  makeUpWorkdays: LocalDate[];
  /** The notice published (国办发明电…), or `EXAMPLE` for test data. */
  source: string;
  reason?: string;
  publishedOn: LocalDate;
  publishedBy: ActorRef;
}

export type BenefitChangeType = 'INCREASE' | 'DECREASE' | 'TAPER' | 'SUSPENSION' | 'TERMINATION' | 'RESUMPTION';

export type BenefitChangeReasonCode =
  | 'INCOME_INCREASED'
  | 'INCOME_DECREASED'
  | 'HOUSEHOLD_SIZE_CHANGED'
  | 'MEMBER_DECEASED'
  | 'ASSETS_ABOVE_LIMIT'
  | 'STANDARD_ADJUSTED'
  | 'SUPPLEMENT_CHANGED'
  | 'REFUSED_SUITABLE_WORK'
  | 'FALSE_DECLARATION'
  | 'HOUSEHOLD_UNREACHABLE'
  | 'MOVED_AWAY'
  | 'IMPRISONED'
  | 'REGAINED_WORK_ABILITY'
  | 'SUPPORTER_ABLE'
  | 'AGED_OUT'
  | 'CIRCUMSTANCES_RESTORED'
  | 'HOUSEHOLD_REQUEST'
  | 'OTHER';

export interface BenefitChangeTrigger {
  kind:
    | 'PERIODIC_REVIEW'
    | 'CHANGE_REQUEST'
    | 'COMPLAINT'
    | 'DATA_ALERT'
    | 'VERIFICATION_OBJECTION'
    | 'POLICY_CHANGE'
    | 'OFFICER_INITIATIVE';
  /** Id of the review, change request, complaint … that triggered it. */
  refId?: Uuid;
}

/**
 * A decided change to a recurring benefit, effective from `effectiveMonth`.
 * - INCREASE / DECREASE / RESUMPTION: `monthlyAmountFen` is the new amount.
 * - TAPER (渐退): `taperSchedule` lists each remaining month from `effectiveMonth`; the benefit
 *   ends after its last month.
 * - SUSPENSION / TERMINATION: nothing is paid from `effectiveMonth` (no amount, no schedule).
 * DECREASE and TERMINATION need written reasons to the household by `writtenNoticeDueOn`.
 */
export interface BenefitChangedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  decisionId: Uuid;
  program: RecurringProgram;
  changeType: BenefitChangeType;
  effectiveMonth: YearMonth;
  previousMonthlyAmountFen: Fen;
  monthlyAmountFen?: Fen;
  taperSchedule?: MonthAmount[];
  /** Set when coverage or supplements change with the amount. */
  membersCovered?: CoveredMember[];
  supplements?: Supplement[];
  reason: { code: BenefitChangeReasonCode; description: string };
  trigger: BenefitChangeTrigger;
  explanation: ExplanationStep[];
  policyVersion: PolicyVersion;
  decidedBy: ActorRef;
  decidedOn: LocalDate;
  writtenNoticeDueOn?: LocalDate;
  /** Set when the household's review class/interval changes. */
  reviewClass?: ReviewClass;
  reviewIntervalMonths?: number;
  /** Overpayment to recover (fraud or unreported change). */
  overpaymentFen?: Fen;
  jurisdiction: JurisdictionCode;
}

/**
 * v2, published only while the written-notice deadline is open: `writtenNoticeDueOn` null because
 * the holiday schedule of `calendarMissing` is not published yet (v1 otherwise).
 */
export interface BenefitChangedV2 extends Omit<BenefitChangedV1, 'writtenNoticeDueOn'> {
  writtenNoticeDueOn?: LocalDate | null;
  /** The year whose holiday schedule is missing, with `writtenNoticeDueOn` null. */
  calendarMissing?: number;
}

/**
 * v3: v2 plus `proposedBy`, the officer who proposed the change (four-eyes: never the one who
 * decided, except where the system ends a benefit on a recorded withdrawal). Published for every
 * change; `writtenNoticeDueOn` null + `calendarMissing` as in v2 while that deadline is open.
 */
export interface BenefitChangedV3 extends BenefitChangedV2 {
  proposedBy: ActorRef;
}

/**
 * v4: a change an appeal's outcome caused (行政复议 / 行政诉讼 REVOKED or CHANGED the contested decision).
 * v3 plus `appeal`, with trigger.kind `APPEAL` and refId = the appeal id. Published only for such a
 * change (v3 stays current for every other); consumers read it as v3 (same amounts, months, notice).
 */
export interface BenefitChangedV4 extends Omit<BenefitChangedV3, 'trigger'> {
  trigger: { kind: BenefitChangeTrigger['kind'] | 'APPEAL'; refId?: Uuid };
  appeal: AppealRef;
}

/**
 * v5: a change decided under a policy version that sets the 追回 cap — v3 (or v4 for a change an appeal caused:
 * `appeal` and trigger APPEAL) plus `overpaymentRecovery`, the cap of `policyVersion`. Published only then (v3 / v4
 * otherwise); disbursement replaces the entitlement's cap with it, so the newest policy's cap governs the next offset.
 */
export interface BenefitChangedV5 extends Omit<BenefitChangedV4, 'appeal'> {
  appeal?: AppealRef;
  overpaymentRecovery: OverpaymentRecoveryCap;
}

/**
 * 先行救助 approved on an emergency temporary-assistance case (急难型): disbursement pays the advance
 * for this event only. amountFen ≤ advanceLimitFen, the case's remaining limit under policyVersion.
 */
export interface EmergencyAdvanceApprovedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  advanceId: Uuid;
  amountFen: Fen;
  advanceLimitFen: Fen;
  policyVersion: PolicyVersion;
  /** The paperwork must be complete this many working days after the payment. */
  paperworkWorkingDays: number;
  recipient: Recipient;
  reason: string;
  approvedBy: ActorRef;
  approvedOn: LocalDate;
  jurisdiction: JurisdictionCode;
}
