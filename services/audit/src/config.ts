import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the audit service. Add service-specific variables below the common ones. */
export const AUDIT_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'audit', httpPort: 3006, schema: 'audit' }),
  // --- audit-specific --------------------------------------------------------------------------
  AUDIT_CHECKPOINT_INTERVAL_MS: {
    type: 'int',
    min: 0,
    max: 604_800_000,
    default: 0,
    description: 'How often a store-wide checkpoint is taken and stored in the audit schema (0 = off)',
  },
  AUDIT_CASE_CACHE_EVENTS: {
    type: 'int',
    min: 0,
    max: 10_000_000,
    default: 100_000,
    description: 'Events of recently read cases kept in memory (checked against the store on every read, never stale; 0 = off)',
  },
  AUDIT_CASE_RECHECK_MS: {
    type: 'int',
    min: 0,
    max: 3_600_000,
    default: 1000,
    description:
      "A cached case is checked on every read by the store's mark (new events: never stale); at most this often also row by row, for a superuser's edit behind disabled triggers (0 = every read)",
  },
  AUDIT_PROJECTIONS_ENABLED: { type: 'boolean', default: true, description: 'Run the statistics read-model projection (statistics_facts)' },
  AUDIT_READ_PAGE_SIZE: { type: 'int', min: 10, max: 10_000, default: 1000, description: 'Events per page when the audit walks the global log' },
});

export type AuditConfig = ConfigOf<typeof AUDIT_CONFIG_SPEC>;
