import type { LocalDate } from '@sa/contracts';
import { ManagedWorkingDayCalendar, reminderDueDate } from '@sa/time';
import type { VerificationConfig } from '../config';
import { shanghaiDate, type QueryFailure, type RetryBudget, type VerificationCommandOf } from '../domain';
import type { ManualTaskDueProvisional } from '../domain/verification.rounds';

/** The operations settings the domain commands carry (retry budget, manual-task due days). */
export function retryBudget(config: VerificationConfig): RetryBudget {
  return {
    maxAttempts: config.VERIFICATION_RETRY_MAX_ATTEMPTS,
    initialBackoffMs: config.VERIFICATION_RETRY_INITIAL_BACKOFF_MS,
    maxBackoffMs: config.VERIFICATION_RETRY_MAX_BACKOFF_MS,
  };
}

/**
 * The process's national working-day calendar: bundled chinese-days years, replaced or extended by
 * the published schedules (HolidayCalendarPublished, kept current by `PublishedHolidayCalendars`);
 * Monday–Friday for a year nobody published yet.
 */
export const nationalCalendar = new ManagedWorkingDayCalendar(undefined, 'weekdays');

/**
 * When a manual task opened at `now` is due: VERIFICATION_MANUAL_TASK_DUE_DAYS working days later on the national
 * calendar. Counted here, outside the decider, and given to it in the command's data (`manualTaskDueOn`).
 */
export function manualTaskDueOn(config: VerificationConfig, now: string): LocalDate {
  return manualTaskDue(config, now).manualTaskDueOn;
}

/**
 * The due date with its provisional mark: through a year whose holiday schedule nobody published it is counted
 * Monday–Friday (an officer's reminder is never left open) and marked, to be re-dated once that year is published.
 */
export function manualTaskDue(
  config: VerificationConfig,
  now: string,
  calendar: ManagedWorkingDayCalendar = nationalCalendar,
): { manualTaskDueOn: LocalDate; manualTaskDueOnProvisional?: ManualTaskDueProvisional } {
  const workingDays = Math.max(0, config.VERIFICATION_MANUAL_TASK_DUE_DAYS);
  const due = reminderDueDate(calendar, shanghaiDate(now), workingDays);
  return { manualTaskDueOn: due.dueOn, ...(due.provisionalYear !== null ? { manualTaskDueOnProvisional: { calendarMissing: due.provisionalYear, workingDays } } : {}) };
}

/**
 * A `RecordQueryFailure` as the dispatcher and the answer recorder issue it: the retry budget, and the due date of
 * the manual task it may open, counted from `now` (which must be the command's `metadata.now`).
 */
export function queryFailure(
  config: VerificationConfig,
  now: string,
  failure: { requestId: string; attempt: number; failure: QueryFailure; detail?: string },
): VerificationCommandOf<'RecordQueryFailure'>['data'] {
  return { ...failure, retry: retryBudget(config), ...manualTaskDue(config, now) };
}
