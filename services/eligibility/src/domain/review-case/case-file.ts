/**
 * The case file of a review case (审核确认): the household snapshot taken at acceptance, verified
 * facts, investigation records, opinions, notices, objections, the decision and the benefit. Plain
 * JSON shapes only: they travel inside the events of stream `reviewCase-<caseId>`.
 */
import type { BenefitChangeReasonCode, BenefitChangeTrigger, RefusalReasonCode } from '@sa/contracts';
import { CalendarDate, CalendarMonth } from '../calendar-date';
import { Reason, Step } from '../explanation';
import { HouseholdAssets, HouseholdMember, IncomeItem } from '../household';
import { Fen } from '../money';
import { Deadlines, ReviewClass, SelfCareLevel, SupplyMode } from '../policy/policy-version';
import { SelfCareActivity, Supporter } from '../rules/extreme-poverty';
import { TemporaryAssistanceType } from '../rules/temporary-assistance';
import type { Appeal, RecordedDecision } from './appeals';

export type Program = 'MINIMUM_LIVING_ALLOWANCE' | 'EXTREME_POVERTY_SUPPORT' | 'TEMPORARY_ASSISTANCE' | 'LOW_INCOME_MARGINAL';
export type RecurringProgram = Exclude<Program, 'TEMPORARY_ASSISTANCE'>;

export const PROGRAM_LABELS: Record<Program, string> = {
  MINIMUM_LIVING_ALLOWANCE: '最低生活保障',
  EXTREME_POVERTY_SUPPORT: '特困人员救助供养',
  TEMPORARY_ASSISTANCE: '临时救助',
  LOW_INCOME_MARGINAL: '低保边缘家庭',
};

export const reviewCaseStreamId = (caseId: string): string => `reviewCase-${caseId}`;

/** Who did something: the verified identity and the role they acted under. */
export interface ActorRef {
  id: string;
  role: string;
  /** Administrative division code: 6 digits district/county, 9 street, 12 community. */
  jurisdiction: string;
}

/** An officer named on a record (e.g. one of the two visiting officers). */
export interface OfficerRef {
  id: string;
  jurisdiction: string;
  name?: string;
}

/** A member as the rules read them, plus the name (for decisions and masked notices) and relation. */
export interface CaseMember extends HouseholdMember {
  name: string;
  relation: string;
}

/** One month of one type of income of one member, as the household declared it (申报). */
export interface DeclaredIncomeMonth {
  memberId: string;
  type: IncomeItem['type'];
  month: CalendarMonth;
  amountFen: Fen;
}

/** An asset as the household declared it (kinds as in the contracts' AssetKind). */
export interface DeclaredAssetItem {
  kind: string;
  ownerMemberIds: string[];
  valueFen?: Fen;
  floorAreaSqm?: number;
}

/**
 * The household's declaration of income and property (家庭收入和财产状况申报) from the accepted
 * application. It binds the household: a declared figure counts unless verification reports the
 * same item (declared-facts.ts). Absent on cases opened before declarations were kept.
 */
export interface Declaration {
  incomes: DeclaredIncomeMonth[];
  assets: DeclaredAssetItem[];
}

export interface HouseholdSnapshot {
  applicantMemberId: string;
  members: CaseMember[];
  declaration?: Declaration;
}

export interface TemporaryAssistanceRequest {
  type: TemporaryAssistanceType;
  requestedAmountFen: Fen | null;
  emergencyAdvanceRequested: boolean;
}

export interface ConflictOfInterestFlag {
  flagged: boolean;
  memberIds: string[];
}

/** Verified income and assets in the rule engine's shape (no policy applied yet). */
export type VerificationFacts = HouseholdAssets & { incomes: IncomeItem[] };

export interface VerificationReport {
  verificationId: string;
  reportVersion: number;
  purpose: 'INITIAL' | 'RECERTIFICATION' | 'OBJECTION';
  platformReportRef: string;
  completedAt: string;
  receivedOn: CalendarDate;
  facts: VerificationFacts;
  /** Member/source pairs the platform could not answer (the case shows what is outstanding). */
  outstanding: { memberId: string; source: string }[];
}

