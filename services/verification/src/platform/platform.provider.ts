import type { VerificationSource } from '@sa/contracts';
import { APP_CONFIG } from '@sa/platform';
import { CLOCK, type Clock } from '@sa/time';
import type { VerificationConfig } from '../config';
import { HttpPlatformConnector } from './http-platform.connector';
import { VERIFICATION_PLATFORM } from './platform.port';

/** The platform adapter, configured by environment: a province's own platform plugs in here. */
export const platformProvider = {
  provide: VERIFICATION_PLATFORM,
  inject: [APP_CONFIG, CLOCK],
  useFactory: (c: VerificationConfig, clock: Clock) =>
    new HttpPlatformConnector({
      // The same clock the callback controller checks signatures against (SA_CLOCK_FILE in tests):
      // signing with Date.now while verifying with the injected clock refused every exchange once
      // time had been moved.
      now: () => clock.now().getTime(),
      baseUrl: c.VERIFICATION_PLATFORM_URL,
      hmacSecret: c.VERIFICATION_PLATFORM_HMAC_SECRET,
      timeoutMs: c.VERIFICATION_PLATFORM_TIMEOUT_MS,
      sources: c.VERIFICATION_PLATFORM_SOURCES as readonly VerificationSource[],
      circuit: { failureThreshold: c.VERIFICATION_CIRCUIT_FAILURE_THRESHOLD, openMs: c.VERIFICATION_CIRCUIT_OPEN_MS },
    }),
};
