/**
 * Events of stream `reviewCase-<caseId>`, the initial state and `evolve`. Decision events
 * (CaseApproved, CaseRefused, BenefitChangeDecided) are self-contained: they carry the case's
 * identity, the actor, the reason, the evidence references, the policy version and the full
 * rule-engine assessment, so an auditor (or the relay) needs nothing else to read them.
 */
import type { BenefitChangeTrigger } from '@sa/contracts';
import { CalendarDate, CalendarMonth } from '../calendar-date';
import { IncomeItem } from '../household';
import type { MemberAgeGroups } from '../age-groups';
import { Fen } from '../money';
import { Deadlines, type OverpaymentRecoveryPolicy } from '../policy/policy-version';
import { evolveAppealFiled, evolveAppealOutcome, withRecordedDecision, type AppealFiled, type AppealLink, type AppealOutcomeRecorded } from './appeals';
import type { CollectiveDecisionRecord } from './collective-decision';
import { evolveEmergencyAdvance, type EmergencyAdvanceApproved } from './emergency-advance';
import { evolveDueDatesDated } from './due-dates.decide';
import { evolveMigration, type CaseMigrated } from './migration';
import { evolveStandardChange, type BenefitChangeRejected, type StandardRedeterminationProposed } from './standard-change';
import {
  ActorRef,
  AssessedSupplement,
  BenefitChangeProposal,
  BenefitChangeType,
  CaseAssessment,
  CaseMember,
  ConflictOfInterestFlag,
  DecisionAuthority,
  DecisionDeadline,
  EvidenceLetter,
  HomeVisit,
  HouseholdSnapshot,
  InitialOpinion,
  NeighbourhoodInquiry,
  Objection,
  ObjectionResolution,
  Program,
  PublicNotice,
  Recipient,
  RecurringProgram,
  Redetermination,
  ReviewCaseState,
  TemporaryAssistanceRequest,
  VerificationReport,
  WrittenReason,
  PayeeAccount,
} from './case-file';

type Ev<T extends string, D> = { type: T; data: D };

export type ReviewCaseOpened = Ev<
  'ReviewCaseOpened',
  {
    caseId: string;
    caseNumber: string;
    program: Program;
    temporaryAssistance: TemporaryAssistanceRequest | null;
    jurisdiction: string;
    acceptedOn: CalendarDate;
    household: HouseholdSnapshot;
    /** Each member's age groups in clear (the birth dates are sealed): what the monthly statistics count. Absent in events recorded before. */
    ageGroups?: MemberAgeGroups[];
    conflictOfInterest: ConflictOfInterestFlag;
    /** From ApplicationAccepted v2 (absent for v1 acceptances). */
    payee?: PayeeAccount;
    procedure: Deadlines;
    deadline: DecisionDeadline;
    openedBy: ActorRef;
  }
>;
export type VerificationFactsReceived = Ev<'VerificationFactsReceived', { caseId: string; report: VerificationReport }>;
export type HomeVisitRecorded = Ev<'HomeVisitRecorded', { visit: HomeVisit }>;
export type NeighbourhoodInquiryRecorded = Ev<'NeighbourhoodInquiryRecorded', { inquiry: NeighbourhoodInquiry }>;
export type EvidenceLetterRecorded = Ev<'EvidenceLetterRecorded', { letter: EvidenceLetter }>;
export type InitialOpinionIssued = Ev<'InitialOpinionIssued', { opinion: InitialOpinion }>;
export type PublicNoticePosted = Ev<'PublicNoticePosted', { notice: PublicNotice }>;
export type ObjectionFiled = Ev<'ObjectionFiled', { objection: Objection }>;
export type ObjectionResolved = Ev<
  'ObjectionResolved',
  {
    objectionId: string;
    resolution: ObjectionResolution;
    /** Set when this resolved the round's last open objection: a new opinion and notice follow. */
    nextRound: number | null;
  }
>;
export type DecisionDeadlineExtended = Ev<
  'DecisionDeadlineExtended',
  {
    workingDays: number;
    dueOn: CalendarDate | null;
    /** With `dueOn` null: the year whose holiday schedule is missing. */
    calendarMissing?: number;
    reason: string;
    extendedOn: CalendarDate;
    extendedBy: ActorRef;
  }
>;
export type CaseSubmittedForDecision = Ev<
  'CaseSubmittedForDecision',
  { round: number; submittedOn: CalendarDate; submittedBy: ActorRef; reviewNote: string }
