/**
 * Public events of the follow-up context (动态管理), topic `sa.follow-up.events`.
 * Follow-up finds and recommends; eligibility alone decides changes to a benefit.
 */
import type {
  CaseNumber,
  DeclaredIncome,
  DocumentRef,
  Fen,
  HouseholdMember,
  JurisdictionCode,
  LocalDate,
  MonthRange,
  ResidentId,
  RecurringProgram,
  Uuid,
  VerificationConsent,
  VerificationSource,
  YearMonth,
} from '../types/common';

export type CircumstanceChangeKind =
  | 'INCOME'
  | 'ASSETS'
  | 'MEMBER_JOINED'
  | 'MEMBER_LEFT'
  | 'MEMBER_DECEASED'
  | 'HEALTH'
  | 'DISABILITY'
  | 'EMPLOYMENT'
  | 'ADDRESS'
  | 'OTHER';

export interface CircumstanceChange {
  kind: CircumstanceChangeKind;
  memberId?: Uuid;
  description: string;
  /** For MEMBER_JOINED: the new member. */
  member?: HouseholdMember;
  /** For INCOME: the newly declared months. */
  declaredIncome?: DeclaredIncome[];
  evidenceRefs?: DocumentRef[];
}

export type RecommendedOutcome = 'NO_CHANGE' | 'INCREASE' | 'DECREASE' | 'TAPER' | 'SUSPENSION' | 'TERMINATION';

/** A periodic or triggered review (定期核查) is done; eligibility decides on any recommended change. */
export interface ReviewCompletedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  reviewId: Uuid;
  reviewType: 'PERIODIC' | 'TRIGGERED';
  trigger?: { kind: 'CHANGE_REPORT' | 'COMPLAINT' | 'DATA_ALERT' | 'PAYMENT_RETURNED' | 'LEAD' | 'OTHER'; refId?: Uuid };
  /** For PERIODIC: the month the review was due. */
  dueMonth?: YearMonth;
  completedOn: LocalDate;
  /** Home visit, by at least two officers. */
  visit?: { visitedOn: LocalDate; officerIds: string[]; reportRef?: DocumentRef };
  /** The re-verification report the review used. */
  verification?: { verificationId: Uuid; reportVersion: number };
  finding: 'NO_MATERIAL_CHANGE' | 'CHANGE_FOUND' | 'HOUSEHOLD_UNREACHABLE';
  changes: CircumstanceChange[];
  recommendation: RecommendedOutcome;
  summary: string;
  nextReviewDueMonth?: YearMonth;
}

/** A change in circumstances to be decided by eligibility (the household's report, a data alert …). */
export interface ChangeRequestedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  changeRequestId: Uuid;
  origin: 'HOUSEHOLD_REPORT' | 'REVIEW' | 'COMPLAINT' | 'DATA_ALERT' | 'OFFICER';
  requestedChange: 'RECALCULATE' | 'SUSPEND' | 'TERMINATE' | 'RESUME';
  reportedOn: LocalDate;
  /** When the circumstances changed. */
  changedOn?: LocalDate;
  changes: CircumstanceChange[];
  reviewId?: Uuid;
  complaintId?: Uuid;
  urgent: boolean;
}

/**
 * v2: v1 plus follow-up's recommendation (when the request comes from a review) and the written
 * reasons for it, so the officer who decides sees what was proposed and why.
 */
export interface ChangeRequestedV2 extends ChangeRequestedV1 {
  recommendation?: Exclude<RecommendedOutcome, 'NO_CHANGE'>;
  reasons: string[];
}

/** 监督举报 handled. The complainant's identity is confidential and never published. */
export interface ComplaintResolvedV1 {
  caseId: Uuid;
  caseNumber?: CaseNumber;
  complaintId: Uuid;
  receivedOn: LocalDate;
  resolvedOn: LocalDate;
  channel: 'HOTLINE' | 'LETTER' | 'ONLINE' | 'IN_PERSON' | 'REFERRAL';
  subject: 'WRONGFUL_BENEFIT' | 'OFFICER_MISCONDUCT' | 'SERVICE_QUALITY' | 'OTHER';
  outcome: 'SUBSTANTIATED' | 'PARTIALLY_SUBSTANTIATED' | 'UNSUBSTANTIATED' | 'REFERRED';
  findings: string;
  actions: ('CHANGE_REQUESTED' | 'REVERIFICATION_REQUESTED' | 'DISCIPLINARY_REFERRAL' | 'RECOVERY_RECOMMENDED' | 'NONE')[];
  fraudSuspected: boolean;
  estimatedOverpaymentFen?: Fen;
  jurisdiction: JurisdictionCode;
}

/**
 * Follow-up asks verification for a re-check (recertification). Self-contained: it names the
 * members to query and the consents that allow it; verification queries only members with a
 * consent covering the source and purpose RECERTIFICATION.
 */
export interface ReverificationRequestedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  requestId: Uuid;
  purpose: 'RECERTIFICATION';
  trigger: { kind: 'PERIODIC_REVIEW' | 'CHANGE_REPORT' | 'COMPLAINT' | 'DATA_ALERT'; refId?: Uuid };
  reviewId?: Uuid;
  members: { memberId: Uuid; name: string; residentId: ResidentId }[];
  /** All sources when absent. */
  sources?: VerificationSource[];
  referencePeriod: MonthRange;
  consents: VerificationConsent[];
  dueOn: LocalDate;
  jurisdiction: JurisdictionCode;
}

/**
 * 动态管理: the household left recurring assistance and its follow-up case is closed — after a
 * termination decided by eligibility (`TERMINATED`) or once the last month of a taper (渐退) has passed
 * (`TAPER_ENDED`). `decisionId` is the last benefit decision applied. Intake closes the accepted
 * application on it (a taper's end is decided by no other event), releasing the household.
 */
export interface AssistanceExitedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  jurisdiction: JurisdictionCode;
  program: RecurringProgram;
  reason: 'TERMINATED' | 'TAPER_ENDED';
  exitedOn: LocalDate;
  decisionId: Uuid;
  finalNote: string;
}
