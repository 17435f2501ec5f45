/**
 * Commands of the review case, in the one shape `{ type, data, metadata: { actor, now } }`
 * (docs/CONVENTIONS.md "Commands"): `metadata.actor` is the acting officer (or the system component
 * for commands from integration events), `metadata.now` the instant from the injected clock — its
 * Asia/Shanghai date is the command's "today" (`todayOf`); the decider reads no clock. Commands that
 * need the policy carry the version the application resolved for the case's jurisdiction and date;
 * the decider checks it applies.
 */
import type { BenefitChangeReasonCode, BenefitChangeTrigger } from '@sa/contracts';
import { CalendarDate } from '../calendar-date';
import { Deadlines, PolicyVersion, ReviewClass } from '../policy/policy-version';
import {
  CaseMember,
  ConflictOfInterestFlag,
  DeclaredIncomeChange,
  ExtremePovertyInputs,
  HouseholdSnapshot,
  OfficerRef,
  Program,
  Recipient,
  Redetermination,
  RequestedChange,
  TemporaryAssistanceRequest,
  VerificationFacts,
  WrittenReason,
  PayeeAccount,
} from './case-file';
import type { ReviewCaseCommandMetadata } from './command-metadata';
import type { FileAppeal, RecordAppealOutcome } from './appeals';
import type { CollectiveDecisionInput } from './collective-decision';
import type { DateOpenDueDates } from './due-dates.decide';
import type { ApproveEmergencyAdvance } from './emergency-advance';
import type { MigrateCase } from './migration';
import type { TerminateOnWithdrawal } from './withdrawal-after-approval';
import type { ProposeStandardChange, RejectBenefitChange } from './standard-change';

/** A review-case command: `data` is what the issuer says, `metadata` who acts and when. */
export interface ReviewCaseCommandOf<T extends string, D> {
  type: T;
  data: D;
  metadata: ReviewCaseCommandMetadata;
}
type Base<T extends string, D> = ReviewCaseCommandOf<T, D>;

/** From ApplicationAccepted (受理): the decision clock starts at `acceptedOn`. */
export type OpenReviewCase = Base<
  'OpenReviewCase',
  {
    caseId: string;
    caseNumber: string;
    program: Program;
    temporaryAssistance: TemporaryAssistanceRequest | null;
    jurisdiction: string;
    acceptedOn: CalendarDate;
    household: HouseholdSnapshot;
    conflictOfInterest: ConflictOfInterestFlag;
    /** The payee account the application names (ApplicationAccepted v2), masked. */
    payee?: PayeeAccount;
    /** The procedural deadlines in force (the policy's, or the national limits when none applies). */
    deadlines: Deadlines;
  }
>;

/** From HouseholdVerified (核对报告). */
export type ReceiveVerificationFacts = Base<
  'ReceiveVerificationFacts',
  {
    caseId: string;
    verificationId: string;
    reportVersion: number;
    purpose: 'INITIAL' | 'RECERTIFICATION' | 'OBJECTION';
    platformReportRef: string;
    completedAt: string;
    facts: VerificationFacts;
    outstanding: { memberId: string; source: string }[];
  }
>;

export type RecordHomeVisit = Base<
  'RecordHomeVisit',
  {
    visitId: string;
    visitedOn: CalendarDate;
    officers: OfficerRef[];
    findings: string;
    signatureRefs: string[];
    householdSignatureRef?: string | null;
    evidenceRefs?: string[];
  }
>;

export type RecordNeighbourhoodInquiry = Base<
  'RecordNeighbourhoodInquiry',
  { inquiryId: string; conductedOn: CalendarDate; officerIds: string[]; intervieweeCount: number; summary: string; evidenceRefs?: string[] }
>;

export type RecordEvidenceLetter = Base<
  'RecordEvidenceLetter',
  { letterId: string; sentOn: CalendarDate; addressee: string; purpose: string; replyRef?: string | null }
>;

/** 初审意见: propose approval (amount from the rule engine) or refusal with written reasons. */
export type IssueInitialOpinion = Base<
  'IssueInitialOpinion',
  {
    opinionId: string;
    proposal: 'APPROVE' | 'REFUSE';
    policy: PolicyVersion;
    reasons?: WrittenReason[];
    note?: string;
    extremePoverty?: ExtremePovertyInputs | null;
    /** Temporary assistance: the amount asked for (defaults to the application's) and instalments. */
    temporary?: { requestedAmountFen?: number; instalmentMonths?: number } | null;
    reviewClass?: ReviewClass | null;
  }