>;

interface DecisionBase {
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  decisionId: string;
  program: Program;
  decidedOn: CalendarDate;
  decidedBy: ActorRef;
  proposedBy: ActorRef;
  decisionAuthority: DecisionAuthority;
  policyVersion: string;
  /** The decision's recorded reason (审核确认意见). */
  reason: string;
  evidenceRefs: string[];
  /** Decided after the decision deadline. */
  overdue: boolean;
}

export type CaseApproved = Ev<
  'CaseApproved',
  DecisionBase & {
    assessment: CaseAssessment;
    /** The month after the decision (temporary assistance: the first instalment month). */
    startMonth: CalendarMonth;
    membersCovered: { memberId: string; name: string }[];
    recipient: Recipient;
    /** 一事一议: the amount exceeds the usual cap and was decided collectively (absent otherwise). */
    collectiveDecision?: CollectiveDecisionRecord;
    /** A refusal revoked / changed on appeal: the appeal this approval carries out (absent otherwise). */
    appeal?: AppealLink;
    /**
     * Recurring programs: the 追回 monthly cap of the policy version decided under (its
     * `parameters.overpaymentRecovery`), published to disbursement. Absent when that policy sets none
     * (and in events recorded before it existed).
     */
    overpaymentRecovery?: OverpaymentRecoveryPolicy;
  }
>;
export type CaseRefused = Ev<
  'CaseRefused',
  DecisionBase & {
    temporaryAssistanceType: 'EMERGENCY' | 'EXPENDITURE' | null;
    reasons: WrittenReason[];
    assessment: CaseAssessment | null;
    /** Written reasons must reach the household by this day; null (open) past the known holiday calendar. */
    noticeDueOn: CalendarDate | null;
    /** With `noticeDueOn` null: the year whose holiday schedule is missing (absent in events recorded before). */
    calendarMissing?: number | null;
    /** With `noticeDueOn` null: the working days the notice period counts, to date it once the year is published. */
    noticeWorkingDays?: number;
  }
>;
export type CaseWithdrawn = Ev<'CaseWithdrawn', { withdrawnOn: CalendarDate; reason: string; recordedBy: ActorRef }>;

export type RedeterminationRequested = Ev<
  'RedeterminationRequested',
  {
    redetermination: Omit<Redetermination, 'proposal'>;
    membersLeft: string[];
    membersJoined: CaseMember[];
    /** The joining members' age groups in clear (their birth dates are sealed). Absent in events recorded before. */
    ageGroups?: MemberAgeGroups[];
    /** Provisional monthly averages of newly declared income (replaced by a newer verification report). */
    incomeOverrides: IncomeItem[];
  }
>;
export type BenefitChangeProposed = Ev<'BenefitChangeProposed', { changeRequestId: string; proposal: BenefitChangeProposal }>;
export type BenefitChangeDecided = Ev<
  'BenefitChangeDecided',
  {
    caseId: string;
    caseNumber: string;
    jurisdiction: string;
    decisionId: string;
    changeRequestId: string;
    program: RecurringProgram;
    changeType: BenefitChangeType;
    effectiveMonth: CalendarMonth;
    previousMonthlyAmountFen: Fen;
    monthlyAmountFen: Fen | null;
    taperSchedule: { month: CalendarMonth; amountFen: Fen }[] | null;
    membersCovered: { memberId: string; name: string }[] | null;
    supplements: AssessedSupplement[] | null;
    reviewClass: CaseAssessment['reviewClass'] | null;
    reviewIntervalMonths: number | null;
    reason: { code: BenefitChangeProposal['reason']['code']; description: string };
    trigger: BenefitChangeTrigger;
    policyVersion: string;
    assessment: CaseAssessment | null;
    decidedOn: CalendarDate;
    decidedBy: ActorRef;
    proposedBy: ActorRef;
    /** DECREASE and TERMINATION: written reasons must reach the household by this day. */
    writtenNoticeDueOn: CalendarDate | null;
    /** A notice needed but its date open: the year whose holiday schedule is missing. */
    calendarMissing?: number | null;
    /** With the notice date open: the working days the notice period counts (to date it later). */
    noticeWorkingDays?: number;
    decisionReason: string;
    evidenceRefs: string[];
    /** The decision an appeal's outcome (撤销 / 变更) caused: the appeal it carries out (absent otherwise). */
    appeal?: AppealLink;
    /**
     * The 追回 monthly cap of the policy version decided under (`parameters.overpaymentRecovery`), published
     * to disbursement (BenefitChanged v5), which then replaces the entitlement's cap. Absent when that policy
     * sets none, for a termination on withdrawal (no policy decided under) and in events recorded before it existed.
     */
    overpaymentRecovery?: OverpaymentRecoveryPolicy;
  }
