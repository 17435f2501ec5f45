import type { DomainEvent } from '@sa/decider';
import type {
  BenefitChangeType,
  CircumstanceChange,
  CoveredMember,
  MonthAmount,
  MonthRange,
  RecommendedOutcome,
  RecurringProgram,
  ReviewClass,
  VerificationConsent,
} from '@sa/contracts';
import { type LocalDate, type YearMonth } from './calendar';
import type { WelfareVisitPlan } from './welfare-visits';
import type { FeedKind, FeedRecord } from './data-feeds';

/** Where a data alert comes from: the department's file (its SHA-256) and the row in it. */
export interface DataFeedSource {
  kind: FeedKind;
  fileDigest: string;
  fileName: string;
  rowNumber: number;
}

/** Stream `followUp-<caseId>`: one follow-up case per granted recurring benefit. */
export const FOLLOW_UP_CATEGORY = 'followUp';
export const followUpStreamId = (caseId: string): string => `${FOLLOW_UP_CATEGORY}-${caseId}`;

export type ReviewTriggerKind = 'CHANGE_REPORT' | 'COMPLAINT' | 'DATA_ALERT' | 'PAYMENT_RETURNED' | 'OTHER';
export type ChangeReportSource = 'HOUSEHOLD' | 'DATA_ALERT';
export type ReviewFinding = 'NO_MATERIAL_CHANGE' | 'CHANGE_FOUND' | 'HOUSEHOLD_UNREACHABLE';

