/**
 * The commands of the follow-up case, as their issuer builds them (`{ type, data }`): the pipeline
 * (commands/follow-up-pipelines.ts) gives each its `metadata: { actor, now }`. The calendar's values a
 * rule needs (`today`, due dates) arrive computed in `data`, so every `decide<Command>` stays pure.
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
      type: 'RaiseDataAlert';
      data: {
        /** Derived from the file digest, the row and the case: the same file twice raises nothing new. */
        alertId: string;
        /** Used when no review is open: the ad-hoc review opened for this alert. */
        reviewId: string;
        source: DataFeedSource;
        memberId?: string;
        record: FeedRecord;
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

/** The command of one type, for the per-command decide functions. */
export type FollowUpCommandOf<T extends FollowUpCommand['type']> = Extract<FollowUpCommand, { type: T }>;