>;

export type PostPublicNotice = Base<'PostPublicNotice', { noticeId: string; location: string }>;

export type FileObjection = Base<'FileObjection', { objectionId: string; summary: string; evidenceRefs?: string[] }>;

export type ResolveObjection = Base<
  'ResolveObjection',
  {
    objectionId: string;
    method: 'REINVESTIGATION' | 'COMMUNITY_APPRAISAL';
    outcome: 'UPHELD' | 'REJECTED';
    findings: string;
    appraisal?: { heldOn: CalendarDate; participants: number; inFavour: number; against: number } | null;
    evidenceRefs?: string[];
  }
>;

export type ExtendDecisionDeadline = Base<'ExtendDecisionDeadline', { reason: string }>;

/** 审核: the street office's review sends the file to the decision-maker. */
export type SubmitForDecision = Base<'SubmitForDecision', { reviewNote: string }>;

/** 审核确认. */
export type DecideCase = Base<
  'DecideCase',
  {
    decisionId: string;
    outcome: 'APPROVE' | 'REFUSE';
    /** The version in force on the decision date for the case's jurisdiction. */
    policy: PolicyVersion;
    /** Approval: the payee and the reference of their account in the bank-account registry. */
    recipient?: { memberId: string; bankAccountRef: string; bankAccountMasked?: string } | null;
    /** Refusal: written reasons (default: the rules' reasons when the household is not eligible). */
    reasons?: WrittenReason[];
    /** The decision's recorded reason (审核确认意见). */
    reason: string;
    evidenceRefs?: string[];
    /** 一事一议: temporary assistance above the usual cap, decided collectively (collective-decision.ts). */
    collectiveDecision?: CollectiveDecisionInput | null;
  }
>;

export type WithdrawCase = Base<'WithdrawCase', { withdrawnOn: CalendarDate; reason: string }>;

/** From ChangeRequested (follow-up): circumstances changed, eligibility re-determines. */
export type RequestRedetermination = Base<
  'RequestRedetermination',
  {
    changeRequestId: string;
    origin: Redetermination['origin'];
    requestedChange: RequestedChange;
    trigger: BenefitChangeTrigger;
    reportedOn: CalendarDate;
    urgent: boolean;
    changes: { kind: string; memberId?: string; description: string }[];
    /** ChangeRequested v2: follow-up's recommendation and its written reasons (absent from a v1 request). */
    recommendation?: Redetermination['recommendation'];
    reasons?: string[];
    /** Members who left or died: no longer counted. */
    membersLeft: string[];
    membersJoined: CaseMember[];
    declaredIncome: DeclaredIncomeChange[];
  }
>;

export type ProposeBenefitChange = Base<
  'ProposeBenefitChange',
  { proposalId: string; policy: PolicyVersion; reason: { code: BenefitChangeReasonCode; description: string } }
>;

export type DecideBenefitChange = Base<
  'DecideBenefitChange',
  { decisionId: string; policy: PolicyVersion; reason: string; evidenceRefs?: string[] }
>;

export type ReviewCaseCommand =
  | OpenReviewCase
  | ReceiveVerificationFacts
  | RecordHomeVisit
  | RecordNeighbourhoodInquiry
  | RecordEvidenceLetter
  | IssueInitialOpinion
  | PostPublicNotice
  | FileObjection
  | ResolveObjection
  | ExtendDecisionDeadline
  | SubmitForDecision
  | DecideCase
  | WithdrawCase
  | RequestRedetermination
  | ProposeBenefitChange
  | DecideBenefitChange
  | ApproveEmergencyAdvance
  | TerminateOnWithdrawal
  | MigrateCase
  | DateOpenDueDates
  | FileAppeal
  | RecordAppealOutcome
  | ProposeStandardChange
  | RejectBenefitChange;

/** A recipient as the decision records it (with the member's name). */
export type DecidedRecipient = Recipient;

/** A command as its issuer builds it, before the pipeline gives it its `metadata`. */
export type ReviewCaseCommandBody = ReviewCaseCommand extends infer C ? (C extends unknown ? Omit<C, 'metadata'> : never) : never;
