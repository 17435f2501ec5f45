import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the eligibility service. Add service-specific variables below the common ones. */
export const ELIGIBILITY_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'eligibility', httpPort: 3003, schema: 'eligibility' }),
  // --- eligibility-specific ----------------------------------------------------------------------
  ELIGIBILITY_EVENTSTORE_SCHEMA: {
    type: 'string',
    default: 'eventstore',
    pattern: /^[a-z_][a-z0-9_]{0,62}$/,
    patternDescription: 'a lower-case SQL identifier',
    description: 'Schema of the PostgreSQL event store (EVENT_STORE=postgresql)',
  },
  ELIGIBILITY_CALENDAR_OVERRIDES: {
    type: 'string',
    default: '',
    check: checkCalendarOverrides,
    description:
      'Working-day calendar per year, replacing the chinese-days data of that year or adding a year it does not know yet: JSON {"2027":{"holidays":["2027-01-01",…],"makeUpWorkdays":[…]}}',
  },
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

/** `ELIGIBILITY_CALENDAR_OVERRIDES`: empty, or JSON `{ "<year>": { holidays: [dates], makeUpWorkdays: [dates] } }`. */
function checkCalendarOverrides(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'must be JSON such as {"2027":{"holidays":["2027-01-01"],"makeUpWorkdays":[]}}';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'must be a JSON object keyed by year';
  for (const [year, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^\d{4}$/.test(year)) return `key ${year} must be a year such as 2027`;
    const e = entry as { holidays?: unknown; makeUpWorkdays?: unknown };
    for (const list of [e?.holidays, e?.makeUpWorkdays]) {
      if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && d.startsWith(`${year}-`) && /^\d{4}-\d{2}-\d{2}$/.test(d))) {
        return `${year} needs holidays and makeUpWorkdays: lists of dates YYYY-MM-DD in ${year}`;
      }
    }
  }
  return undefined;
}

export type EligibilityConfig = ConfigOf<typeof ELIGIBILITY_CONFIG_SPEC>;