export interface ReverificationMember {
  memberId: string;
  name: string;
  residentId: string;
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export type FollowUpEvent =
  | DomainEvent<
      'FollowUpOpened',
      {
        caseId: string;
        caseNumber: string;
        decisionId: string;
        program: RecurringProgram;
        jurisdiction: string;
        reviewClass: ReviewClass;
        reviewIntervalMonths: number;
        startMonth: YearMonth;
        monthlyAmountFen: number;
        membersCovered: CoveredMember[];
        nextReviewDueMonth: YearMonth;
        openedOn: LocalDate;
      }
    >
  | DomainEvent<
      'ReviewOpened',
      {
        reviewId: string;
        reviewType: 'PERIODIC' | 'TRIGGERED';
        trigger?: { kind: ReviewTriggerKind; refId?: string };
        dueMonth?: YearMonth;
        openedOn: LocalDate;
      }
    >
  | DomainEvent<
      'ReverificationRequested',
      {
        reviewId: string;
        requestId: string;
        trigger: { kind: 'PERIODIC_REVIEW' | 'CHANGE_REPORT' | 'COMPLAINT' | 'DATA_ALERT'; refId?: string };
        members: ReverificationMember[];
        consents: VerificationConsent[];
        referencePeriod: MonthRange;
        requestedOn: LocalDate;
        dueOn: LocalDate;
      }
    >
  | DomainEvent<
      'VerificationResultReceived',
      { reviewId: string; requestId?: string; verificationId: string; reportVersion: number; receivedOn: LocalDate }
    >
  | DomainEvent<
      'ReviewVisitRecorded',
      { reviewId: string; visitedOn: LocalDate; officerIds: string[]; note: string; reportRef?: string }
    >
  | DomainEvent<
      'ReviewConcluded',
      {
        reviewId: string;
        reviewType: 'PERIODIC' | 'TRIGGERED';
        trigger?: { kind: ReviewTriggerKind; refId?: string };
        dueMonth?: YearMonth;
        completedOn: LocalDate;
        finding: ReviewFinding;
        recommendation: RecommendedOutcome;
        reasons: string[];
        changes: CircumstanceChange[];
        summary: string;
        visit?: { visitedOn: LocalDate; officerIds: string[]; reportRef?: string };
        verification?: { verificationId: string; reportVersion: number };
        nextReviewDueMonth: YearMonth;
      }
    >
  | DomainEvent<
      'ChangeProposed',
      {
        changeRequestId: string;
        origin: 'REVIEW';
        reviewId: string;
        recommendation: Exclude<RecommendedOutcome, 'NO_CHANGE'>;
        requestedChange: 'RECALCULATE' | 'SUSPEND' | 'TERMINATE';
        reasons: string[];
        changes: CircumstanceChange[];
        proposedOn: LocalDate;
        urgent: boolean;
      }
    >
  | DomainEvent<
      'ChangeReported',
      {
        reportId: string;
        source: ChangeReportSource;
        reviewId: string;
        changes: CircumstanceChange[];
        reportedOn: LocalDate;
        changedOn?: LocalDate;
      }
    >
  | DomainEvent<
      'BenefitChangeApplied',
      {
        decisionId: string;
        changeType: BenefitChangeType;
        effectiveMonth: YearMonth;
        monthlyAmountFen?: number;
        taperSchedule?: MonthAmount[];
        reviewClass?: ReviewClass;
        reviewIntervalMonths?: number;
        reason: string;
        decidedOn: LocalDate;
      }
    >
  | DomainEvent<
      'DataAlertRaised',
      {
        alertId: string;
        reviewId: string;
        source: DataFeedSource;
        /** The household member whose resident ID matched (blind index), when known. */
        memberId?: string;
        /** The department's record as received (personal fields sealed by the event store). */
        record: FeedRecord;
        changes: CircumstanceChange[];
        raisedOn: LocalDate;
      }
    >
  | DomainEvent<'AgeOutFlagged', { memberId: string; adultOn: LocalDate; reviewId: string; flaggedOn: LocalDate }>
  | DomainEvent<'PaymentRecorded', { paymentId: string; paymentMonth: YearMonth; amountFen: number; status: 'ISSUED' | 'RETURNED'; on: LocalDate }>
  | DomainEvent<'FollowUpClosed', { reason: 'TERMINATED' | 'TAPER_ENDED'; closedOn: LocalDate; finalNote: string }>
  | DomainEvent<'WelfareVisitsPlanned', WelfareVisitPlan & { plannedOn: LocalDate }>
  | DomainEvent<'WelfareVisitRecorded', { visitId: string; visitedOn: LocalDate; officerId: string; note: string; concerns: string[] }>;

export type FollowUpEventType = FollowUpEvent['type'];

/** Every event type of a follow-up stream (the compiler checks the list against the union, both ways). */
export const FOLLOW_UP_EVENT_TYPES = Object.keys({
  FollowUpOpened: true,
  ReviewOpened: true,
  ReverificationRequested: true,
  VerificationResultReceived: true,
  ReviewVisitRecorded: true,
  ReviewConcluded: true,
  ChangeProposed: true,
  ChangeReported: true,
  DataAlertRaised: true,
  BenefitChangeApplied: true,
  AgeOutFlagged: true,
  PaymentRecorded: true,
  FollowUpClosed: true,
  WelfareVisitsPlanned: true,
  WelfareVisitRecorded: true,
} satisfies Record<FollowUpEventType, true>) as readonly FollowUpEventType[];

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

export interface OpenReview {
  reviewId: string;
  reviewType: 'PERIODIC' | 'TRIGGERED';
  trigger?: { kind: ReviewTriggerKind; refId?: string };
  dueMonth?: YearMonth;
  openedOn: LocalDate;
  reverification?: { requestId: string; answered: boolean };
  verification?: { verificationId: string; reportVersion: number };
  visit?: { visitedOn: LocalDate; officerIds: string[]; reportRef?: string };
  changes: CircumstanceChange[];
}

export interface FollowUpState {
  status: 'NONE' | 'ACTIVE' | 'SUSPENDED' | 'TAPERING' | 'CLOSED';
  caseId?: string;
  caseNumber?: string;
  jurisdiction?: string;
  program?: RecurringProgram;
  grantDecisionId?: string;
  reviewClass?: ReviewClass;
  reviewIntervalMonths: number;
  nextReviewDueMonth?: YearMonth;
  monthlyAmountFen: number;
  membersCovered: CoveredMember[];
  openReview?: OpenReview;
  completedReviewIds: string[];
  appliedDecisionIds: string[];
  changeReportIds: string[];
  dataAlertIds: string[];
  ageOutFlagged: string[];
  taperSchedule?: MonthAmount[];
  welfarePlan?: WelfareVisitPlan;
  lastWelfareVisitOn?: LocalDate;
  welfareVisitIds: string[];
  returnedPayments: number;
  closed?: { reason: string; closedOn: LocalDate; finalNote: string };
}

export const initialFollowUpState: FollowUpState = {
  status: 'NONE',
  reviewIntervalMonths: 0,
  monthlyAmountFen: 0,
  membersCovered: [],
  completedReviewIds: [],
  appliedDecisionIds: [],
  changeReportIds: [],
  dataAlertIds: [],
  ageOutFlagged: [],
  welfareVisitIds: [],
  returnedPayments: 0,
};

export function evolveFollowUp(state: FollowUpState, event: FollowUpEvent): FollowUpState {
  switch (event.type) {
    case 'FollowUpOpened': {
      const d = event.data;
      return {
        ...state,
        status: 'ACTIVE',
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        jurisdiction: d.jurisdiction,
        program: d.program,
        grantDecisionId: d.decisionId,
        reviewClass: d.reviewClass,
        reviewIntervalMonths: d.reviewIntervalMonths,
        nextReviewDueMonth: d.nextReviewDueMonth,
        monthlyAmountFen: d.monthlyAmountFen,
        membersCovered: d.membersCovered,
      };
    }
    case 'ReviewOpened': {
      const d = event.data;
      return {
        ...state,
        openReview: {
          reviewId: d.reviewId,
          reviewType: d.reviewType,
          ...(d.trigger ? { trigger: d.trigger } : {}),
          ...(d.dueMonth ? { dueMonth: d.dueMonth } : {}),
          openedOn: d.openedOn,
          changes: [],
        },
      };
    }
    case 'ReverificationRequested':
      return state.openReview
        ? { ...state, openReview: { ...state.openReview, reverification: { requestId: event.data.requestId, answered: false } } }
        : state;
    case 'VerificationResultReceived': {
      const r = state.openReview;
      if (!r) return state;
      return {
        ...state,
        openReview: {
          ...r,
          ...(r.reverification ? { reverification: { ...r.reverification, answered: true } } : {}),
          verification: { verificationId: event.data.verificationId, reportVersion: event.data.reportVersion },
        },
      };
    }
    case 'ReviewVisitRecorded': {
      const r = state.openReview;
      if (!r) return state;
      const d = event.data;
      return {
        ...state,
        openReview: { ...r, visit: { visitedOn: d.visitedOn, officerIds: d.officerIds, ...(d.reportRef ? { reportRef: d.reportRef } : {}) } },
      };
    }
    case 'ChangeReported': {
      const r = state.openReview;
      return {
        ...state,
        changeReportIds: [...state.changeReportIds, event.data.reportId],
        ...(r ? { openReview: { ...r, changes: [...r.changes, ...event.data.changes] } } : {}),
      };
    }
    case 'DataAlertRaised': {
      const r = state.openReview;
      return {
        ...state,
        dataAlertIds: [...(state.dataAlertIds ?? []), event.data.alertId],
        ...(r ? { openReview: { ...r, changes: [...r.changes, ...event.data.changes] } } : {}),
      };
    }
    case 'ReviewConcluded': {
      const { openReview: _done, ...rest } = state;
      return {
        ...rest,
        completedReviewIds: [...state.completedReviewIds, event.data.reviewId],
        nextReviewDueMonth: event.data.nextReviewDueMonth,
      };
    }
    case 'ChangeProposed':
      return state;
    case 'BenefitChangeApplied': {
      const d = event.data;
      const status: FollowUpState['status'] =
        d.changeType === 'SUSPENSION' ? 'SUSPENDED' : d.changeType === 'TAPER' ? 'TAPERING' : d.changeType === 'TERMINATION' ? state.status : 'ACTIVE';
      const next: FollowUpState = {
        ...state,
        status,
        appliedDecisionIds: [...state.appliedDecisionIds, d.decisionId],
        monthlyAmountFen:
          d.changeType === 'SUSPENSION' || d.changeType === 'TERMINATION' ? 0 : (d.monthlyAmountFen ?? d.taperSchedule?.[0]?.amountFen ?? state.monthlyAmountFen),
        ...(d.reviewClass ? { reviewClass: d.reviewClass } : {}),
        ...(d.reviewIntervalMonths ? { reviewIntervalMonths: d.reviewIntervalMonths } : {}),
      };
      if (d.changeType === 'TAPER' && d.taperSchedule) next.taperSchedule = d.taperSchedule;
      else delete next.taperSchedule;
      return next;
    }
    case 'AgeOutFlagged':
      return { ...state, ageOutFlagged: [...state.ageOutFlagged, event.data.memberId] };
    case 'PaymentRecorded':
      return event.data.status === 'RETURNED' ? { ...state, returnedPayments: state.returnedPayments + 1 } : state;
    case 'FollowUpClosed': {
      const { openReview: _dropped, ...rest } = state;
      return { ...rest, status: 'CLOSED', closed: { ...event.data } };
    }
    case 'WelfareVisitsPlanned': {
      const { plannedOn: _on, ...plan } = event.data;
      return { ...state, welfarePlan: plan };
    }
    case 'WelfareVisitRecorded':
      return {
        ...state,
        welfareVisitIds: [...state.welfareVisitIds, event.data.visitId],
        lastWelfareVisitOn:
          state.lastWelfareVisitOn === undefined || event.data.visitedOn > state.lastWelfareVisitOn ? event.data.visitedOn : state.lastWelfareVisitOn,
      };
  }
}

// The commands (and their per-type helper) live in follow-up-case.commands.ts; re-exported for the decide files.
export type { FollowUpCommand, FollowUpCommandBody, FollowUpCommandOf } from './follow-up-case.commands';
