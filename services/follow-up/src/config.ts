import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the follow-up service. Add service-specific variables below the common ones. */
export const FOLLOW_UP_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'follow-up', httpPort: 3005, schema: 'follow_up' }),
  // --- follow-up-specific ----------------------------------------------------------------------
  FOLLOW_UP_REVIEW_DUE_SOON_DAYS: {
    type: 'int',
    min: 0,
    max: 90,
    default: 15,
    description: 'Days before a periodic review falls due during which it shows in the due-soon queue',
  },
  FOLLOW_UP_REVERIFICATION_DUE_DAYS: {
    type: 'int',
    min: 1,
    max: 90,
    default: 15,
    description: 'Calendar days verification has to answer a re-verification request',
  },
  FOLLOW_UP_REFERENCE_MONTHS: { type: 'int', min: 1, max: 24, default: 12, description: 'Months of income a re-verification looks at' },
  FOLLOW_UP_VISIT_DAYS_ELDERLY_LIVING_ALONE: { type: 'int', min: 1, max: 365, default: 7, description: 'Welfare-visit frequency (days) for elderly people living alone' },
  FOLLOW_UP_VISIT_DAYS_SEVERE_DISABILITY: { type: 'int', min: 1, max: 365, default: 30, description: 'Welfare-visit frequency (days) for people with a severe disability' },
  FOLLOW_UP_VISIT_DAYS_CHILD_IN_DIFFICULTY: { type: 'int', min: 1, max: 365, default: 30, description: 'Welfare-visit frequency (days) for children in difficulty' },
  FOLLOW_UP_AGE_OUT_NOTICE_DAYS: {
    type: 'int',
    min: 1,
    max: 365,
    default: 60,
    description: 'Days before a minor under 特困 support turns 18 at which an age-out review opens',
  },
  FOLLOW_UP_DATA_FEED_MAX_BYTES: {
    type: 'int',
    min: 1024,
    max: 1_073_741_824,
    default: 104_857_600,
    description: 'Largest data-comparison file (CSV or .xlsx) an import accepts, in bytes',
  },
  FOLLOW_UP_SCHEDULER_ENABLED: { type: 'boolean', default: true, description: 'Open periodic reviews that fell due and close ended tapers' },
  FOLLOW_UP_SCHEDULER_INTERVAL_MS: { type: 'int', min: 1000, max: 86_400_000, default: 3_600_000, description: 'How often the review scheduler runs' },
  FOLLOW_UP_PROJECTIONS_ENABLED: { type: 'boolean', default: true, description: 'Run the read-model projection' },
  FOLLOW_UP_RELAY_ENABLED: { type: 'boolean', default: true, description: 'Publish integration events to Kafka' },
  FOLLOW_UP_CONSUMER_FROM_BEGINNING: {
    type: 'boolean',
    default: true,
    description: 'A new consumer group starts at the beginning of the consumed topics (false: at their end)',
  },
  FOLLOW_UP_CONSUMER_ENABLED: { type: 'boolean', default: true, description: 'Consume eligibility, verification, disbursement and intake events' },
});

export type FollowUpConfig = ConfigOf<typeof FOLLOW_UP_CONFIG_SPEC>;
