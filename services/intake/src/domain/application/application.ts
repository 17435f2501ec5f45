import { Consent } from '../consent';
import { ConflictOfInterest, conflictKey } from '../conflict-of-interest';
import { Declaration } from '../declaration';
import { AssessedMember, LegallyObligedSupporter } from '../household';
import { Program, TemporaryAssistanceSection } from '../programs';
import { ProxySubmission } from '../proxy';
import { BankAccount } from '../bank-account';
import { type CalendarDate } from '@sa/time';
import { OfficerRef } from '../shared/officer';
import { ApplicationForm, Channel } from './application-form';
import { MaterialItem, withSuppliedMaterials } from './materials';

/** Grounds on which an application is rejected at intake (不予受理). */
export const INTAKE_REJECTION_GROUNDS = [
  'WRONG_JURISDICTION',
  'APPLICANT_NOT_HOUSEHOLD_MEMBER',
  'OPEN_APPLICATION_EXISTS',
] as const;
export type IntakeRejectionGround = (typeof INTAKE_REJECTION_GROUNDS)[number];

export const WITHDRAWAL_REQUESTERS = ['APPLICANT', 'PROXY'] as const;
export type WithdrawalRequester = (typeof WITHDRAWAL_REQUESTERS)[number];

/** Why an application is withdrawn (the published reasons). */
export const WITHDRAWAL_REASONS = [
  'APPLICANT_REQUEST',
  'APPLICANT_DECEASED',
  'MOVED_AWAY',
  'DUPLICATE_APPLICATION',
  'OTHER',
] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/** A member as assessed on the application date: who counts and by which rule. */
export type AssessedMemberSnapshot = AssessedMember;

export interface HouseholdSnapshot {
  registeredResidence: string;
  address: string;
  phone?: string;
  members: AssessedMemberSnapshot[];
  supporters: LegallyObligedSupporter[];
}

export interface ApplicationDrafted {
  type: 'ApplicationDrafted';
  data: {
    caseId: string;
    caseNumber: string;
    jurisdiction: string;
    form: ApplicationForm;
    draftedOn: CalendarDate;
    draftedBy: OfficerRef;
    /** Re-application: the household's earlier case that ended by refusal, withdrawal or termination. */
    earlierCase?: EarlierCase;
  };
}

