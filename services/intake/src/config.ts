import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the intake service. Add service-specific variables below the common ones. */
export const INTAKE_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'intake', httpPort: 3001, schema: 'intake' }),
  // --- intake-specific -------------------------------------------------------------------------
  INTAKE_RESIDENT_ID_KEY: {
    type: 'string',
    minLength: 32,
    secret: true,
    default: 'local-development-only-intake-resident-id-key',
    requiredIf: { NODE_ENV: 'production' },
    description: 'HMAC key for resident-ID hashes (duplicate reservations, search, status check); never log it',
  },
  INTAKE_LEAD_DUE_WORKING_DAYS: {
    type: 'int',
    min: 1,
    max: 30,
    default: 3,
    description: 'Working days after a lead is reported by which an outcome is due (then it is overdue)',
  },
  INTAKE_PROJECTIONS_ENABLED: { type: 'boolean', default: true, description: 'Run the read-model projection' },
  INTAKE_RELAY_ENABLED: { type: 'boolean', default: true, description: 'Publish integration events to Kafka' },
  INTAKE_CONSUMER_ENABLED: {
    type: 'boolean',
    default: true,
    description: 'Consume sa.eligibility.events (refusal, termination, withdrawal) to close cases and free the household to apply again',
  },
  INTAKE_RETENTION_MONTHS: {
    type: 'int',
    min: 1,
    max: 1200,
    default: 60,
    description: 'Retention of a closed case’s personal data, in months from its closure; then its data key is destroyed (crypto-shredding)',
  },
  INTAKE_SHREDDING_INTERVAL_MS: {
    type: 'int',
    min: 0,
    max: 604_800_000,
    default: 86_400_000,
    description: 'How often the shredding job looks for closed cases past retention (0 = off)',
  },
  INTAKE_CONSUMER_FROM_BEGINNING: {
    type: 'boolean',
    default: true,
    description: 'A new consumer group starts at the beginning of the consumed topic (false: at its end)',
  },
  // --- attachments (paper) ----------------------------------------------------------------------
  INTAKE_ATTACHMENT_STORE: { type: 'enum', values: ['local', 's3'], default: 'local', description: 'Object storage of attachments: a local content-addressed directory or an S3-compatible bucket' },
  INTAKE_ATTACHMENT_DIR: { type: 'string', default: '.cache/attachments', minLength: 1, description: 'Root of the local content-addressed store (and the staging directory of every upload)' },
  INTAKE_ATTACHMENT_MAX_BYTES: { type: 'int', min: 1, max: 1_073_741_824, default: 20_971_520, description: 'Largest attachment in bytes (413 beyond)' },
  INTAKE_ATTACHMENT_TYPES: {
    type: 'list',
    default: 'application/pdf,image/jpeg,image/png,image/webp,image/heic,image/tiff',
    description: 'Media types accepted (sniffed from the bytes); anything else is 415',
  },
  S3_ENDPOINT: { type: 'url', protocols: ['http', 'https'], description: 'S3-compatible endpoint (omit for AWS); with INTAKE_ATTACHMENT_STORE=s3' },
  S3_BUCKET: { type: 'string', requiredIf: { INTAKE_ATTACHMENT_STORE: 's3' }, description: 'Bucket of the attachments' },
  S3_REGION: { type: 'string', default: 'us-east-1' },
  S3_ACCESS_KEY_ID: { type: 'string', requiredIf: { INTAKE_ATTACHMENT_STORE: 's3' } },
  S3_SECRET_ACCESS_KEY: { type: 'string', secret: true, requiredIf: { INTAKE_ATTACHMENT_STORE: 's3' } },
});

export type IntakeConfig = ConfigOf<typeof INTAKE_CONFIG_SPEC>;
