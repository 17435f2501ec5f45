/**
 * The verification aggregate's value types and events (stream `verification-<verificationId>`). The state and
 * `evolve`: verification.ts; the commands: verification.commands.ts; `decide`: verification.decide.ts.
 */
import type { HouseholdFacts, LocalDate, MonthRange, UnansweredSource, VerificationPurpose, VerificationSource } from '@sa/contracts';
import type { ConsentRecord, MemberRecord, NotQueriedReason } from './consent';
import type { SourceItem } from './records';

// ---------------------------------------------------------------------------------------------
// Value types

/** Why a query failed. The first two are worth retrying; the others go to an officer at once. */
export type QueryFailure = 'PLATFORM_ERROR' | 'TIMEOUT' | 'SOURCE_NOT_COVERED' | 'MEMBER_NOT_FOUND' | 'REJECTED';
export const RETRYABLE_FAILURES: readonly QueryFailure[] = ['PLATFORM_ERROR', 'TIMEOUT'];

/** The contract's reason codes of ManualVerificationRequired. */
export type ManualReasonCode =
  | 'PLATFORM_UNAVAILABLE'
  | 'PLATFORM_TIMEOUT'
  | 'SOURCE_NOT_COVERED'
  | 'MEMBER_NOT_FOUND'
  | 'DATA_CONFLICT'
  | 'CROSS_REGION_RECORDS'
  | 'OTHER';

export type ManualOutcome = 'FIGURES_ENTERED' | 'NOT_OBTAINABLE';

export interface MemberSource {
  memberId: string;
  source: VerificationSource;
}

export interface ObjectedItem extends MemberSource {
  /** The line objected to (an income type, an asset kind …), when the household names one. */
  kind?: string;
  note?: string;
}

export interface CorrectedItem extends MemberSource {
  kind: string;
  previousValueFen?: number;
  correctedValueFen?: number;
  note?: string;
}

export type ObjectionOutcome = 'UPHELD' | 'PARTIALLY_UPHELD' | 'REJECTED';

export interface ReportedNotQueried {
  memberId: string;
  reason: Exclude<NotQueriedReason, 'NOT_IN_HOUSEHOLD'>;
  sources: VerificationSource[];
}

export interface RoundSpec {
  round: number;
  purpose: VerificationPurpose;
  /** The months income is counted over (12 before acceptance; given by follow-up for recertification). */
  referencePeriod: MonthRange;
  sources: VerificationSource[];
  startedAt: string;
  dueOn?: LocalDate;
  /** RECERTIFICATION: the ReverificationRequested.requestId answered. */
  reverificationRequestId?: string;
  /** OBJECTION: the objection re-checked. */
  objectionId?: string;
  members: MemberRecord[];
  consents: ConsentRecord[];
}

export interface Actor {
  id: string;
  role: string;
}

// ---------------------------------------------------------------------------------------------
// Events

