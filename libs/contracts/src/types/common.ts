/**
 * Value types shared by the public integration events. Each has a twin in
 * `schemas/common/definitions.v1.json` (`$defs/<name>`); keep them in step.
 */

/** Lower-case canonical UUID (`crypto.randomUUID()` form). */
export type Uuid = string;
/** Money in integer fen (分), a non-negative safe integer unless the field says "signed". */
export type Fen = number;
/** Signed integer fen, for figures that can be negative (business losses, corrections). */
export type SignedFen = number;
/** Calendar date `YYYY-MM-DD`, in Asia/Shanghai. */
export type LocalDate = string;
/** Calendar month `YYYY-MM`, in Asia/Shanghai. */
export type YearMonth = string;
/** ISO-8601 instant with an offset, e.g. `2025-03-04T09:30:00+08:00`. */
export type Instant = string;
/** Administrative division code: 6 digits (district/county), 9 (street/township) or 12 (community/village). */
export type JurisdictionCode = string;
/** 18-character resident identity number, last character a GB 11643 check digit (0-9 or X). */
export type ResidentId = string;
/** Human-readable case number assigned by intake on acceptance, e.g. `DB-440305001-2025-000123`. */
export type CaseNumber = string;
/** Opaque reference to a document in the document store (scan of a signed form, certificate, photo …). */
export type DocumentRef = string;
/** Identifier of an applied policy version (eligibility's policy parameters), e.g. `440305-2025-01`. */
export type PolicyVersion = string;

/** An inclusive range of months. */
export interface MonthRange {
  from: YearMonth;
  to: YearMonth;
}

/** An amount for one month (taper schedules, instalments). */
export interface MonthAmount {
  month: YearMonth;
  amountFen: Fen;
}

export const PROGRAMS = [
  'MINIMUM_LIVING_ALLOWANCE',
  'EXTREME_POVERTY_SUPPORT',
  'TEMPORARY_ASSISTANCE',
  'LOW_INCOME_MARGINAL',
] as const;
/** 低保 / 特困 / 临时救助 / 低保边缘. */
export type Program = (typeof PROGRAMS)[number];
/** Programs paid monthly until changed (everything but temporary assistance). */
export type RecurringProgram = Exclude<Program, 'TEMPORARY_ASSISTANCE'>;

/** 急难型 (accident, sudden illness, disaster) or 支出型 (essential spending exceeds means). */
export type TemporaryAssistanceType = 'EMERGENCY' | 'EXPENDITURE';

/** Who did something: the verified identity (JWT `sub`) or a system component. */
export interface ActorRef {
  id: string;
  /** e.g. `county_approver`, `street_reviewer`, `system`. */
  role: string;
  jurisdiction: JurisdictionCode;
}

/**
 * Income types as the national statistics and the 核对 platforms name them. Which types are
 * excluded from assessed income is a policy parameter of eligibility, not a property of the type.
 */
export const INCOME_TYPES = [
  'WAGES', // 工资性收入
  'BUSINESS', // 经营净收入
  'PROPERTY', // 财产净收入 (rent, interest, dividends)
  'PENSION', // 离退休金 / 职工养老金
  'BASIC_RESIDENT_PENSION', // 城乡居民基础养老金
  'SUPPORT_PAYMENT', // 赡养费 / 扶养费 / 抚养费
  'UNEMPLOYMENT_BENEFIT', // 失业保险金
  'SPECIAL_CARE_PENSION', // 优待抚恤金
  'FAMILY_PLANNING_REWARD', // 计划生育奖励扶助金
  'SCHOLARSHIP', // 奖学金 / 助学金
  'HEROIC_ACT_AWARD', // 见义勇为奖金
  'SOCIAL_ASSISTANCE', // 救助金
  'AGRICULTURAL_SUBSIDY', // 农业补贴
  'OTHER_TRANSFER',
  'OTHER',
] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

export type AssetKind =
  | 'BANK_DEPOSIT'
  | 'CASH'
  | 'SECURITIES'
  | 'INSURANCE' // cash value of commercial insurance
  | 'HOUSING_FUND' // 住房公积金 balance
  | 'CLAIM' // 债权
  | 'REAL_ESTATE'
  | 'VEHICLE'
  | 'BUSINESS_EQUITY'
  | 'OTHER';

/** Registries a 核对 platform answers from; also the scope of a verification consent. */
export const VERIFICATION_SOURCES = [
  'HOUSEHOLD_REGISTRATION',
  'TAX',
  'SOCIAL_INSURANCE',
  'REAL_ESTATE',
  'BUSINESS_REGISTRATION',
  'HOUSING_FUND',
  'VEHICLES',
  'BANK_DEPOSITS',
  'INSURANCE',
  'SECURITIES',
  'MEDICAL_EXPENSES',
  'AUXILIARY', // utilities, travel abroad, private school fees …
] as const;
export type VerificationSource = (typeof VERIFICATION_SOURCES)[number];

/** The ten registries of the national rules: what a consent must cover and what is queried by default. */
export const CORE_VERIFICATION_SOURCES: readonly VerificationSource[] = VERIFICATION_SOURCES.filter(
  (s) => s !== 'MEDICAL_EXPENSES' && s !== 'AUXILIARY',
);

export type VerificationPurpose = 'INITIAL' | 'RECERTIFICATION' | 'OBJECTION';