export interface HomeVisit {
  visitId: string;
  round: number;
  visitedOn: CalendarDate;
  officers: OfficerRef[];
  /** Every officer is a county (district) officer: 6-digit jurisdiction. */
  countyLevel: boolean;
  findings: string;
  /** Scans of the officers' signatures on the visit record. */
  signatureRefs: string[];
  /** Scan of the household's signature. */
  householdSignatureRef: string | null;
  evidenceRefs: string[];
  recordedBy: ActorRef;
}

export interface NeighbourhoodInquiry {
  inquiryId: string;
  round: number;
  conductedOn: CalendarDate;
  officerIds: string[];
  intervieweeCount: number;
  summary: string;
  evidenceRefs: string[];
  recordedBy: ActorRef;
}

export interface EvidenceLetter {
  letterId: string;
  round: number;
  sentOn: CalendarDate;
  addressee: string;
  purpose: string;
  replyRef: string | null;
  recordedBy: ActorRef;
}

/** A written reason for a refusal, coded as in the public contract. */
export interface WrittenReason {
  code: RefusalReasonCode;
  description: string;
  memberId?: string;
}

/** What the officers established for a 特困 assessment (self-care over six activities, supporters). */
export interface ExtremePovertyInputs {
  memberId: string;
  selfCare: Record<SelfCareActivity, 'ABLE' | 'UNABLE'>;
  supporters: Supporter[];
  /** 供养方式 (集中供养 / 分散供养) found by the officers; absent on cases recorded before it existed. */
  supplyMode?: SupplyMode | null;
}

export interface TemporaryAssistanceInputs {
  requestedAmountFen: Fen;
  instalmentMonths: number;
}

export interface AssessedSupplement {
  memberId: string;
  category: 'SEVERE_ILLNESS' | 'SEVERE_DISABILITY' | 'ELDERLY' | 'MINOR' | 'CARE_ALLOWANCE';
  amountFen: Fen;
}

export interface TemporaryAssessment {
  assistanceType: TemporaryAssistanceType;
  requestedFen: Fen;
  capFen: Fen;
  grantableFen: Fen;
  /** STREET_OFFICE: the street office / township approves alone; COUNTY: notice and county approval. */
  authority: 'STREET_OFFICE' | 'COUNTY';
  instalments: { month: CalendarMonth; amountFen: Fen }[];
  emergencyAdvanceMaxFen: Fen | null;
}

/** The rule engine's answer for this case, as recorded on opinions and decisions. */
export interface CaseAssessment {
  program: Program;
  policyVersion: string;
  assessmentDate: CalendarDate;
  /** Whether the program's conditions are met (for 低保边缘: the household is marginal). */
  eligible: boolean;
  /** The rule's outcome code (ELIGIBLE, MARGINAL, INDIVIDUAL_COVERAGE, MARGINAL_WITH_INDIVIDUAL_COVERAGE, INELIGIBLE …). */
  outcome: string;
  /**
   * The household is 低保边缘 (also when members are covered individually, 单人保): both outcomes
   * are decided together. Absent when not marginal (and on assessments recorded before).
   */
  householdMarginal?: boolean;
  coverage: 'HOUSEHOLD' | 'INDIVIDUAL';
  /** Recurring: the monthly amount; temporary assistance: the total granted. */
  monthlyAmountFen: Fen;
  baseAmountFen: Fen;
  supplements: AssessedSupplement[];
  coveredMemberIds: string[];
  householdSize: number;
  householdMonthlyIncomeFen: Fen;
  perCapitaMonthlyIncomeFen: Fen;
  benefitMethod: 'GAP' | 'TIERED';
  subsistenceStandardFen: Fen;
  reviewClass: ReviewClass;
  reviewIntervalMonths: number;
  selfCareLevel: SelfCareLevel | null;
  temporary: TemporaryAssessment | null;
  /** The verification report the figures came from. */
  verification: { verificationId: string; reportVersion: number } | null;
  reasons: Reason[];
  explanation: Step[];
}

export interface InitialOpinion {
  opinionId: string;
  round: number;
  proposal: 'APPROVE' | 'REFUSE';
  proposedBy: ActorRef;
  proposedOn: CalendarDate;
  policyVersion: string;
  assessment: CaseAssessment | null;
  reasons: WrittenReason[];
  note: string;
  /** Whether a public notice must precede the decision. */
  noticeRequired: boolean;
  /** Notice period of the policy applied (calendar days). */
  noticeDays: number;
  /** Who may decide: COUNTY, or the STREET_OFFICE alone (small temporary assistance). */
  authority: 'COUNTY' | 'STREET_OFFICE';
  extremePoverty: ExtremePovertyInputs | null;
  temporary: TemporaryAssistanceInputs | null;
  reviewClass: ReviewClass | null;
}