export type VerificationEvent =
  | { type: 'VerificationOpened'; data: { verificationId: string; caseId: string; caseNumber: string; jurisdiction: string; openedAt: string } }
  | { type: 'VerificationRoundStarted'; data: RoundSpec }
  | {
      type: 'SourceQueryRequested';
      data: {
        requestId: string;
        round: number;
        memberId: string;
        source: VerificationSource;
        purpose: VerificationPurpose;
        consentId: string;
        consentDocumentRef: string;
        requestedAt: string;
      };
    }
  | { type: 'MemberNotQueried'; data: { round: number; memberId: string; reason: NotQueriedReason; sources: VerificationSource[] } }
  | { type: 'SourceQuerySubmitted'; data: { requestId: string; attempt: number; submissionId: string; submittedAt: string; answerDueAt: string } }
  | {
      type: 'SourceQueryFailed';
      data: { requestId: string; attempt: number; failure: QueryFailure; detail?: string; failedAt: string; retryAt?: string };
    }
  | {
      type: 'SourceResultReceived';
      data: {
        requestId: string;
        resultId: string;
        submissionId?: string;
        complete: boolean;
        items: SourceItem[];
        receivedAt: string;
        via: 'CALLBACK' | 'POLLING' | 'SUBMISSION';
      };
    }
  | {
      type: 'ManualVerificationTaskOpened';
      data: {
        taskId: string;
        requestId: string;
        round: number;
        memberId: string;
        source: VerificationSource;
        reason: ManualReasonCode;
        detail: string;
        openedAt: string;
        dueOn: LocalDate;
        /**
         * True when `dueOn` was counted Monday–Friday through a year whose holiday schedule nobody has published
         * (`dueOnCalendarMissing`; `dueWorkingDays` counted from the opening day): re-dated once it is
         * (ManualTaskDueDateRedated). Absent in events recorded before, and for a date counted on a known calendar.
         */
        dueOnProvisional?: true;
        dueOnCalendarMissing?: number;
        dueWorkingDays?: number;
        caseId: string;
        caseNumber: string;
        purpose: VerificationPurpose;
        /** Every member × source of the round that now waits for an officer (this one included). */
        outstanding: MemberSource[];
      };
    }
  | {
      /** A provisional task due date counted again on the calendar published since (the real working day). */
      type: 'ManualTaskDueDateRedated';
      data: {
        taskId: string;
        previousDueOn: LocalDate;
        dueOn: LocalDate;
        dueOnProvisional: boolean;
        dueOnCalendarMissing: number | null;
        calendarYear: number;
        calendarVersion: number | null;
      };
    }
  | {
      type: 'ManualVerificationTaskCompleted';
      data: {
        taskId: string;
        requestId: string;
        outcome: ManualOutcome;
        items: SourceItem[];
        documentRef: string;
        note?: string;
        completedBy: Actor;
        completedAt: string;
      };
    }
  | {
      type: 'ManualVerificationTaskCancelled';
      data: { taskId: string; requestId: string; reason: 'ANSWERED_BY_PLATFORM' | 'VERIFICATION_CANCELLED'; cancelledAt: string };
    }
  | {
      type: 'VerificationReportCompleted';
      data: {
        verificationId: string;
        caseId: string;
        caseNumber: string;
        reportVersion: number;
        round: number;
        purpose: VerificationPurpose;
        completedAt: string;
        referencePeriod: MonthRange;
        reverificationRequestId?: string;
        objectionId?: string;
        items: SourceItem[];
        membersNotQueried: ReportedNotQueried[];
        unansweredSources: UnansweredSource[];
        facts: HouseholdFacts;
      };
    }
  | {
      type: 'VerificationObjectionFiled';
      data: {
        objectionId: string;
        round: number;
        reportVersion: number;
        items: ObjectedItem[];
        reason: string;
        evidenceRefs: string[];
        raisedOn: LocalDate;
        filedAt: string;
        filedBy: Actor;
      };
    }
  | {
      type: 'VerificationObjectionResolved';
      data: {
        objectionId: string;
        verificationId: string;
        caseId: string;
        caseNumber: string;
        outcome: ObjectionOutcome;
        findings: string;
        correctedReportVersion?: number;
        correctedItems: CorrectedItem[];
        raisedOn: LocalDate;
        resolvedOn: LocalDate;
        resolvedAt: string;
      };
    }
  | {
      type: 'ReverificationQueued';
      data: {
        reverificationRequestId: string;
        referencePeriod: MonthRange;
        sources: VerificationSource[];
        dueOn?: LocalDate;
        members: MemberRecord[];
        consents: ConsentRecord[];
        queuedAt: string;
      };
    }
  | { type: 'VerificationCancelled'; data: { reason: string; cancelledAt: string } };

export type VerificationEventType = VerificationEvent['type'];
export type EventData<T extends VerificationEventType> = Extract<VerificationEvent, { type: T }>['data'];

export const VERIFICATION_EVENT_TYPES: readonly VerificationEventType[] = [
  'VerificationOpened',
  'VerificationRoundStarted',
  'SourceQueryRequested',
  'MemberNotQueried',
  'SourceQuerySubmitted',
  'SourceQueryFailed',
  'SourceResultReceived',
  'ManualVerificationTaskOpened',
  'ManualVerificationTaskCompleted',
  'ManualVerificationTaskCancelled',
  'ManualTaskDueDateRedated',
  'VerificationReportCompleted',
  'VerificationObjectionFiled',
  'VerificationObjectionResolved',
  'ReverificationQueued',
  'VerificationCancelled',
];