/** Relation of a member to the applicant. */
export type MemberRelation =
  | 'APPLICANT'
  | 'SPOUSE'
  | 'CHILD'
  | 'CHILD_IN_LAW'
  | 'PARENT'
  | 'PARENT_IN_LAW'
  | 'GRANDPARENT'
  | 'GRANDCHILD'
  | 'SIBLING'
  | 'OTHER';

/** Why a listed person is not part of the assessed household. */
export type ExclusionReason =
  | 'IMPRISONED'
  | 'COMPULSORY_DRUG_REHABILITATION'
  | 'CLERGY_LIVING_APART' // ≥ 3 years
  | 'OBLIGED_SUPPORTER_LIVING_APART' // listed because they must consent to verification
  | 'OTHER';

export type WorkAbility = 'FULL' | 'PARTIAL' | 'NONE';

export type EmploymentStatus =
  | 'EMPLOYED'
  | 'SELF_EMPLOYED'
  | 'FLEXIBLE_EMPLOYMENT'
  | 'FARMING'
  | 'UNEMPLOYED'
  | 'STUDENT'
  | 'RETIRED'
  | 'PRESCHOOL'
  | 'NOT_IN_LABOUR_FORCE';

export type EducationLevel = 'PRIMARY' | 'JUNIOR_SECONDARY' | 'SENIOR_SECONDARY' | 'VOCATIONAL' | 'UNDERGRADUATE' | 'POSTGRADUATE';

export type DisabilityCategory = 'VISUAL' | 'HEARING' | 'SPEECH' | 'PHYSICAL' | 'INTELLECTUAL' | 'MENTAL' | 'MULTIPLE';

export interface Disability {
  /** 残疾等级 1 (most severe) – 4. */
  grade: 1 | 2 | 3 | 4;
  category: DisabilityCategory;
  certificateRef?: DocumentRef;
}

export interface SevereIllness {
  /** Listed severe illness (name or local catalogue code). */
  condition: string;
  diagnosedOn?: LocalDate;
  evidenceRef?: DocumentRef;
}

export interface Employment {
  status: EmploymentStatus;
  employer?: string;
  /** For STUDENT: full-time students up to undergraduate level stay in the household. */
  educationLevel?: EducationLevel;
}

/** One month of one type of declared income of one member. */
export interface DeclaredIncome {
  type: IncomeType;
  month: YearMonth;
  amountFen: Fen;
}

/** A person listed on the application, in or out of the assessed household. */
export interface HouseholdMember {
  memberId: Uuid;
  name: string;
  residentId: ResidentId;
  relation: MemberRelation;
  birthDate: LocalDate;
  /** Part of the assessed household (共同生活家庭成员). */
  included: boolean;
  /** Required when `included` is false. */
  exclusionReason?: ExclusionReason;
  exclusionNote?: string;
  disability: Disability | null;
  severeIllness: SevereIllness | null;
  workAbility: WorkAbility;
  employment: Employment;
  declaredIncome: DeclaredIncome[];
}

/** A declared asset of the household (owners may be several members). */
export interface DeclaredAsset {
  kind: AssetKind;
  ownerMemberIds: Uuid[];
  description: string;
  valueFen?: Fen;
  /** For REAL_ESTATE: floor area in square metres. */
  floorAreaSqm?: number;
}

/** 核对授权: one member's signed authorisation to query their data. */
export interface VerificationConsent {
  consentId: Uuid;
  memberId: Uuid;
  signedOn: LocalDate;
  /** SELF, or a guardian / authorised agent for a minor or a person without capacity. */
  signedBy: 'SELF' | 'GUARDIAN' | 'AGENT';
  scope: {
    sources: VerificationSource[];
    purposes: VerificationPurpose[];
  };
  /** Scan of the signed consent form. */
  documentRef: DocumentRef;
  validUntil?: LocalDate;
}

/** Review class of a household, which sets its periodic-review interval (policy `reviewIntervals`). */
export type ReviewClass = 'STABLE' | 'UNSTABLE' | 'INTENSIVE';

/** One step of a decision's explanation, in order: what was computed or checked, and the figure. */
export interface ExplanationStep {
  /** Machine-readable step code, e.g. `PER_CAPITA_INCOME`, `GAP`, `MINIMUM_BENEFIT`, `SUPPLEMENT`. */
  code: string;
  /** Human-readable wording (Chinese for officers and notices). */
  description: string;
  amountFen?: SignedFen;
  memberId?: Uuid;
  /** Policy parameter the step applied, e.g. `subsistenceStandard`. */
  ruleRef?: string;
}

export type SupplementCategory =
  | 'SEVERE_ILLNESS'
  | 'SEVERE_DISABILITY'
  | 'ELDERLY'
  | 'MINOR'
  | 'CARE_ALLOWANCE' // 特困 care allowance by self-care level
  | 'OTHER';

/** 分类施保: an amount on top of the base benefit for one member, included in the monthly amount. */
export interface Supplement {
  memberId: Uuid;
  category: SupplementCategory;
  amountFen: Fen;
}

export interface CoveredMember {
  memberId: Uuid;
  name: string;
}

/** The payee. The account number itself stays in the bank-account registry; events carry a reference. */
export interface Recipient {
  memberId: Uuid;
  name: string;
  /** Opaque reference to the account in the bank-account registry (never the account number). */
  bankAccountRef: string;
  /** For display only, e.g. `6222 **** **** 1234`. */
  bankAccountMasked?: string;
}

/** Who took a decision: the county bureau, or the street office/township under delegation. */
export type DecisionAuthority = 'COUNTY' | 'STREET_DELEGATED';
