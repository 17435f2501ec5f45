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
  DISBURSEMENT_RECOVERY_CAP_PERCENT: {
    type: 'int',
    min: 0,
    max: 99,
    default: 30,
    description: 'Overpayment recovery (追回) by offset: at most this % of the month\'s regular amount (default where no division sets one)',
  },
  DISBURSEMENT_RECOVERY_CAP_BY_DIVISION: {
    type: 'string',
    default: '',
    pattern: /^$|^\d{6}(\d{3}(\d{3})?)?=\d{1,2}(,\d{6}(\d{3}(\d{3})?)?=\d{1,2})*$/,
    patternDescription: 'comma-separated <division code (6, 9 or 12 digits)>=<percent 0–99>',
    description: 'Per-division recovery caps, "440305=20,440306001=25" (the longest matching division code wins; 0–99 %)',
  },
});

export type DisbursementConfig = ConfigOf<typeof DISBURSEMENT_CONFIG_SPEC>;

/** The recovery cap (%) of a jurisdiction: the longest configured division code it lies in, else the default. */
export function recoveryCapOf(config: Pick<DisbursementConfig, 'DISBURSEMENT_RECOVERY_CAP_PERCENT' | 'DISBURSEMENT_RECOVERY_CAP_BY_DIVISION'>): (jurisdiction: string) => number {
  const byDivision = config.DISBURSEMENT_RECOVERY_CAP_BY_DIVISION.split(',')
    .filter(Boolean)
    .map((pair) => {
      const [division, percent] = pair.split('=');
      return { division: division!, percent: Number(percent) };
    })
    .sort((a, b) => b.division.length - a.division.length);
  return (jurisdiction) => byDivision.find((d) => jurisdiction.startsWith(d.division))?.percent ?? config.DISBURSEMENT_RECOVERY_CAP_PERCENT;
}