>;
export type RedeterminationClosed = Ev<
  'RedeterminationClosed',
  {
    changeRequestId: string;
    outcome: 'NO_CHANGE';
    closedOn: CalendarDate;
    decidedBy: ActorRef;
    proposedBy: ActorRef;
    policyVersion: string;
    reason: string;
  }
>;

/** Which open due date `DueDatesDated` dates. */
export type DatedDueDateKind = 'DECISION_DEADLINE' | 'INVESTIGATION_START' | 'REFUSAL_NOTICE' | 'CHANGE_NOTICE';

/**
 * Due dates left open because a year's holiday schedule was missing, dated once it is published
 * (期限补定): from the same start and working days, with the calendar version that dated them.
 */
export type DueDatesDated = Ev<
  'DueDatesDated',
  {
    caseId: string;
    calendarYear: number;
    calendarVersion: number | null;
    dated: { kind: DatedDueDateKind; decisionId: string | null; from: CalendarDate; workingDays: number; dueOn: CalendarDate }[];
    /** The year still missing for a due date of the case after this dating, or null. */
    calendarMissing: number | null;
    datedOn: CalendarDate;
    datedBy: ActorRef;
  }
>;

export type ReviewCaseEvent =
  | DueDatesDated
  | ReviewCaseOpened
  | VerificationFactsReceived
  | HomeVisitRecorded
  | NeighbourhoodInquiryRecorded
  | EvidenceLetterRecorded
  | InitialOpinionIssued
  | PublicNoticePosted
  | ObjectionFiled
  | ObjectionResolved
  | DecisionDeadlineExtended
  | CaseSubmittedForDecision
  | CaseApproved
  | CaseRefused
  | CaseWithdrawn
  | RedeterminationRequested
  | BenefitChangeProposed
  | BenefitChangeDecided
  | RedeterminationClosed
  | EmergencyAdvanceApproved
  | CaseMigrated
  | AppealFiled
  | AppealOutcomeRecorded
  | StandardRedeterminationProposed
  | BenefitChangeRejected;

export const REVIEW_CASE_EVENT_TYPES: readonly ReviewCaseEvent['type'][] = [
  'ReviewCaseOpened',
  'VerificationFactsReceived',
  'HomeVisitRecorded',
  'NeighbourhoodInquiryRecorded',
  'EvidenceLetterRecorded',
  'InitialOpinionIssued',
  'PublicNoticePosted',
  'ObjectionFiled',
  'ObjectionResolved',
  'DecisionDeadlineExtended',
  'CaseSubmittedForDecision',
  'CaseApproved',
  'CaseRefused',
  'CaseWithdrawn',
  'RedeterminationRequested',
  'BenefitChangeProposed',
  'BenefitChangeDecided',
  'RedeterminationClosed',
  'EmergencyAdvanceApproved',
  'CaseMigrated',
  'DueDatesDated',
  'AppealFiled',
  'AppealOutcomeRecorded',
  'StandardRedeterminationProposed',
  'BenefitChangeRejected',
];

/** Decision events: they carry reason, evidence references and the policy version in their metadata too. */
export const DECISION_EVENT_TYPES: readonly ReviewCaseEvent['type'][] = ['CaseApproved', 'CaseRefused', 'BenefitChangeDecided', 'RedeterminationClosed', 'EmergencyAdvanceApproved', 'BenefitChangeRejected'];

export const initialReviewCaseState: ReviewCaseState = {
  status: 'NONE',
  caseId: null,
  caseNumber: null,
  program: null,
  temporaryAssistance: null,
  jurisdiction: null,
  acceptedOn: null,
  household: null,
  conflictOfInterest: { flagged: false, memberIds: [] },
  procedure: null,
  deadline: null,
  round: 0,
  verifications: [],
  visits: [],
  inquiries: [],
  letters: [],
  opinions: [],
  notices: [],
  objections: [],
  submission: null,
  decision: null,
  benefit: null,
  redetermination: null,
  handledChangeRequests: [],
  incomeOverrides: null,
  openChangeNotices: [],
};

