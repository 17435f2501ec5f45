import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the disbursement service. Add service-specific variables below the common ones. */
export const DISBURSEMENT_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'disbursement', httpPort: 3004, schema: 'disbursement' }),
  // --- disbursement-specific -------------------------------------------------------------------
  DISBURSEMENT_BANK_FILE_DIR: {
    type: 'string',
    default: '.cache/disbursement/bank-files',
    minLength: 1,
    description: 'Directory the bank payment files are written to (local adapter)',
  },
  DISBURSEMENT_RUN_BATCH_SIZE: {
    type: 'int',
    min: 1,
    max: 10000,
    default: 1000,
    description: 'Entitlements per payment-run batch (one transaction and one event-store append per batch)',
  },
  DISBURSEMENT_RESUME_RUNS_ON_START: { type: 'boolean', default: true, description: 'Resume unfinished payment runs at start-up' },
  DISBURSEMENT_CONSUMER_ENABLED: { type: 'boolean', default: true, description: 'Consume sa.eligibility.events' },
  DISBURSEMENT_RELAY_ENABLED: { type: 'boolean', default: true, description: 'Publish integration events to Kafka' },
});

export type DisbursementConfig = ConfigOf<typeof DISBURSEMENT_CONFIG_SPEC>;
