import { defineConfigSpec, serviceConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** Environment of the follow-up service. Add service-specific variables below the common ones. */
export const FOLLOW_UP_CONFIG_SPEC = defineConfigSpec({
  ...serviceConfigSpec({ name: 'follow-up', httpPort: 3005, schema: 'follow_up' }),
});

export type FollowUpConfig = ConfigOf<typeof FOLLOW_UP_CONFIG_SPEC>;