function applyMemberChanges(state: ReviewCaseState, left: string[], joined: CaseMember[]): ReviewCaseState['household'] {
  if (!state.household) return state.household;
  const gone = new Set(left);
  const members = state.household.members.map((m) =>
    gone.has(m.memberId) && m.included ? { ...m, included: false, exclusionReason: 'OTHER' as const } : m,
  );
  const known = new Set(members.map((m) => m.memberId));
  return { ...state.household, members: [...members, ...joined.filter((m) => !known.has(m.memberId))] };
}

export function evolveReviewCase(state: ReviewCaseState, event: ReviewCaseEvent): ReviewCaseState {
  const next = evolveCase(state, event);
  // The decisions an appeal may contest (appeals.ts).
  switch (event.type) {
    case 'CaseApproved':
    case 'CaseMigrated':
      return withRecordedDecision(next, { decisionId: event.data.decisionId, kind: 'APPROVAL', decidedOn: event.data.decidedOn });
    case 'CaseRefused':
      return withRecordedDecision(next, { decisionId: event.data.decisionId, kind: 'REFUSAL', decidedOn: event.data.decidedOn });
    case 'BenefitChangeDecided':
      return withRecordedDecision(next, { decisionId: event.data.decisionId, kind: 'BENEFIT_CHANGE', decidedOn: event.data.decidedOn });
    default:
      return next;
  }
}

