import { Module } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { MessagingModule, PublishedHolidayCalendars } from '@sa/messaging';
import { APP_CONFIG, projectionProcessorProvider } from '@sa/platform';
import type { Pool } from 'pg';
import { PlatformCallbackController } from './callbacks/platform-callback.controller';
import { rawBodyCaptureProvider } from './callbacks/raw-body';
import type { VerificationConfig } from './config';
import { IncomingEventsHandler } from './consumers/incoming-events';
import { QueryDispatcher } from './dispatch/query-dispatcher';
import { ManualTasksController } from './http/manual-tasks.controller';
import { ObjectionsController } from './http/objections.controller';
import { VerificationsController } from './http/verifications.controller';
import { persistenceProviders, VERIFICATION_MIGRATED } from './persistence/verification-database';
import { PlatformAnswerRecorder } from './platform/answer-recorder';
import { HttpPlatformConnector } from './platform/http-platform.connector';
import { VERIFICATION_PLATFORM } from './platform/platform.port';
import { verificationProjections } from './projection/verification-projection';
import { verificationMessagingRuntime } from './publishing/messaging-runtime';
import { VerificationQueries } from './queries/verification-queries';
import { VerificationPipeline } from './commands/verification-pipeline';
import type { VerificationSource } from '@sa/contracts';
import { CLOCK, type Clock } from '@sa/time';

/** The platform adapter, configured by environment: a province's own platform plugs in here. */
const platformProvider = {
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

const shared = [...persistenceProviders, VerificationPipeline, VerificationQueries, PlatformAnswerRecorder, IncomingEventsHandler, platformProvider];

@Module({ providers: shared, exports: shared })
class VerificationCoreModule {}

/**
 * Household economic verification (核对), as a table of contents:
 * - receive-platform-callback  POST /platform/callbacks (HMAC-signed answers of the platform)
 * - dispatch-queries           submit due queries, poll late ones, time them out (QueryDispatcher)
 * - open-verification          ApplicationAccepted / ReverificationRequested / ApplicationWithdrawn (inbox consumer)
 * - view-verification          GET /cases/:caseId/verification, GET /verifications/:id[/reports/:version]
 * - complete-manual-task       GET /manual-tasks, POST /verifications/:id/manual-tasks/:taskId/complete
 * - file-objection             POST /verifications/:id/objections
 * - publishing                 relay → sa.verification.events; projection → verification schema
 */
@Module({
  imports: [
    VerificationCoreModule,
    MessagingModule.forRootAsync({
      imports: [VerificationCoreModule],
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, IncomingEventsHandler, VERIFICATION_MIGRATED, PublishedHolidayCalendars],
      useFactory: (config: VerificationConfig, pool: Pool, store: EventStore, incoming: IncomingEventsHandler, _m: unknown, calendars: PublishedHolidayCalendars) =>
        verificationMessagingRuntime(config, pool, store, incoming, calendars),
    }),
  ],
  controllers: [PlatformCallbackController, VerificationsController, ManualTasksController, ObjectionsController],
  providers: [
    rawBodyCaptureProvider,
    QueryDispatcher,
    projectionProcessorProvider<VerificationConfig>({
      schema: (c) => c.DATABASE_SCHEMA,
      enabled: (c) => c.VERIFICATION_PROJECTIONS_ENABLED,
      inject: [VERIFICATION_MIGRATED],
      projections: (c) => verificationProjections(c.DATABASE_SCHEMA),
      logContext: 'VerificationProjection',
    }),
  ],
})
export class VerificationModule {}