export interface PublicNotice {
  noticeId: string;
  round: number;
  postedOn: CalendarDate;
  /** The last day of the notice period; a decision may come the day after at the earliest. */
  lastDay: CalendarDate;
  days: number;
  location: string;
  text: string;
  postedBy: ActorRef;
}

export interface ObjectionResolution {
  resolvedOn: CalendarDate;
  /** 重新调查 or 民主评议. */
  method: 'REINVESTIGATION' | 'COMMUNITY_APPRAISAL';
  outcome: 'UPHELD' | 'REJECTED';
  findings: string;
  appraisal: { heldOn: CalendarDate; participants: number; inFavour: number; against: number } | null;
  evidenceRefs: string[];
  resolvedBy: ActorRef;
}

export interface Objection {
  objectionId: string;
  round: number;
  filedOn: CalendarDate;
  /** What is objected to, without the objector's identity or personal data. */
  summary: string;
  evidenceRefs: string[];
  recordedBy: ActorRef;
  resolution: ObjectionResolution | null;
}

export interface Recipient {
  memberId: string;
  name: string;
  bankAccountRef: string;
  bankAccountMasked?: string;
}

export type DecisionAuthority = 'COUNTY' | 'STREET_DELEGATED';

export interface CaseDecision {
  decisionId: string;
  outcome: 'APPROVED' | 'REFUSED';
  decidedOn: CalendarDate;
  decidedBy: ActorRef;
  proposedBy: ActorRef;
  decisionAuthority: DecisionAuthority;
  policyVersion: string;
  /** Approval: the month after the decision (temporary assistance: the first instalment month). */
  startMonth: CalendarMonth | null;
  monthlyAmountFen: Fen;
  noticeDueOn: CalendarDate | null;
  /** The notice date is open: the year whose holiday schedule is missing. */
  calendarMissing?: number | null;
  /** With the notice date open: the working days of the notice period (to date it later). */
  noticeWorkingDays?: number;
  overdue: boolean;
}

export type BenefitStatus = 'ACTIVE' | 'SUSPENDED' | 'TAPERING' | 'TERMINATED';

/** The recurring benefit as the last decision left it. */
export interface Benefit {
  status: BenefitStatus;
  program: RecurringProgram;
  monthlyAmountFen: Fen;
  /** The month from which the current status/amount applies. */
  sinceMonth: CalendarMonth;
  coverage: 'HOUSEHOLD' | 'INDIVIDUAL';
  coveredMemberIds: string[];
  supplements: AssessedSupplement[];
  reviewClass: ReviewClass;
  reviewIntervalMonths: number;
  policyVersion: string;
  decisionId: string;
  taperSchedule: { month: CalendarMonth; amountFen: Fen }[] | null;
}

export type RequestedChange = 'RECALCULATE' | 'SUSPEND' | 'TERMINATE' | 'RESUME';
export type BenefitChangeType = 'INCREASE' | 'DECREASE' | 'TAPER' | 'SUSPENSION' | 'TERMINATION' | 'RESUMPTION';

/** Monthly averages of income newly declared for a change (provisional until re-verified). */
export interface DeclaredIncomeChange {
  memberId: string;
  type: IncomeItem['type'];
  month: CalendarMonth;
  amountFen: Fen;
}

export interface Redetermination {
  changeRequestId: string;
  origin: 'HOUSEHOLD_REPORT' | 'REVIEW' | 'COMPLAINT' | 'DATA_ALERT' | 'OFFICER';
  requestedChange: RequestedChange;
  trigger: BenefitChangeTrigger;
  reportedOn: CalendarDate;
  receivedOn: CalendarDate;
  urgent: boolean;
  changes: { kind: string; memberId?: string; description: string }[];
  /** Follow-up's recommended outcome (ChangeRequested v2, from a review); absent in v1 requests. */
  recommendation?: 'INCREASE' | 'DECREASE' | 'TAPER' | 'SUSPENSION' | 'TERMINATION';
  /** The written reasons follow-up gave (ChangeRequested v2); absent in v1 requests. */
  reasons?: string[];
  proposal: BenefitChangeProposal | null;
}