function evolveCase(state: ReviewCaseState, event: ReviewCaseEvent): ReviewCaseState {
  switch (event.type) {
    case 'AppealFiled':
      return evolveAppealFiled(state, event);
    case 'AppealOutcomeRecorded':
      return evolveAppealOutcome(state, event);
    case 'CaseMigrated':
      return evolveMigration(state, event);
    case 'ReviewCaseOpened': {
      const d = event.data;
      return {
        ...state,
        status: 'INVESTIGATING',
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        program: d.program,
        temporaryAssistance: d.temporaryAssistance,
        jurisdiction: d.jurisdiction,
        acceptedOn: d.acceptedOn,
        household: d.household,
        conflictOfInterest: d.conflictOfInterest,
        payee: d.payee ?? null,
        procedure: d.procedure,
        deadline: d.deadline,
        round: 1,
      };
    }
    case 'VerificationFactsReceived':
      return { ...state, caseId: state.caseId ?? event.data.caseId, verifications: [...state.verifications, event.data.report] };
    case 'HomeVisitRecorded':
      return { ...state, visits: [...state.visits, event.data.visit] };
    case 'NeighbourhoodInquiryRecorded':
      return { ...state, inquiries: [...state.inquiries, event.data.inquiry] };
    case 'EvidenceLetterRecorded':
      return { ...state, letters: [...state.letters, event.data.letter] };
    case 'InitialOpinionIssued':
      return { ...state, status: 'OPINION_ISSUED', opinions: [...state.opinions, event.data.opinion] };
    case 'PublicNoticePosted':
      return { ...state, status: 'IN_NOTICE', notices: [...state.notices, event.data.notice] };
    case 'ObjectionFiled':
      return { ...state, objections: [...state.objections, event.data.objection] };
    case 'ObjectionResolved': {
      const objections = state.objections.map((o) => (o.objectionId === event.data.objectionId ? { ...o, resolution: event.data.resolution } : o));
      if (event.data.nextRound === null) return { ...state, objections };
      return { ...state, objections, status: 'INVESTIGATING', round: event.data.nextRound };
    }
    case 'DecisionDeadlineExtended':
      return state.deadline
        ? {
            ...state,
            deadline: {
              ...state.deadline,
              workingDays: event.data.workingDays,
              dueOn: event.data.dueOn,
              extensionReason: event.data.reason,
              calendarMissing: event.data.calendarMissing ?? null,
            },
          }
        : state;
    case 'CaseSubmittedForDecision': {
      const { round, submittedOn, submittedBy, reviewNote } = event.data;
      return { ...state, status: 'SUBMITTED', submission: { round, submittedOn, submittedBy, reviewNote } };
    }
    case 'CaseApproved': {
      const d = event.data;
      const a = d.assessment;
      const recurring = d.program !== 'TEMPORARY_ASSISTANCE';
      return {
        ...state,
        status: 'APPROVED',
        decision: {
          decisionId: d.decisionId,
          outcome: 'APPROVED',
          decidedOn: d.decidedOn,
          decidedBy: d.decidedBy,
          proposedBy: d.proposedBy,
          decisionAuthority: d.decisionAuthority,
          policyVersion: d.policyVersion,
          startMonth: d.startMonth,
          monthlyAmountFen: a.monthlyAmountFen,
          noticeDueOn: null,
          overdue: d.overdue,
        },
        benefit: recurring
          ? {
              status: 'ACTIVE',
              program: d.program as Exclude<Program, 'TEMPORARY_ASSISTANCE'>,
              monthlyAmountFen: a.monthlyAmountFen,
              sinceMonth: d.startMonth,
              coverage: a.coverage,
              coveredMemberIds: a.coveredMemberIds,
              supplements: a.supplements,
              reviewClass: a.reviewClass,
              reviewIntervalMonths: a.reviewIntervalMonths,
              policyVersion: d.policyVersion,
              decisionId: d.decisionId,
              taperSchedule: null,
            }
          : null,
      };
    }
    case 'CaseRefused': {
      const d = event.data;
      return {
        ...state,
        status: 'REFUSED',
        decision: {
          decisionId: d.decisionId,
          outcome: 'REFUSED',
          decidedOn: d.decidedOn,
          decidedBy: d.decidedBy,
          proposedBy: d.proposedBy,
          decisionAuthority: d.decisionAuthority,
          policyVersion: d.policyVersion,
          startMonth: null,
          monthlyAmountFen: 0,
          noticeDueOn: d.noticeDueOn,
          calendarMissing: d.calendarMissing ?? null,
          ...(d.noticeWorkingDays !== undefined ? { noticeWorkingDays: d.noticeWorkingDays } : {}),
          overdue: d.overdue,
        },
      };
    }
    case 'CaseWithdrawn':
      return { ...state, status: 'WITHDRAWN' };
    case 'RedeterminationRequested': {
      const d = event.data;
      return {
        ...state,
        household: applyMemberChanges(state, d.membersLeft, d.membersJoined),
        redetermination: { ...d.redetermination, proposal: null },
        handledChangeRequests: [...state.handledChangeRequests, d.redetermination.changeRequestId],
        incomeOverrides: d.incomeOverrides.length > 0 ? { items: d.incomeOverrides, afterReports: state.verifications.length } : null,
      };
    }
    case 'BenefitChangeProposed':
      return state.redetermination ? { ...state, redetermination: { ...state.redetermination, proposal: event.data.proposal } } : state;
    case 'BenefitChangeDecided': {
      const d = event.data;
      const previous = state.benefit;
      const openChangeNotices =
        d.writtenNoticeDueOn === null && typeof d.calendarMissing === 'number'
          ? [...(state.openChangeNotices ?? []), { decisionId: d.decisionId, decidedOn: d.decidedOn, workingDays: d.noticeWorkingDays ?? state.procedure?.refusalNoticeWorkingDays ?? 3, calendarMissing: d.calendarMissing }]
          : state.openChangeNotices;
      if (!previous) return { ...state, redetermination: null, openChangeNotices };
      const status =
        d.changeType === 'SUSPENSION' ? 'SUSPENDED' : d.changeType === 'TERMINATION' ? 'TERMINATED' : d.changeType === 'TAPER' ? 'TAPERING' : 'ACTIVE';
      return {
        ...state,
        redetermination: null,
        openChangeNotices,
        benefit: {
          ...previous,
          status,
          monthlyAmountFen: d.monthlyAmountFen ?? (status === 'TAPERING' ? previous.monthlyAmountFen : 0),
          sinceMonth: d.effectiveMonth,
          coveredMemberIds: d.membersCovered ? d.membersCovered.map((m) => m.memberId) : previous.coveredMemberIds,
          supplements: d.supplements ?? previous.supplements,
          reviewClass: d.reviewClass ?? previous.reviewClass,
          reviewIntervalMonths: d.reviewIntervalMonths ?? previous.reviewIntervalMonths,
          policyVersion: d.policyVersion,
          decisionId: d.decisionId,
          taperSchedule: d.taperSchedule,
        },
      };
    }
    case 'RedeterminationClosed':
      return { ...state, redetermination: null };
    case 'DueDatesDated':
      return evolveDueDatesDated(state, event);
    case 'EmergencyAdvanceApproved':
      return evolveEmergencyAdvance(state, event);
    case 'StandardRedeterminationProposed':
    case 'BenefitChangeRejected':
      return evolveStandardChange(state, event);
    default:
      return state;
  }
}
