import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the verification service. Add service-specific variables below the common ones. */
export const VERIFICATION_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'verification', httpPort: 3002, schema: 'verification' }),
  // --- verification-specific -------------------------------------------------------------------
  VERIFICATION_PLATFORM_URL: {
    type: 'url',
    protocols: ['http', 'https'],
    default: 'http://127.0.0.1:3090',
    requiredIf: { NODE_ENV: 'production' },
    description: 'Base URL of the verification platform (居民家庭经济状况核对平台); the simulator locally',
  },
  VERIFICATION_PLATFORM_HMAC_SECRET: {
    type: 'string',
    minLength: 32,
    secret: true,
    default: 'local-development-verification-platform-secret-0001',
    requiredIf: { NODE_ENV: 'production' },
    description: 'Shared HMAC-SHA256 secret signing submissions to and callbacks from the platform',
  },
  VERIFICATION_CALLBACK_URL: {
    type: 'url',
    protocols: ['http', 'https'],
    default: 'http://127.0.0.1:3002/platform/callbacks',
    requiredIf: { NODE_ENV: 'production' },
    description: 'Where the platform posts its answers (this service\'s POST /platform/callbacks as the platform reaches it)',
  },
  VERIFICATION_PLATFORM_SOURCES: {
    type: 'list',
    default:
      'HOUSEHOLD_REGISTRATION,TAX,SOCIAL_INSURANCE,REAL_ESTATE,BUSINESS_REGISTRATION,HOUSING_FUND,VEHICLES,BANK_DEPOSITS,INSURANCE,SECURITIES,MEDICAL_EXPENSES,AUXILIARY',
    itemPattern: /^(HOUSEHOLD_REGISTRATION|TAX|SOCIAL_INSURANCE|REAL_ESTATE|BUSINESS_REGISTRATION|HOUSING_FUND|VEHICLES|BANK_DEPOSITS|INSURANCE|SECURITIES|MEDICAL_EXPENSES|AUXILIARY)$/,
    itemDescription: 'a verification source',
    description: 'Sources the platform answers for; a query of any other source goes to an officer at once',
  },
  VERIFICATION_CALLBACK_TOLERANCE_SECONDS: { type: 'int', min: 1, max: 3600, default: 300, description: 'Callbacks signed longer ago than this are refused (401)' },
  VERIFICATION_PLATFORM_TIMEOUT_MS: { type: 'int', min: 100, max: 120000, default: 10000, description: 'Timeout of one HTTP call to the platform' },
  VERIFICATION_RETRY_MAX_ATTEMPTS: { type: 'int', min: 1, max: 20, default: 3, description: 'Submissions per query (retry budget) before a manual task' },
  VERIFICATION_RETRY_INITIAL_BACKOFF_MS: { type: 'int', min: 0, max: 86400000, default: 60000, description: 'Back-off before the 2nd submission, doubled each time' },
  VERIFICATION_RETRY_MAX_BACKOFF_MS: { type: 'int', min: 0, max: 86400000, default: 3600000, description: 'Upper bound of one back-off' },
  VERIFICATION_CALLBACK_GRACE_MS: { type: 'int', min: 0, max: 604800000, default: 600000, description: 'Poll a submitted query when no callback came within this time' },
  VERIFICATION_POLL_INTERVAL_MS: { type: 'int', min: 100, max: 86400000, default: 300000, description: 'Interval between two polls of the same late query' },
  VERIFICATION_ANSWER_TIMEOUT_MS: { type: 'int', min: 100, max: 2592000000, default: 259200000, description: 'A submission not answered within this time has timed out (72 h)' },
  VERIFICATION_DISPATCH_INTERVAL_MS: { type: 'int', min: 50, max: 600000, default: 1000, description: 'How often the dispatcher looks for queries to submit, poll or time out' },
  VERIFICATION_CIRCUIT_FAILURE_THRESHOLD: { type: 'int', min: 1, max: 100, default: 5, description: 'Consecutive failures of one source that open its circuit' },
  VERIFICATION_CIRCUIT_OPEN_MS: { type: 'int', min: 100, max: 3600000, default: 30000, description: 'How long an open circuit refuses calls before one trial call' },
  VERIFICATION_MANUAL_TASK_DUE_DAYS: { type: 'int', min: 1, max: 60, default: 5, description: 'Working days (national calendar) an officer has for a manual task (信函索证)' },
  VERIFICATION_CONSUMER_GROUP: { type: 'string', default: 'sa-verification', minLength: 1, description: 'Kafka consumer group of the inbox consumer' },
  VERIFICATION_CONSUMER_FROM_BEGINNING: { type: 'boolean', default: true, description: 'A new consumer group starts at the earliest offset (false: at the latest)' },
  VERIFICATION_CONSUMERS_ENABLED: { type: 'boolean', default: true, description: 'Consume ApplicationAccepted / ApplicationWithdrawn / ReverificationRequested' },
  VERIFICATION_RELAY_ENABLED: { type: 'boolean', default: true, description: 'Publish integration events to sa.verification.events' },
  VERIFICATION_PROJECTIONS_ENABLED: { type: 'boolean', default: true, description: 'Run the read-model projection' },
  VERIFICATION_DISPATCHER_ENABLED: { type: 'boolean', default: true, description: 'Submit, poll and time out platform queries' },
});

export type VerificationConfig = ConfigOf<typeof VERIFICATION_CONFIG_SPEC>;
