import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the disbursement service. Add service-specific variables below the common ones. */
export const DISBURSEMENT_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'disbursement', httpPort: 3004, schema: 'disbursement' }),
});

export type DisbursementConfig = ConfigOf<typeof DISBURSEMENT_CONFIG_SPEC>;
