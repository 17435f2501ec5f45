/**
 * Public events of the verification context (家庭经济状况核对), topic `sa.verification.events`.
 * Verification establishes facts only; eligibility alone judges them (no exclusions, deductions or
 * limits are applied here).
 */
import type {
  AssetKind,
  CaseNumber,
  Fen,
  IncomeType,
  Instant,
  JurisdictionCode,
  LocalDate,
  MonthRange,
  SignedFen,
  Uuid,
  VerificationPurpose,
  VerificationSource,
} from '../types/common';

interface VerificationItemBase {
  memberId: Uuid;
  source: VerificationSource;
  description?: string;
  /** Amount of the item (income over `period`, or balance/value at `asOf`). */
  valueFen?: SignedFen;
  /** Non-money quantity, e.g. floor area in m². */
  quantity?: number;
  /** For flows (income, expenditure): the months the value covers. */
  period?: MonthRange;
  /** For stocks (balances, values): the date the value refers to. */
  asOf?: LocalDate;
  retrievedAt: Instant;
  /** The consent the query was made under. */
  consentId: Uuid;
  /** The platform's own record reference. */
  sourceRecordRef?: string;
}

/** One line of the 核对报告: one fact about one member from one source. */
export type VerificationItem =
  | (VerificationItemBase & { category: 'INCOME'; kind: IncomeType })
  | (VerificationItemBase & { category: 'ASSET'; kind: AssetKind })
  | (VerificationItemBase & { category: 'STATUS' | 'EXPENDITURE'; kind: string });

export interface MemberNotQueried {
  memberId: Uuid;
  reason: 'NO_CONSENT' | 'CONSENT_EXPIRED' | 'SOURCE_NOT_IN_CONSENT_SCOPE' | 'NO_RESIDENT_ID';
  sources: VerificationSource[];
}

export interface UnansweredSource {
  memberId: Uuid;
  source: VerificationSource;
  reason: 'PLATFORM_UNAVAILABLE' | 'NOT_SHARED_BY_REGISTRY' | 'TIMEOUT';
}

/** Income of one type of one member over the reference period. */
export interface MonthlyIncomeFact {
  memberId: Uuid;
  type: IncomeType;
  /** Total over the reference period. */
  totalFen: SignedFen;
  /** Months in the reference period (the divisor, usually 12). */
  months: number;
  /** totalFen / months rounded to the nearest fen, halves away from zero (informative). */
  monthlyAverageFen: SignedFen;
}

export interface AssetTotalFact {
  kind: AssetKind;
  memberIds: Uuid[];
  totalFen: Fen;
}

export interface VehicleFact {
  memberId: Uuid;
  vehicleType: 'PASSENGER_CAR' | 'MOTORCYCLE' | 'TRUCK' | 'AGRICULTURAL' | 'DISABILITY_VEHICLE' | 'VESSEL' | 'OTHER';
  /** Masked plate, e.g. `粤B·***12`. */
  plateMasked?: string;
  registeredOn?: LocalDate;
  valueFen: Fen;
  valuationBasis: 'DEPRECIATED_PURCHASE_PRICE' | 'INSURED_VALUE' | 'APPRAISAL' | 'DECLARED';
  usage: 'PRIVATE' | 'COMMERCIAL' | 'DISABILITY_ADAPTED';
}

export interface BusinessFact {
  memberId: Uuid;
  name: string;
  /** 统一社会信用代码. */
  registrationNumber: string;
  entityType: 'INDIVIDUAL_BUSINESS' | 'COMPANY' | 'FARMER_COOPERATIVE' | 'OTHER';
  role: 'OWNER' | 'SHAREHOLDER' | 'LEGAL_REPRESENTATIVE';
  status: 'ACTIVE' | 'SUSPENDED' | 'DEREGISTERED';
  registeredCapitalFen?: Fen;
  annualNetProfitFen?: SignedFen;
}

export interface HomeFact {
  ownerMemberIds: Uuid[];
  floorAreaSqm: number;
  usage: 'RESIDENTIAL' | 'COMMERCIAL' | 'OTHER';
  /** Division code of the property's location. */
  location?: JurisdictionCode;
  acquiredOn?: LocalDate;
}

/** Household facts aggregated from the items (no policy applied). */
export interface HouseholdFacts {
  /** Reference period: the 12 months before acceptance (before the review for recertifications). */
  referencePeriod: MonthRange;
  monthlyIncome: MonthlyIncomeFact[];
  assetTotals: AssetTotalFact[];
  vehicles: VehicleFact[];
  businesses: BusinessFact[];
  homes: HomeFact[];
}

/** A verification report (核对报告) is complete, as far as the platform could answer. */
export interface HouseholdVerifiedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  verificationId: Uuid;
  /** 1 for the first report of this verification; a re-check after an objection publishes the next. */
  reportVersion: number;
  purpose: VerificationPurpose;
  /** The ReverificationRequested.requestId this answers, for recertifications. */
  requestId?: Uuid;
  platformReportRef: string;
  completedAt: Instant;
  items: VerificationItem[];
  membersNotQueried: MemberNotQueried[];
  unansweredSources: UnansweredSource[];
  facts: HouseholdFacts;
}

/**
 * The household's income over the reference period, unrounded: the sum of every member's and type's
 * `totalFen` (exact fen, never a sum of rounded monthly averages) and the months to divide it by.
 * A consumer that needs a monthly figure divides once, at the end, with its own rounding rule.
 */
export interface HouseholdIncomeTotal {
  totalFen: SignedFen;
  months: number;
}

/** v2: v1 plus the unrounded household income total (`facts.householdIncome`). */
export interface HouseholdVerifiedV2 extends Omit<HouseholdVerifiedV1, 'facts'> {
  facts: HouseholdFacts & { householdIncome: HouseholdIncomeTotal };
}

export interface ManualVerificationReason {
  code:
    | 'PLATFORM_UNAVAILABLE'
    | 'PLATFORM_TIMEOUT'
    | 'SOURCE_NOT_COVERED'
    | 'MEMBER_NOT_FOUND'
    | 'DATA_CONFLICT'
    | 'CROSS_REGION_RECORDS'
    | 'OTHER';
  memberId?: Uuid;
  source?: VerificationSource;
  detail?: string;
}

/** The platform cannot (fully) answer: officers must establish these facts by hand (信函索证 …). */
export interface ManualVerificationRequiredV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  verificationId: Uuid;
  purpose: VerificationPurpose;
  reasons: ManualVerificationReason[];
  outstanding: { memberId: Uuid; source: VerificationSource }[];
  /** When the manual checks must be done. */
  dueOn?: LocalDate;
  /** A partial report already published, if any. */
  partialReportVersion?: number;
}

export interface CorrectedItem {
  memberId: Uuid;
  source: VerificationSource;
  kind: string;
  previousValueFen?: SignedFen;
  correctedValueFen?: SignedFen;
  note?: string;
}

/**
 * The household objected to a report with evidence and the re-check is done. When upheld (fully or
 * partly) a corrected HouseholdVerified (purpose OBJECTION) with `correctedReportVersion` precedes it.
 */
export interface VerificationObjectionResolvedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  verificationId: Uuid;
  objectionId: Uuid;
  raisedOn: LocalDate;
  resolvedOn: LocalDate;
  outcome: 'UPHELD' | 'PARTIALLY_UPHELD' | 'REJECTED';
  findings: string;
  /** Required unless REJECTED. */
  correctedReportVersion?: number;
  correctedItems: CorrectedItem[];
}
