import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the eligibility service. Add service-specific variables below the common ones. */
export const ELIGIBILITY_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'eligibility', httpPort: 3003, schema: 'eligibility' }),
  // --- eligibility-specific ----------------------------------------------------------------------
  ELIGIBILITY_DUE_SOON_WORKING_DAYS: {
    type: 'int',
    min: 1,
    max: 30,
    default: 5,
    description: 'A case is "due soon" when its decision deadline is within this many working days',
  },
  ELIGIBILITY_POLICY_SEED: { type: 'boolean', default: true, description: 'Publish the default policy version for 330106 at start when none exists' },
  ELIGIBILITY_PROJECTIONS_ENABLED: { type: 'boolean', default: true, description: 'Run the read-model projection' },
  ELIGIBILITY_RELAY_ENABLED: { type: 'boolean', default: true, description: 'Publish AssistanceGranted/Refused and BenefitChanged to Kafka' },
  ELIGIBILITY_CONSUMER_GROUP: {
    type: 'string',
    default: 'sa-eligibility',
    pattern: /^[A-Za-z0-9._-]{1,100}$/,
    patternDescription: 'a Kafka consumer group id',
    description: 'Consumer group of the inbox consumer (one per deployment)',
  },
  ELIGIBILITY_CONSUMERS_ENABLED: {
    type: 'boolean',
    default: true,
    description: 'Consume ApplicationAccepted, ApplicationWithdrawn, HouseholdVerified and ChangeRequested from Kafka',
  },
});

export type EligibilityConfig = ConfigOf<typeof ELIGIBILITY_CONFIG_SPEC>;
