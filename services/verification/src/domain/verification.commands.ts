/**
 * The commands of the verification aggregate, in the one command shape `{ type, data, metadata: { actor, now } }`
 * (`Command` of @sa/eventstore, docs/CONVENTIONS.md): who acts and when is in `metadata` only, filled by
 * `VerificationPipeline` from the caller and the injected clock; values that need the calendar (a manual task's
 * due date in working days) are computed outside and given in `data`, so every decide function is pure and can be
 * tested alone.
 */
import type { LocalDate, MonthRange, VerificationSource } from '@sa/contracts';
import { type ConsentRecord, type MemberRecord } from './consent';
import { type SourceRecord } from './records';
import type { ManualTaskDueProvisional } from './verification.rounds';
import { type ManualOutcome, type ObjectedItem, type QueryFailure } from './verification';

/** How hard to try a platform before handing a query to an officer (operations settings, not policy). */
export interface RetryBudget {
  /** Submissions per query, the first included (≥ 1). */
  maxAttempts: number;
  /** Back-off before the 2nd submission; doubled for each further one. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface HouseholdInput {
  members: MemberRecord[];
  consents: ConsentRecord[];
}

/** Who acts and when: the `metadata` of every command (structurally `CommandMetadata` of @sa/eventstore). */
export interface VerificationCommandMetadata {
  actor: { id: string; role: string; jurisdiction: string };
  /** ISO-8601 instant with +08:00, from the injected clock. */
  now: string;
}

type Cmd<T extends string, D> = { type: T; data: D; metadata: VerificationCommandMetadata };

export type VerificationCommand =
  | Cmd<
      'OpenVerification',
      HouseholdInput & {
        verificationId: string;
        caseId: string;
        caseNumber: string;
        jurisdiction: string;
        acceptedOn: LocalDate;
        sources?: VerificationSource[];
      }
    >
  | Cmd<
      'RequestReverification',
      HouseholdInput & {
        verificationId: string;
        reverificationRequestId: string;
        caseId: string;
        caseNumber: string;
        jurisdiction: string;
        referencePeriod: MonthRange;
        sources?: VerificationSource[];
        dueOn?: LocalDate;
      }
    >
  | Cmd<'RecordSubmission', { requestId: string; attempt: number; submissionId: string; answerDueAt: string }>
  | Cmd<
      'RecordQueryFailure',
      {
        requestId: string;
        attempt: number;
        failure: QueryFailure;
        detail?: string;
        retry: RetryBudget;
        /** When a manual task opened now would be due (working days on the national calendar, counted by the caller). */
        manualTaskDueOn: LocalDate;
        /** Set by the caller when that date crosses a year nobody published (counted Monday–Friday). */
        manualTaskDueOnProvisional?: ManualTaskDueProvisional;
      }
    >
  | Cmd<
      'RecordSourceResult',
      {
        requestId: string;
        /** The platform's id of this answer (callback id): the same id twice changes nothing. */
        resultId: string;
        submissionId?: string;
        /** False for a partial answer: more records will follow. */
        complete: boolean;
        records: SourceRecord[];
        via: 'CALLBACK' | 'POLLING' | 'SUBMISSION';
      }
    >
  | Cmd<
      'CompleteManualTask',
      {
        taskId: string;
        outcome: ManualOutcome;
        records: SourceRecord[];
        documentRef: string;
        note?: string;
      }
    >
  | Cmd<
      'FileObjection',
      {
        objectionId: string;
        reportVersion: number;
        items: ObjectedItem[];
        reason: string;
        evidenceRefs: string[];
        /** The day the household raised it; absent → the day (Asia/Shanghai) of `metadata.now`. */
        raisedOn?: LocalDate;
        /** When a manual re-check task opened now would be due (working days, counted by the caller). */
        manualTaskDueOn: LocalDate;
        manualTaskDueOnProvisional?: ManualTaskDueProvisional;
      }
    >
  | Cmd<'CancelVerification', { reason: string }>
  /**
   * The missing year was published: the caller counted the provisional due dates of open tasks again on the
   * calendar now in force (`dueOnCalendarMissing` when one still crosses a missing year).
   */
  | Cmd<
      'RedateManualTasks',
      { calendarYear: number; calendarVersion: number | null; tasks: { taskId: string; dueOn: LocalDate; dueOnCalendarMissing: number | null }[] }
    >;

/** A command as its issuer builds it: `VerificationPipeline` adds the `metadata` (actor, now). */
export type VerificationCommandBody = VerificationCommand extends infer C ? (C extends VerificationCommand ? Omit<C, 'metadata'> : never) : never;

export type VerificationCommandType = VerificationCommand['type'];

// ---------------------------------------------------------------------------------------------
// Helpers

/** The command of one type, for the per-command decide functions. */
export type VerificationCommandOf<T extends VerificationCommand['type']> = Extract<VerificationCommand, { type: T }>;
