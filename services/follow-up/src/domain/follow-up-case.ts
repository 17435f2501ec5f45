import type { Decider, DomainEvent } from '@sa/decider';
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
import { addDays, addMonths, monthOf, type LocalDate, type YearMonth } from './calendar';
import { FollowUpRuleError } from './follow-up-rule-error';
import { firstReviewDueMonth, nextReviewDueMonthAfter, reviewDueOn } from './review-schedule';
import type { Vulnerability, WelfareVisitPlan } from './welfare-visits';

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

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

export type FollowUpCommand =
  | {
      type: 'OpenFollowUp';
      data: {
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
        today: LocalDate;
      };
    }
  | { type: 'OpenPeriodicReview'; data: { reviewId: string; today: LocalDate; dueSoonDays: number } }
  | { type: 'OpenAdHocReview'; data: { reviewId: string; trigger: { kind: ReviewTriggerKind; refId?: string }; today: LocalDate } }
  | {
      type: 'RequestReverification';
      data: {
        requestId: string;
        members: ReverificationMember[];
        consents: VerificationConsent[];
        /** Months of income looked at, ending with the month before `today`. */
        referenceMonths: number;
        today: LocalDate;
        dueOn: LocalDate;
      };
    }
  | { type: 'ReceiveVerificationResult'; data: { requestId?: string; verificationId: string; reportVersion: number; today: LocalDate } }
  | { type: 'RecordReviewVisit'; data: { reviewId: string; visitedOn: LocalDate; officerIds: string[]; note: string; reportRef?: string; today: LocalDate } }
  | {
      type: 'ConcludeReview';
      data: {
        reviewId: string;
        changeRequestId: string;
        finding: ReviewFinding;
        recommendation: RecommendedOutcome;
        reasons: string[];
        changes: CircumstanceChange[];
        summary: string;
        today: LocalDate;
      };
    }
  | {
      type: 'ReportChange';
      data: {
        reportId: string;
        /** Used when no review is open: the ad-hoc review opened for this report. */
        reviewId: string;
        source: ChangeReportSource;
        changes: CircumstanceChange[];
        changedOn?: LocalDate;
        today: LocalDate;
      };
    }
  | {
      type: 'ApplyBenefitChange';
      data: {
        decisionId: string;
        changeType: BenefitChangeType;
        effectiveMonth: YearMonth;
        monthlyAmountFen?: number;
        taperSchedule?: MonthAmount[];
        reviewClass?: ReviewClass;
        reviewIntervalMonths?: number;
        reason: string;
        decidedOn: LocalDate;
      };
    }
  | { type: 'FlagAgeOut'; data: { memberId: string; adultOn: LocalDate; reviewId: string; today: LocalDate } }
  | { type: 'RecordPayment'; data: { paymentId: string; paymentMonth: YearMonth; amountFen: number; status: 'ISSUED' | 'RETURNED'; on: LocalDate } }
  | { type: 'CloseEndedTaper'; data: { today: LocalDate } }
  | { type: 'PlanWelfareVisits'; data: { vulnerabilities: Vulnerability[]; intervalDays: number; firstDueOn: LocalDate; today: LocalDate } }
  | { type: 'RecordWelfareVisit'; data: { visitId: string; visitedOn: LocalDate; officerId: string; note: string; concerns: string[]; today: LocalDate } };

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

const REQUESTED_CHANGE = {
  INCREASE: 'RECALCULATE',
  DECREASE: 'RECALCULATE',
  TAPER: 'RECALCULATE',
  SUSPENSION: 'SUSPEND',
  TERMINATION: 'TERMINATE',
} as const;

function requireOpened(state: FollowUpState): void {
  if (state.status === 'NONE') throw new FollowUpRuleError('follow_up_not_found', 'No follow-up case for this case', { kind: 'not_found' });
}

function requireNotClosed(state: FollowUpState): void {
  requireOpened(state);
  if (state.status === 'CLOSED') throw new FollowUpRuleError('follow_up_closed', 'The follow-up case is closed', { kind: 'conflict' });
}