/** How an accepted case ended after eligibility decided (or the household withdrew after the grant). */
export const CASE_OUTCOMES = ['REFUSED', 'TERMINATED', 'WITHDRAWN'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/**
 * How the earlier case a re-application links to ended: after eligibility's decision (CaseOutcome),
 * withdrawn at intake before the decision (WITHDRAWN, no decision id), or not accepted (不予受理).
 */
export type EarlierCaseOutcome = CaseOutcome | 'NOT_ACCEPTED';

/** The earlier decision a re-application links to, as the officer sees it. */
export interface EarlierCase {
  caseId: string;
  caseNumber: string;
  outcome: EarlierCaseOutcome;
  /** Eligibility's decision; absent when the case ended at intake (withdrawn before the decision, not accepted). */
  decisionId?: string;
  decidedOn: CalendarDate;
  reason: string;
  reasonCodes: string[];
}

/** Why an application was withdrawn, as the earlier case shows it (中文). */
export const WITHDRAWAL_REASON_LABELS: Record<WithdrawalReason, string> = {
  APPLICANT_REQUEST: '申请人主动撤回申请',
  APPLICANT_DECEASED: '申请人死亡',
  MOVED_AWAY: '户籍迁出本辖区',
  DUPLICATE_APPLICATION: '重复申请',
  OTHER: '其他原因',
};

/**
 * An accepted case ended by eligibility's decision (refusal, termination, withdrawal after the
 * grant): the household's members are released and it may apply again.
 */
export interface ApplicationClosedAfterDecision {
  type: 'ApplicationClosedAfterDecision';
  data: {
    caseId: string;
    caseNumber: string;
    outcome: CaseOutcome;
    decisionId: string;
    decidedOn: CalendarDate;
    reason: string;
    reasonCodes: string[];
    /** The integration event it came from (`sa.eligibility.events`). */
    sourceEventId: string;
    closedOn: CalendarDate;
  };
}

/** The appeal (行政复议 / 行政诉讼) that revoked the decision a case was closed on (AssistanceGranted v2). */
export interface AppealOnRecord {
  appealId: string;
  kind: 'ADMINISTRATIVE_REVIEW' | 'LITIGATION';
  outcome: 'REVOKED' | 'CHANGED';
  /** The decision the household contested: the one the case was closed on. */
  contestedDecisionId: string;
  /** 复议决定书 / 判决书 number and date. */
  documentRef: string;
  documentDate: CalendarDate;
}

/**
 * A case closed on a refusal, approved on appeal (the review body / court revoked the refusal and
 * eligibility granted the assistance: AssistanceGranted v2): the case is open again, as after an
 * ordinary approval, and holds its household's members again (no re-application while it runs).
 */
export interface ApplicationReopenedOnAppeal {
  type: 'ApplicationReopenedOnAppeal';
  data: {
    caseId: string;
    caseNumber: string;
    appeal: AppealOnRecord;
    /** The approval eligibility decided on appeal. */
    decisionId: string;
    decidedOn: CalendarDate;
    /** The integration event it came from (`sa.eligibility.events`). */
    sourceEventId: string;
    reopenedOn: CalendarDate;
  };
}

export interface ApplicationDraftRevised {
  type: 'ApplicationDraftRevised';
  data: { caseId: string; form: ApplicationForm; revisedOn: CalendarDate; revisedBy: OfficerRef };
}

export interface ApplicationSubmitted {
  type: 'ApplicationSubmitted';
  data: {
    caseId: string;
    caseNumber: string;
    jurisdiction: string;
    /** The date of application: ages, membership and declaration months are taken on it. */
    applicationDate: CalendarDate;
    channel: Channel;
    program: Program;
    proxy?: ProxySubmission;
    household: HouseholdSnapshot;
    submittedBy: OfficerRef;
  };
}

export interface ConflictOfInterestFlagged {
  type: 'ConflictOfInterestFlagged';
  data: { caseId: string; conflicts: ConflictOfInterest[]; flaggedOn: CalendarDate; reason: string };
}

/** 一次性告知: the one notice listing everything missing. The decision clock does not start. */
export interface MaterialsRequested {
  type: 'MaterialsRequested';
  data: {
    caseId: string;
    caseNumber: string;
    noticeDate: CalendarDate;
    items: MaterialItem[];
    reason: string;
    requestedBy: OfficerRef;
  };
}

export interface MaterialsSupplied {
  type: 'MaterialsSupplied';
  data: {
    caseId: string;
    suppliedOn: CalendarDate;
    documents: { itemKey: string; documentRef: string }[];
    consents: Consent[];
    declaration?: Declaration;
    resolvedItemKeys: string[];
    /** Items of the notice still missing; empty when the materials are complete. */
    outstandingItems: MaterialItem[];
    receivedBy: OfficerRef;
  };
}

/** 受理: the application is complete and formally accepted; the decision clock starts on `acceptedOn`. */
export interface ApplicationAccepted {
  type: 'ApplicationAccepted';
  data: {
    caseId: string;
    caseNumber: string;
    jurisdiction: string;
    applicationDate: CalendarDate;
    /** Acceptance date: the working-day limit for the decision runs from here. */
    acceptedOn: CalendarDate;
    acceptedAt: string;
    program: Program;
    temporaryAssistance?: TemporaryAssistanceSection;
    channel: Channel;
    proxy?: ProxySubmission;
    household: HouseholdSnapshot;
    declaration: Declaration;
    bankAccount?: BankAccount;
    consents: Consent[];
    identityDocuments: { residentId: string; documentRef: string }[];
    commitment: { documentRef: string; signedOn: CalendarDate };
    conflictOfInterest: { flagged: boolean; conflicts: ConflictOfInterest[] };
    leadId?: string;
    reason: string;
    acceptedBy: OfficerRef;
  };
}

export interface ApplicationRejectedAtIntake {
  type: 'ApplicationRejectedAtIntake';
  data: {
    caseId: string;
    caseNumber: string;
    grounds: IntakeRejectionGround[];
    reason: string;
    otherCaseNumber?: string;
    evidenceRefs: string[];
    rejectedOn: CalendarDate;
    rejectedBy: OfficerRef;
  };
}

export interface ApplicationWithdrawn {
  type: 'ApplicationWithdrawn';
  data: {
    caseId: string;
    caseNumber: string;
    reason: WithdrawalReason;
    note?: string;
    requestedBy: WithdrawalRequester;
    documentRef?: string;
    withdrawnOn: CalendarDate;
    /** Status before withdrawal; downstream contexts only care when it was ACCEPTED. */
    previousStatus: ApplicationStatus;
    recordedBy: OfficerRef;
  };
}

export type ApplicationEvent =
  | ApplicationDrafted
  | ApplicationDraftRevised
  | ApplicationSubmitted
  | ConflictOfInterestFlagged
  | MaterialsRequested
  | MaterialsSupplied
  | ApplicationAccepted
  | ApplicationRejectedAtIntake
  | ApplicationWithdrawn
  | ApplicationClosedAfterDecision
  | ApplicationReopenedOnAppeal;

export type ApplicationEventType = ApplicationEvent['type'];

/** Every application event type (the compiler checks the list against the union, both ways). */
export const APPLICATION_EVENT_TYPES = Object.keys({
  ApplicationDrafted: true,
  ApplicationDraftRevised: true,
  ApplicationSubmitted: true,
  ConflictOfInterestFlagged: true,
  MaterialsRequested: true,
  MaterialsSupplied: true,
  ApplicationAccepted: true,
  ApplicationRejectedAtIntake: true,
  ApplicationWithdrawn: true,
  ApplicationClosedAfterDecision: true,
  ApplicationReopenedOnAppeal: true,
} satisfies Record<ApplicationEventType, true>) as readonly ApplicationEventType[];

export const APPLICATION_STATUSES = [
  'NONE',
  'DRAFT',
  'SUBMITTED',
  'AWAITING_MATERIALS',
  'MATERIALS_SUPPLIED',
  'ACCEPTED',
  'REJECTED',
  'WITHDRAWN',
  'CLOSED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Open applications hold their household's resident IDs; the others have released them. */
export function isOpen(status: ApplicationStatus): boolean {
  return status !== 'NONE' && status !== 'REJECTED' && status !== 'WITHDRAWN' && status !== 'CLOSED';
}

export interface ApplicationState {
  status: ApplicationStatus;
  caseId?: string;
  caseNumber?: string;
  jurisdiction?: string;
  form?: ApplicationForm;
  applicationDate?: CalendarDate;
  /** The one-time notice, once issued. */
  notice?: { noticeDate: CalendarDate; items: MaterialItem[] };
  outstandingItems: MaterialItem[];
  conflicts: ConflictOfInterest[];
  acceptedOn?: CalendarDate;
  /** The earlier case this application re-applies after. */
  earlierCase?: EarlierCase;
  /** How the case ended after the decision (status CLOSED). */
  closure?: Omit<ApplicationClosedAfterDecision['data'], 'caseId' | 'caseNumber'>;
  /**
   * The history of a case closed on a decision an appeal revoked: the closure that was undone and the
   * appeal (with the approval) that reopened it. Oldest first.
   */
  reopenedOnAppeal?: { revokedClosure: NonNullable<ApplicationState['closure']>; appeal: AppealOnRecord; decisionId: string; decidedOn: CalendarDate; reopenedOn: CalendarDate }[];
  /** How the case ended at intake (status WITHDRAWN or REJECTED): what a later re-application shows. */
  endedAtIntake?: { outcome: 'WITHDRAWN' | 'NOT_ACCEPTED'; on: CalendarDate; reason: string; reasonCodes: string[]; previousStatus?: ApplicationStatus };
}

/**
 * The earlier case a new application of the same household links to, from the state of the case that
 * ended: closed after eligibility's decision (refused, terminated, withdrawn after the grant), not
 * accepted at intake (不予受理; not when only because another case of the household was open), or
 * withdrawn at intake after it was submitted (a withdrawn draft was never an application). Undefined
 * for a case that is open or ended otherwise.
 */
export function earlierCaseOf(state: ApplicationState): EarlierCase | undefined {
  if (!state.caseId || !state.caseNumber) return undefined;
  const id = { caseId: state.caseId, caseNumber: state.caseNumber };
  if (state.status === 'CLOSED' && state.closure) {
    const c = state.closure;
    return { ...id, outcome: c.outcome, decisionId: c.decisionId, decidedOn: c.decidedOn, reason: c.reason, reasonCodes: [...c.reasonCodes] };
  }
  const ended = state.endedAtIntake;
  // Not accepted only because another case of the household was open: that other case is the one to link.
  const duplicate = ended?.outcome === 'NOT_ACCEPTED' && ended.reasonCodes.every((g) => g === 'OPEN_APPLICATION_EXISTS');
  if ((state.status === 'WITHDRAWN' || state.status === 'REJECTED') && ended && ended.previousStatus !== 'DRAFT' && !duplicate) {
    return { ...id, outcome: ended.outcome, decidedOn: ended.on, reason: ended.reason, reasonCodes: [...ended.reasonCodes] };
  }
  return undefined;
}

export const initialApplicationState: ApplicationState = { status: 'NONE', outstandingItems: [], conflicts: [] };

export function evolveApplication(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationDrafted':
      return {
        ...state,
        status: 'DRAFT',
        caseId: event.data.caseId,
        caseNumber: event.data.caseNumber,
        jurisdiction: event.data.jurisdiction,
        form: event.data.form,
        ...(event.data.earlierCase ? { earlierCase: event.data.earlierCase } : {}),
      };
    case 'ApplicationDraftRevised':
      return { ...state, form: event.data.form };
    case 'ApplicationSubmitted':
      return { ...state, status: 'SUBMITTED', applicationDate: event.data.applicationDate };
    case 'ConflictOfInterestFlagged': {
      const known = new Set(state.conflicts.map(conflictKey));
      return { ...state, conflicts: [...state.conflicts, ...event.data.conflicts.filter((c) => !known.has(conflictKey(c)))] };
    }
    case 'MaterialsRequested':
      return {
        ...state,
        status: 'AWAITING_MATERIALS',
        notice: { noticeDate: event.data.noticeDate, items: event.data.items },
        outstandingItems: event.data.items,
      };
    case 'MaterialsSupplied':
      return {
        ...state,
        status: event.data.outstandingItems.length === 0 ? 'MATERIALS_SUPPLIED' : 'AWAITING_MATERIALS',
        form: state.form
          ? withSuppliedMaterials(
              state.form,
              { documents: event.data.documents, consents: event.data.consents, declaration: event.data.declaration },
              state.outstandingItems,
              event.data.suppliedOn,
            )
          : state.form,
        outstandingItems: event.data.outstandingItems,
      };
    case 'ApplicationAccepted':
      return { ...state, status: 'ACCEPTED', acceptedOn: event.data.acceptedOn };
    case 'ApplicationRejectedAtIntake':
      return {
        ...state,
        status: 'REJECTED',
        endedAtIntake: { outcome: 'NOT_ACCEPTED', on: event.data.rejectedOn, reason: event.data.reason, reasonCodes: [...event.data.grounds] },
      };
    case 'ApplicationWithdrawn': {
      const d = event.data;
      const note = d.note?.trim();
      return {
        ...state,
        status: 'WITHDRAWN',
        endedAtIntake: {
          outcome: 'WITHDRAWN',
          on: d.withdrawnOn,
          reason: `撤回申请：${WITHDRAWAL_REASON_LABELS[d.reason]}${note ? `（${note}）` : ''}`,
          reasonCodes: [d.reason],
          previousStatus: d.previousStatus,
        },
      };
    }
    case 'ApplicationClosedAfterDecision': {
      const { caseId: _c, caseNumber: _n, ...closure } = event.data;
      return { ...state, status: 'CLOSED', closure };
    }
    case 'ApplicationReopenedOnAppeal': {
      const d = event.data;
      if (!state.closure) return state;
      const { closure: revokedClosure, ...rest } = state;
      const entry = { revokedClosure, appeal: d.appeal, decisionId: d.decisionId, decidedOn: d.decidedOn, reopenedOn: d.reopenedOn };
      return { ...rest, status: 'ACCEPTED', reopenedOnAppeal: [...(state.reopenedOnAppeal ?? []), entry] };
    }
    default:
      return state;
  }
}
