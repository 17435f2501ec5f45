import { ManagedWorkingDayCalendar } from '@sa/time';
import type { VerificationConfig } from '../config';
import type { ManualTaskSettings, RetryBudget } from '../domain';

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

/** Manual tasks are due a number of working days later (national calendar). */
export function taskSettings(config: VerificationConfig): ManualTaskSettings {
  return { manualTaskDueDays: config.VERIFICATION_MANUAL_TASK_DUE_DAYS, workingDays: nationalCalendar };
}