function requireOpenReview(state: FollowUpState, reviewId?: string): OpenReview {
  requireNotClosed(state);
  const review = state.openReview;
  if (!review || (reviewId !== undefined && review.reviewId !== reviewId)) {
    throw new FollowUpRuleError('review_not_open', 'No such open review', { kind: 'not_found', field: 'reviewId' });
  }
  return review;
}

function requireNoOpenReview(state: FollowUpState): void {
  if (state.openReview) {
    throw new FollowUpRuleError('review_already_open', `Review ${state.openReview.reviewId} is still open`, { kind: 'conflict' });
  }
}

function notInFuture(date: LocalDate, today: LocalDate, field: string): void {
  if (date > today) throw new FollowUpRuleError('date_in_future', `${field} is after today`, { field });
}

export function decideFollowUp(command: FollowUpCommand, state: FollowUpState): FollowUpEvent[] {
  switch (command.type) {
    case 'OpenFollowUp': {
      const d = command.data;
      if (state.status !== 'NONE') return []; // the grant was already taken in (redelivery)
      if (!Number.isInteger(d.reviewIntervalMonths) || d.reviewIntervalMonths < 1) {
        throw new FollowUpRuleError('invalid_review_interval', 'The review interval must be a whole number of months ≥ 1', {
          field: 'reviewIntervalMonths',
        });
      }
      return [
        {
          type: 'FollowUpOpened',
          data: {
            caseId: d.caseId,
            caseNumber: d.caseNumber,
            decisionId: d.decisionId,
            program: d.program,
            jurisdiction: d.jurisdiction,
            reviewClass: d.reviewClass,
            reviewIntervalMonths: d.reviewIntervalMonths,
            startMonth: d.startMonth,
            monthlyAmountFen: d.monthlyAmountFen,
            membersCovered: d.membersCovered,
            nextReviewDueMonth: firstReviewDueMonth(d.startMonth, d.reviewIntervalMonths),
            openedOn: d.today,
          },
        },
      ];
    }

    case 'OpenPeriodicReview': {
      const d = command.data;
      requireNotClosed(state);
      if (state.openReview?.reviewId === d.reviewId) return [];
      requireNoOpenReview(state);
      const schedule = { nextReviewDueMonth: state.nextReviewDueMonth!, reviewIntervalMonths: state.reviewIntervalMonths };
      const dueOn = reviewDueOn(schedule);
      if (d.today < addDays(dueOn, -d.dueSoonDays)) {
        throw new FollowUpRuleError('review_not_due', `The next periodic review is due from ${dueOn}`, { kind: 'conflict' });
      }
      return [
        { type: 'ReviewOpened', data: { reviewId: d.reviewId, reviewType: 'PERIODIC', dueMonth: schedule.nextReviewDueMonth, openedOn: d.today } },
      ];
    }

    case 'OpenAdHocReview': {
      const d = command.data;
      requireNotClosed(state);
      if (state.openReview?.reviewId === d.reviewId) return [];
      requireNoOpenReview(state);
      return [{ type: 'ReviewOpened', data: { reviewId: d.reviewId, reviewType: 'TRIGGERED', trigger: d.trigger, openedOn: d.today } }];
    }

    case 'RequestReverification': {
      const d = command.data;
      const review = requireOpenReview(state);
      if (review.reverification?.requestId === d.requestId) return [];
      if (review.reverification && !review.reverification.answered) {
        throw new FollowUpRuleError('reverification_outstanding', 'A re-verification of this review is still outstanding', { kind: 'conflict' });
      }
      if (d.members.length === 0) {
        throw new FollowUpRuleError('no_members_to_verify', 'Re-verification needs the household members to query', { field: 'members' });
      }
      const withConsent = new Set(d.consents.map((c) => c.memberId));
      const missing = d.members.filter((m) => !withConsent.has(m.memberId));
      if (missing.length > 0) {
        throw new FollowUpRuleError('consent_missing', `No verification consent for ${missing.map((m) => m.memberId).join(', ')}`, {
          field: 'consents',
        });
      }
      const lastMonth = addMonths(monthOf(d.today), -1);
      const kind = review.reviewType === 'PERIODIC' ? 'PERIODIC_REVIEW' : review.trigger?.kind === 'COMPLAINT' ? 'COMPLAINT' : review.trigger?.kind === 'DATA_ALERT' ? 'DATA_ALERT' : 'CHANGE_REPORT';
      return [
        {
          type: 'ReverificationRequested',
          data: {
            reviewId: review.reviewId,
            requestId: d.requestId,
            trigger: { kind, refId: review.trigger?.refId ?? review.reviewId },
            members: d.members,
            consents: d.consents,
            referencePeriod: { from: addMonths(lastMonth, -(d.referenceMonths - 1)), to: lastMonth },
            requestedOn: d.today,
            dueOn: d.dueOn,
          },
        },
      ];
    }

    case 'ReceiveVerificationResult': {
      const d = command.data;
      const review = state.openReview;
      // A report for a request this case is no longer waiting for (review concluded, case closed) is ignored.
      if (state.status === 'NONE' || state.status === 'CLOSED' || !review?.reverification) return [];
      if (d.requestId !== undefined && d.requestId !== review.reverification.requestId) return [];
      if (review.verification?.verificationId === d.verificationId && review.verification.reportVersion >= d.reportVersion) return [];
      return [
        {
          type: 'VerificationResultReceived',
          data: {
            reviewId: review.reviewId,
            ...(d.requestId ? { requestId: d.requestId } : {}),
            verificationId: d.verificationId,
            reportVersion: d.reportVersion,
            receivedOn: d.today,
          },
        },
      ];
    }

    case 'RecordReviewVisit': {
      const d = command.data;
      const review = requireOpenReview(state, d.reviewId);
      notInFuture(d.visitedOn, d.today, 'visitedOn');
      if (d.visitedOn < review.openedOn) {
        throw new FollowUpRuleError('visit_before_review', 'The visit is dated before the review was opened', { field: 'visitedOn' });
      }
      if (new Set(d.officerIds).size < 2) {
        throw new FollowUpRuleError('visit_needs_two_officers', 'A home visit is made by at least two officers', { field: 'officerIds' });
      }
      if (d.note.trim() === '') throw new FollowUpRuleError('visit_note_missing', 'Describe what the visit found', { field: 'note' });
      return [
        {
          type: 'ReviewVisitRecorded',
          data: {
            reviewId: d.reviewId,
            visitedOn: d.visitedOn,
            officerIds: [...new Set(d.officerIds)],
            note: d.note,
            ...(d.reportRef ? { reportRef: d.reportRef } : {}),
          },
        },
      ];
    }

    case 'ConcludeReview': {
      const d = command.data;
      if (state.completedReviewIds.includes(d.reviewId)) return [];
      const review = requireOpenReview(state, d.reviewId);
      if (review.reverification && !review.reverification.answered && d.finding !== 'HOUSEHOLD_UNREACHABLE') {
        throw new FollowUpRuleError('verification_outstanding', 'The re-verification report has not arrived yet', { kind: 'conflict' });
      }
      const reasons = d.reasons.map((r) => r.trim()).filter((r) => r !== '');
      if (d.recommendation === 'NO_CHANGE') {
        if (d.finding === 'CHANGE_FOUND' && d.changes.length === 0) {
          throw new FollowUpRuleError('changes_missing', 'Name the changes that were found', { field: 'changes' });
        }
      } else if (reasons.length === 0) {
        throw new FollowUpRuleError('written_reasons_required', `A ${d.recommendation} proposal needs written reasons for the household`, {
          field: 'reasons',
        });
      }
      if (d.recommendation !== 'NO_CHANGE' && d.finding === 'NO_MATERIAL_CHANGE' && !['SUSPENSION', 'TERMINATION'].includes(d.recommendation)) {
        throw new FollowUpRuleError('proposal_without_change', 'An amount change needs a change in circumstances', { field: 'finding' });
      }
      const allChanges = [...review.changes, ...d.changes];
      const events: FollowUpEvent[] = [
        {
          type: 'ReviewConcluded',
          data: {
            reviewId: review.reviewId,
            reviewType: review.reviewType,
            ...(review.trigger ? { trigger: review.trigger } : {}),
            ...(review.dueMonth ? { dueMonth: review.dueMonth } : {}),
            completedOn: d.today,
            finding: d.finding,
            recommendation: d.recommendation,
            reasons,
            changes: allChanges,
            summary: d.summary,
            ...(review.visit ? { visit: review.visit } : {}),
            ...(review.verification ? { verification: review.verification } : {}),
            nextReviewDueMonth: nextReviewDueMonthAfter(d.today, state.reviewIntervalMonths),
          },
        },
      ];
      if (d.recommendation !== 'NO_CHANGE') {
        events.push({
          type: 'ChangeProposed',
          data: {
            changeRequestId: d.changeRequestId,
            origin: 'REVIEW',
            reviewId: review.reviewId,
            recommendation: d.recommendation,
            requestedChange: REQUESTED_CHANGE[d.recommendation],
            reasons,
            changes: allChanges,
            proposedOn: d.today,
            urgent: d.recommendation === 'SUSPENSION' || d.recommendation === 'TERMINATION',
          },
        });
      }
      return events;
    }

    case 'ReportChange': {
      const d = command.data;
      if (state.changeReportIds.includes(d.reportId)) return [];
      requireNotClosed(state);
      if (d.changes.length === 0) throw new FollowUpRuleError('changes_missing', 'Describe at least one change', { field: 'changes' });
      if (d.changedOn !== undefined) notInFuture(d.changedOn, d.today, 'changedOn');
      const events: FollowUpEvent[] = [];
      let reviewId = state.openReview?.reviewId;
      if (reviewId === undefined) {
        reviewId = d.reviewId;
        events.push({
          type: 'ReviewOpened',
          data: {
            reviewId,
            reviewType: 'TRIGGERED',
            trigger: { kind: d.source === 'HOUSEHOLD' ? 'CHANGE_REPORT' : 'DATA_ALERT', refId: d.reportId },
            openedOn: d.today,
          },
        });
      }
      events.push({
        type: 'ChangeReported',
        data: {
          reportId: d.reportId,
          source: d.source,
          reviewId,
          changes: d.changes,
          reportedOn: d.today,
          ...(d.changedOn ? { changedOn: d.changedOn } : {}),
        },
      });
      return events;
    }

    case 'ApplyBenefitChange': {
      const d = command.data;
      requireOpened(state);
      if (state.appliedDecisionIds.includes(d.decisionId) || state.status === 'CLOSED') return [];
      if (d.changeType === 'TAPER' && (!d.taperSchedule || d.taperSchedule.length === 0)) {
        throw new FollowUpRuleError('taper_schedule_missing', 'A taper needs its schedule', { field: 'taperSchedule' });
      }
      const events: FollowUpEvent[] = [
        {
          type: 'BenefitChangeApplied',
          data: {
            decisionId: d.decisionId,
            changeType: d.changeType,
            effectiveMonth: d.effectiveMonth,
            ...(d.monthlyAmountFen !== undefined ? { monthlyAmountFen: d.monthlyAmountFen } : {}),
            ...(d.taperSchedule ? { taperSchedule: d.taperSchedule } : {}),
            ...(d.reviewClass ? { reviewClass: d.reviewClass } : {}),
            ...(d.reviewIntervalMonths ? { reviewIntervalMonths: d.reviewIntervalMonths } : {}),
            reason: d.reason,
            decidedOn: d.decidedOn,
          },
        },
      ];
      if (d.changeType === 'TERMINATION') {
        events.push({
          type: 'FollowUpClosed',
          data: {
            reason: 'TERMINATED',
            closedOn: d.decidedOn,
            finalNote: `救助已于${d.effectiveMonth}终止：${d.reason}`,
          },
        });
      }
      return events;
    }

    case 'FlagAgeOut': {
      const d = command.data;
      if (state.ageOutFlagged.includes(d.memberId)) return [];
      requireNotClosed(state);
      if (state.program !== 'EXTREME_POVERTY_SUPPORT') {
        throw new FollowUpRuleError('not_extreme_poverty_support', 'Age-out reviews concern 特困 support only', { kind: 'conflict' });
      }
      if (!state.membersCovered.some((m) => m.memberId === d.memberId)) {
        throw new FollowUpRuleError('member_not_covered', 'The member is not covered by the benefit', { field: 'memberId' });
      }
      const events: FollowUpEvent[] = [];
      let reviewId = state.openReview?.reviewId;
      if (reviewId === undefined) {
        reviewId = d.reviewId;
        events.push({ type: 'ReviewOpened', data: { reviewId, reviewType: 'TRIGGERED', trigger: { kind: 'OTHER', refId: d.memberId }, openedOn: d.today } });
      }
      events.push({ type: 'AgeOutFlagged', data: { memberId: d.memberId, adultOn: d.adultOn, reviewId, flaggedOn: d.today } });
      return events;
    }

    case 'RecordPayment': {
      requireOpened(state);
      return [{ type: 'PaymentRecorded', data: { ...command.data } }];
    }

    case 'CloseEndedTaper': {
      const d = command.data;
      if (state.status !== 'TAPERING' || !state.taperSchedule) return [];
      const lastMonth = state.taperSchedule[state.taperSchedule.length - 1]!.month;
      if (monthOf(d.today) <= lastMonth) return [];
      return [
        {
          type: 'FollowUpClosed',
          data: { reason: 'TAPER_ENDED', closedOn: d.today, finalNote: `渐退期已于${lastMonth}结束，救助终止` },
        },
      ];
    }

    case 'PlanWelfareVisits': {
      const d = command.data;
      requireNotClosed(state);
      if (d.vulnerabilities.length === 0) {
        throw new FollowUpRuleError('no_vulnerability', 'Welfare visits are for vulnerable recipients: name at least one', { field: 'vulnerabilities' });
      }
      if (!Number.isInteger(d.intervalDays) || d.intervalDays < 1) {
        throw new FollowUpRuleError('invalid_visit_interval', 'The visit interval is a whole number of days ≥ 1', { field: 'intervalDays' });
      }
      return [
        {
          type: 'WelfareVisitsPlanned',
          data: { vulnerabilities: [...new Set(d.vulnerabilities)], intervalDays: d.intervalDays, firstDueOn: d.firstDueOn, plannedOn: d.today },
        },
      ];
    }

    case 'RecordWelfareVisit': {
      const d = command.data;
      if (state.welfareVisitIds.includes(d.visitId)) return [];
      requireNotClosed(state);
      if (!state.welfarePlan) throw new FollowUpRuleError('no_welfare_plan', 'No welfare-visit plan for this case', { kind: 'conflict' });
      notInFuture(d.visitedOn, d.today, 'visitedOn');
      if (d.note.trim() === '') throw new FollowUpRuleError('visit_note_missing', 'Describe what the visit found', { field: 'note' });
      return [
        { type: 'WelfareVisitRecorded', data: { visitId: d.visitId, visitedOn: d.visitedOn, officerId: d.officerId, note: d.note, concerns: d.concerns } },
      ];
    }
  }
}

export const followUpDecider: Decider<FollowUpCommand, FollowUpEvent, FollowUpState> = {
  decide: decideFollowUp,
  evolve: evolveFollowUp,
  initialState: initialFollowUpState,
};