export interface BenefitChangeProposal {
  proposalId: string;
  proposedBy: ActorRef;
  proposedOn: CalendarDate;
  policyVersion: string;
  /** NO_CHANGE: the rules give the same amount; the redetermination closes without a change. */
  changeType: BenefitChangeType | 'NO_CHANGE';
  monthlyAmountFen: Fen | null;
  reason: { code: BenefitChangeReasonCode; description: string };
  assessment: CaseAssessment | null;
}

export type CaseStatus = 'NONE' | 'INVESTIGATING' | 'OPINION_ISSUED' | 'IN_NOTICE' | 'SUBMITTED' | 'APPROVED' | 'REFUSED' | 'WITHDRAWN';

export interface DecisionDeadline {
  workingDays: number;
  /** Null when the working-day calendar does not reach that far (holidays not yet published). */
  dueOn: CalendarDate | null;
  extensionReason: string | null;
  investigationStartDueOn: CalendarDate | null;
  /** `dueOn` open: the year whose holiday schedule is missing. */
  calendarMissing?: number | null;
}

/**
 * The account the household asked to be paid into, as intake accepted it (ApplicationAccepted v2):
 * who holds it and the masked number only. The number itself stays with intake and the bank-account
 * registry; the approval names the account by its reference.
 */
export interface PayeeAccount {
  holderMemberId: string;
  bankName: string;
  accountMasked: string;
}

export interface ReviewCaseState {
  status: CaseStatus;
  caseId: string | null;
  caseNumber: string | null;
  program: Program | null;
  temporaryAssistance: TemporaryAssistanceRequest | null;
  jurisdiction: string | null;
  acceptedOn: CalendarDate | null;
  household: HouseholdSnapshot | null;
  conflictOfInterest: ConflictOfInterestFlag;
  /** The payee account from the application (v2 acceptances); null when none was given or the acceptance was v1. */
  payee?: PayeeAccount | null;
  /** The procedural deadlines that applied at acceptance. */
  procedure: Deadlines | null;
  deadline: DecisionDeadline | null;
  /** Opinion round: 1, then one more after each objection round is resolved. */
  round: number;
  verifications: VerificationReport[];
  visits: HomeVisit[];
  inquiries: NeighbourhoodInquiry[];
  letters: EvidenceLetter[];
  opinions: InitialOpinion[];
  notices: PublicNotice[];
  objections: Objection[];
  submission: { round: number; submittedOn: CalendarDate; submittedBy: ActorRef; reviewNote: string } | null;
  decision: CaseDecision | null;
  benefit: Benefit | null;
  redetermination: Redetermination | null;
  /** Change requests already handled (idempotency across redeterminations). */
  handledChangeRequests: string[];
  /**
   * Income newly declared with a change request: used instead of the verified items of those
   * members and types until a verification report newer than the request arrives.
   */
  incomeOverrides: { items: IncomeItem[]; afterReports: number } | null;
  /** 先行救助 approved on the case (emergency-advance.ts); absent before the first. */
  emergencyAdvances?: { advanceId: string; amountFen: Fen }[];
  /**
   * Written notices of benefit changes whose due date was left open (holiday schedule missing),
   * until `DueDatesDated` dates them (due-dates.decide.ts); absent before the first.
   */
  openChangeNotices?: OpenChangeNotice[];
  /** The case's decisions that can be contested (appeals.ts), in order; absent before the first. */
  decisions?: RecordedDecision[];
  /** 行政复议 / 行政诉讼 recorded on the case (appeals.ts); absent before the first. */
  appeals?: Appeal[];
  /**
   * 存量台账迁入: the case was decided before this system and brought in from a ledger (migration.ts) — which
   * file (name, SHA-256, rows), by whom and when. Absent for a case decided here.
   */
  migrated?: MigratedFrom;
}

/** Where a migrated case came from: the ledger file and the officer who imported it. */
export interface MigratedFrom {
  importId: string;
  fileName: string;
  fileDigest: string;
  rows: number[];
  importedBy: ActorRef;
  importedOn: CalendarDate;
}

/** A benefit change's written notice with an open due date: what dating it needs. */
export interface OpenChangeNotice {
  decisionId: string;
  decidedOn: CalendarDate;
  workingDays: number;
  calendarMissing: number;
}
