/**
 * The commands of an application (申请) as the decider takes them. Each `decide<Command>` is exported from the file
 * of its step: application.drafting.ts (draft, revise, submit), application.notice.ts (一次性告知: request and
 * supply materials), application.outcomes.ts (accept, reject at intake, withdraw, close after eligibility's
 * decision); the shared rules are in application.shared.ts and application.decide.ts is only the switch.
 */
import { DeclaredCloseRelative } from '../conflict-of-interest';
import type { CommandBody, CommandWithMetadata } from '@sa/decider';
import { ApplicationForm } from './application-form';
import { AppealOnRecord, CaseOutcome, EarlierCase, IntakeRejectionGround, WithdrawalReason, WithdrawalRequester } from './application';
import { SuppliedMaterials } from './materials';

export type CreateDraft = CommandWithMetadata<
  'CreateDraft',
  {
    caseId: string;
    /** Allocated by the shell for (district, year) before the decision, idempotently per case id. */
    caseNumber: string;
    form: ApplicationForm;
    /** The household's latest ended case (looked up by the shell among its counted members). */
    earlierCase?: EarlierCase;
  }
>;

export type ReviseDraft = CommandWithMetadata<
  'ReviseDraft',
  {
    form: ApplicationForm;
  }
>;

export type SubmitApplication = CommandWithMetadata<
  'SubmitApplication',
  {
    /** Items the officer adds to the notice beyond those the form shows missing. */
    additionalMissingItems: string[];
    /** Close relatives declared by officers that match a member (looked up by the shell). */
    declaredRelatives: DeclaredCloseRelative[];
  }
>;

/**
 * 一次性告知 for an application the system found complete but the officer did not (e.g. a copy is
 * illegible). The notice lists the officer's items and anything the form shows missing.
 */
export type RequestMaterials = CommandWithMetadata<
  'RequestMaterials',
  {
    items: string[];
    reason: string;
  }
>;

export type SupplyMaterials = CommandWithMetadata<'SupplyMaterials', SuppliedMaterials>;

export type AcceptApplication = CommandWithMetadata<
  'AcceptApplication',
  {
    declaredRelatives: DeclaredCloseRelative[];
  }
>;

export type RejectApplicationAtIntake = CommandWithMetadata<
  'RejectApplicationAtIntake',
  {
    ground: IntakeRejectionGround;
    reason: string;
    otherCaseNumber?: string;
    evidenceRefs: string[];
  }
>;

export type WithdrawApplication = CommandWithMetadata<
  'WithdrawApplication',
  {
    reason: WithdrawalReason;
    note?: string;
    requestedBy: WithdrawalRequester;
    documentRef?: string;
  }
>;

/**
 * Eligibility decided the accepted case for good (refusal, termination, withdrawal after the grant):
 * issued by intake's inbox for an event of `sa.eligibility.events`, by the system actor.
 */
export type CloseAfterDecision = CommandWithMetadata<
  'CloseAfterDecision',
  {
    outcome: CaseOutcome;
    decisionId: string;
    decidedOn: string;
    reason: string;
    reasonCodes: string[];
    sourceEventId: string;
  }
>;

/**
 * Eligibility approved on appeal a case it had refused (AssistanceGranted v2 with `appeal`): issued by
 * intake's inbox, by the system actor.
 */
export type ReopenOnAppeal = CommandWithMetadata<
  'ReopenOnAppeal',
  {
    appeal: AppealOnRecord;
    decisionId: string;
    decidedOn: string;
    sourceEventId: string;
  }
>;

export type ApplicationCommand =
  | CloseAfterDecision
  | ReopenOnAppeal
  | CreateDraft
  | ReviseDraft
  | SubmitApplication
  | RequestMaterials
  | SupplyMaterials
  | AcceptApplication
  | RejectApplicationAtIntake
  | WithdrawApplication;

/** An application command as its issuer builds it (`{ type, data }`). */
export type ApplicationCommandBody = CommandBody<ApplicationCommand>;

/** The command of one type, for the per-command decide functions. */
export type ApplicationCommandOf<T extends ApplicationCommand['type']> = Extract<ApplicationCommand, { type: T }>;
