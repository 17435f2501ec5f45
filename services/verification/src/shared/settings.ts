import { loadWorkingDayCalendar, type WorkingDayCalendar } from '@sa/time';
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

let nationalCalendar: WorkingDayCalendar | undefined;

/** Manual tasks are due a number of working days later (national calendar; Monday–Friday for a year not yet published). */
export function taskSettings(config: VerificationConfig): ManualTaskSettings {
  nationalCalendar ??= loadWorkingDayCalendar({ beyondCoverage: 'weekdays' });
  return { manualTaskDueDays: config.VERIFICATION_MANUAL_TASK_DUE_DAYS, workingDays: nationalCalendar };
}
