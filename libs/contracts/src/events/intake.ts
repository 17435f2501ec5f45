/**
 * Public events of the intake context (受理), topic `sa.intake.events`.
 * Schemas: `schemas/intake/<EventType>.v<N>.json`.
 */
import type {
  CaseNumber,
  DeclaredAsset,
  DocumentRef,
  Fen,
  HouseholdMember,
  JurisdictionCode,
  LocalDate,
  Program,
  ResidentId,
  TemporaryAssistanceType,
  Uuid,
  VerificationConsent,
} from '../types/common';

export interface ProxySubmission {
  /** 代办 by the community committee, an authorised person, an officer or a volunteer. */
  proxyType: 'COMMUNITY_COMMITTEE' | 'AUTHORISED_PERSON' | 'OFFICER' | 'VOLUNTEER';
  proxyName: string;
  /** Set when the proxy is a system user (officer). */
  proxyActorId?: string;
  /** Signed authorisation, when the proxy is an authorised person. */
  authorisationRef?: DocumentRef;
  /** Why the household could not apply itself. */
  reason: string;
}

export interface ConflictOfInterestDetail {
  memberId: string;
  relatedOfficialName: string;
  relatedOfficialRole: 'CASEWORKER' | 'COMMUNITY_COMMITTEE_MEMBER' | 'STREET_OFFICIAL' | 'COUNTY_OFFICIAL' | 'OTHER';
  /** e.g. 配偶, 兄弟. */
  relationship: string;
  relatedActorId?: string;
}

/**
 * A member is a close relative of a caseworker or committee member: the case is registered
 * separately (备案) and the county does the home visit itself. `details` is empty iff not flagged.
 */
export interface ConflictOfInterest {
  flagged: boolean;
  details: ConflictOfInterestDetail[];
}

export interface DecisionDeadline {
  /** Working days allowed from acceptance to decision (30; 45 when extended; or tighter local limits). */
  workingDays: number;
  dueOn: LocalDate;
  /** Version of the working-day calendar used (holidays, 调休). */
  calendarVersion?: string;
}

/** Present iff the program is TEMPORARY_ASSISTANCE. */
export interface TemporaryAssistanceRequest {
  type: TemporaryAssistanceType;
  incidentOn?: LocalDate;
  description: string;
  requestedAmountFen?: Fen;
  /** 先行救助: the household asks to be paid first and complete the file afterwards. */
  emergencyAdvanceRequested: boolean;
}

/** 受理: a complete application was formally accepted; the decision clock starts. */
export interface ApplicationAcceptedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  program: Program;
  temporaryAssistance?: TemporaryAssistanceRequest;
  /** Where the application was filed and the household is registered (street or community code). */
  jurisdiction: JurisdictionCode;
  acceptedOn: LocalDate;
  channel: 'IN_PERSON' | 'ONLINE';
  decisionDeadline?: DecisionDeadline;
  /** The lead this application came from (主动发现), if any. */
  leadId?: Uuid;
  applicantMemberId: Uuid;
  household: {
    /** Residence address, for the home visit. */
    address: string;
    members: HouseholdMember[];
    declaredAssets: DeclaredAsset[];
  };
  /** One per member who signed (every adult member and every legally obliged supporter). */
  consents: VerificationConsent[];
  /** Signed declaration of income and property and the commitment letter. */
  declarationRef: DocumentRef;
  proxySubmission: ProxySubmission | null;
  conflictOfInterest: ConflictOfInterest;
}

/** The account the household asked to be paid into (社会化发放), as the applicant gave it at intake. */
export interface PayeeBankAccount {
  /** 开户行, e.g. 中国农业银行杭州西湖支行. */
  bankName: string;
  /** Account holder's name as the bank knows it (personal: sealed on the wire). */
  holderName: string;
  /** The household member who holds the account. */
  holderMemberId: Uuid;
  /** 12 to 30 digits (personal: sealed on the wire, like every bank account). */
  accountNumber: string;
  /** The number masked for display, e.g. `6228 **** **** 0018`. */
  accountMasked: string;
}

/**
 * v2: v1 plus the payee bank account (`payeeBankAccount`) when the applicant gave one. The account
 * number and holder's name are personal fields: encrypted in the store and on Kafka.
 */
export interface ApplicationAcceptedV2 extends ApplicationAcceptedV1 {
  payeeBankAccount?: PayeeBankAccount;
}

/**
 * The applicant withdrew an accepted application before the decision. (Withdrawals before
 * acceptance stay inside intake; after a grant, ending assistance is a BenefitChanged TERMINATION.)
 */
export interface ApplicationWithdrawnV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  withdrawnOn: LocalDate;
  reason: 'APPLICANT_REQUEST' | 'APPLICANT_DECEASED' | 'MOVED_AWAY' | 'DUPLICATE_APPLICATION' | 'OTHER';
  note?: string;
}

export type HardshipKind =
  | 'ILLNESS'
  | 'DISABILITY'
  | 'ACCIDENT'
  | 'DISASTER'
  | 'LOSS_OF_INCOME'
  | 'ELDERLY_LIVING_ALONE'
  | 'CHILD_WITHOUT_CARE'
  | 'HOUSING'
  | 'OTHER';

/**
 * 主动发现: a hardship lead. `caseId` is the case the lead concerns: an existing case when the
 * household is already known (`concernsExistingCase`, then `caseNumber` is set), otherwise a case
 * id reserved for the lead, which a later ApplicationAccepted reuses. The reporter's identity is
 * confidential and never published.
 */
export interface LeadReportedV1 {
  caseId: Uuid;
  caseNumber?: CaseNumber;
  concernsExistingCase: boolean;
  leadId: Uuid;
  jurisdiction: JurisdictionCode;
  reportedOn: LocalDate;
  channel: 'GRID_WORKER' | 'NEIGHBOUR' | 'SELF_REFERRAL' | 'DATA_ALERT' | 'HOTLINE' | 'PARTNER_AGENCY' | 'OTHER';
  hardships: HardshipKind[];
  description: string;
  person: {
    name: string;
    residentId?: ResidentId;
    address?: string;
  };
  suggestedProgram?: Program;
  urgency: 'ROUTINE' | 'URGENT';
  /** When an officer must have contacted the household. */
  followUpDueOn?: LocalDate;
}
