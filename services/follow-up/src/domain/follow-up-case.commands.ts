/**
 * The commands of the follow-up case in the one shape `{ type, data, metadata: { actor, now } }`. Their
 * issuer builds the body (`FollowUpCommandBody`: `{ type, data }`); the pipeline
 * (commands/follow-up-pipelines.ts) gives each its `metadata` — the one place. "Today" is the date of
 * `metadata.now` (`todayOf`), the officer who acts is `metadata.actor`; values that need the calendar
 * (due dates, first visit) arrive computed in `data`, so every `decide<Command>` stays pure.
 */
import type {
  BenefitChangeType,
  CircumstanceChange,
  CoveredMember,
  MonthAmount,
  RecommendedOutcome,
  RecurringProgram,
  ReviewClass,
  VerificationConsent,
} from '@sa/contracts';
import type { LocalDate, YearMonth } from './calendar';
import type { FeedRecord } from './data-feeds';
import type { ChangeReportSource, DataFeedSource, ReverificationMember, ReviewFinding, ReviewTriggerKind } from './follow-up-case';
import type { Vulnerability } from './welfare-visits';
import type { DecidedCommandMetadata } from '@sa/decider';

export type FollowUpCommandBody =
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
      };
    }
  | { type: 'OpenPeriodicReview'; data: { reviewId: string; dueSoonDays: number } }
  | { type: 'OpenAdHocReview'; data: { reviewId: string; trigger: { kind: ReviewTriggerKind; refId?: string } } }
  | {
      type: 'RequestReverification';
      data: {
        requestId: string;
        members: ReverificationMember[];
        consents: VerificationConsent[];
        /** Months of income looked at, ending with the month before today (`metadata.now`). */
        referenceMonths: number;
        dueOn: LocalDate;
      };
    }
  | { type: 'ReceiveVerificationResult'; data: { requestId?: string; verificationId: string; reportVersion: number } }
  | { type: 'RecordReviewVisit'; data: { reviewId: string; visitedOn: LocalDate; officerIds: string[]; note: string; reportRef?: string } }
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
      };
    }
  | {
      type: 'RaiseDataAlert';
      data: {
        /** Derived from the file digest, the row and the case: the same file twice raises nothing new. */
        alertId: string;
        /** Used when no review is open: the ad-hoc review opened for this alert. */
        reviewId: string;
        source: DataFeedSource;
        memberId?: string;
        record: FeedRecord;
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
  | { type: 'FlagAgeOut'; data: { memberId: string; adultOn: LocalDate; reviewId: string } }
  | { type: 'RecordPayment'; data: { paymentId: string; paymentMonth: YearMonth; amountFen: number; status: 'ISSUED' | 'RETURNED'; on: LocalDate } }
  | { type: 'CloseEndedTaper'; data: Record<string, never> }
  | { type: 'PlanWelfareVisits'; data: { vulnerabilities: Vulnerability[]; intervalDays: number; firstDueOn: LocalDate } }
  | { type: 'RecordWelfareVisit'; data: { visitId: string; visitedOn: LocalDate; note: string; concerns: string[] } };

/** A command as the decider gets it: the body and its `metadata: { actor, now }`. */
export type FollowUpCommand = FollowUpCommandBody extends infer B ? (B extends FollowUpCommandBody ? B & { metadata: DecidedCommandMetadata } : never) : never;

/** The command of one type, for the per-command decide functions. */
export type FollowUpCommandOf<T extends FollowUpCommand['type']> = Extract<FollowUpCommand, { type: T }>;
