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

export function taskSettings(config: VerificationConfig): ManualTaskSettings {
  return { manualTaskDueDays: config.VERIFICATION_MANUAL_TASK_DUE_DAYS };
}
