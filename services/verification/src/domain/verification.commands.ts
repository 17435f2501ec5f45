/** The commands of the verification aggregate and the operations settings some of them are decided with. */
import type { LocalDate, MonthRange, VerificationSource } from '@sa/contracts';
import { type ConsentRecord, type MemberRecord } from './consent';
import { type SourceRecord } from './records';
import { type Actor, type ManualOutcome, type ObjectedItem, type QueryFailure } from './verification';

/** How hard to try a platform before handing a query to an officer (operations settings, not policy). */
export interface RetryBudget {
  /** Submissions per query, the first included (≥ 1). */
  maxAttempts: number;
  /** Back-off before the 2nd submission; doubled for each further one. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** Working-day arithmetic (the `WorkingDayCalendar` of @sa/time fits). */
export interface WorkingDays {
  addWorkingDays(date: LocalDate, workingDays: number): LocalDate;
}

export interface ManualTaskSettings {
  /** Working days an officer has for a manual task (信函索证). */
  manualTaskDueDays: number;
  /** The working-day calendar the due date is counted on; without one, calendar days are counted. */
  workingDays?: WorkingDays;
}

export interface HouseholdInput {
  members: MemberRecord[];
  consents: ConsentRecord[];
}

export type VerificationCommand =
  | {
      type: 'OpenVerification';
      data: HouseholdInput & {
        verificationId: string;
        caseId: string;
        caseNumber: string;
        jurisdiction: string;
        acceptedOn: LocalDate;
        sources?: VerificationSource[];
        openedAt: string;
      };
    }
  | {
      type: 'RequestReverification';
      data: HouseholdInput & {
        verificationId: string;
        reverificationRequestId: string;
        caseId: string;
        caseNumber: string;
        jurisdiction: string;
        referencePeriod: MonthRange;
        sources?: VerificationSource[];
        dueOn?: LocalDate;
        requestedAt: string;
      };
    }
  | { type: 'RecordSubmission'; data: { requestId: string; attempt: number; submissionId: string; submittedAt: string; answerDueAt: string } }
  | {
      type: 'RecordQueryFailure';
      data: {
        requestId: string;
        attempt: number;
        failure: QueryFailure;
        detail?: string;
        failedAt: string;
        retry: RetryBudget;
        tasks: ManualTaskSettings;
      };
    }
  | {
      type: 'RecordSourceResult';
      data: {
        requestId: string;
        /** The platform's id of this answer (callback id): the same id twice changes nothing. */
        resultId: string;
        submissionId?: string;
        /** False for a partial answer: more records will follow. */
        complete: boolean;
        records: SourceRecord[];
        receivedAt: string;
        via: 'CALLBACK' | 'POLLING' | 'SUBMISSION';
      };
    }
  | {
      type: 'CompleteManualTask';
      data: {
        taskId: string;
        outcome: ManualOutcome;
        records: SourceRecord[];
        documentRef: string;
        note?: string;
        completedBy: Actor;
        completedAt: string;
      };
    }
  | {
      type: 'FileObjection';
      data: {
        objectionId: string;
        reportVersion: number;
        items: ObjectedItem[];
        reason: string;
        evidenceRefs: string[];
        raisedOn: LocalDate;
        filedAt: string;
        filedBy: Actor;
        tasks: ManualTaskSettings;
      };
    }
  | { type: 'CancelVerification'; data: { reason: string; cancelledAt: string } };

export type VerificationCommandType = VerificationCommand['type'];

// ---------------------------------------------------------------------------------------------
// Helpers

/** The command of one type, for the per-command decide functions. */
export type VerificationCommandOf<T extends VerificationCommand['type']> = Extract<VerificationCommand, { type: T }>;
