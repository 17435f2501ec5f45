import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { MessagingModule, PublishedHolidayCalendars } from '@sa/messaging';
import { APP_CONFIG, projectionProcessorProvider } from '@sa/platform';
import type { Pool } from 'pg';
import { VerificationPipeline } from './commands/verification-pipeline';
import type { VerificationConfig } from './config';
import { QueryDispatcher } from './dispatch-queries/query-dispatcher';
import { CompleteManualTaskHandler } from './manual-tasks/complete-manual-task.handler';
import { ListManualTasksHandler } from './manual-tasks/list-manual-tasks.handler';
import { ManualTasksController } from './manual-tasks/manual-tasks.controller';
import { IncomingEventsHandler } from './messaging/inbox-handlers';
import { verificationMessagingRuntime } from './messaging/messaging-runtime';
import { ObjectionsController } from './objections/file-objection.controller';
import { FileObjectionHandler } from './objections/file-objection.handler';
import { platformProvider } from './platform/platform.provider';
import { PlatformAnswerRecorder } from './platform-callbacks/answer-recorder';
import { PlatformCallbackController } from './platform-callbacks/platform-callback.controller';
import { rawBodyCaptureProvider } from './platform-callbacks/raw-body';
import { RecordPlatformAnswerHandler } from './platform-callbacks/record-platform-answer.handler';
import { persistenceProviders, VERIFICATION_MIGRATED } from './read-models/verification-database';
import { verificationProjections } from './read-models/verification-projection';
import { VerificationQueries } from './read-models/verification-queries';
import { ViewVerificationController } from './view-verification/view-verification.controller';
import { GetVerificationHandler, GetVerificationReportHandler } from './view-verification/view-verification.handlers';

const shared = [...persistenceProviders, VerificationPipeline, VerificationQueries, PlatformAnswerRecorder, IncomingEventsHandler, platformProvider];

@Module({ providers: shared, exports: shared })
class VerificationCoreModule {}

/**
 * Household economic verification (核对), as a table of contents (docs/CONVENTIONS.md "One service layout"):
 *
 * | use case                   | entry                                                          | folder              |
 * |----------------------------|----------------------------------------------------------------|---------------------|
 * | open / re-verify / cancel  | ApplicationAccepted, ReverificationRequested, ApplicationWithdrawn (inbox) | messaging/ |
 * | dispatch queries           | scheduler: submit due queries, poll late ones, time them out   | dispatch-queries/   |
 * | record a platform answer   | POST /platform/callbacks (HMAC-signed) → RecordPlatformAnswerCommand | platform-callbacks/ |
 * | view a verification        | GET /cases/:caseId/verification, GET /verifications/:id[/reports/:version] → QueryBus | view-verification/ |
 * | manual tasks (信函索证)     | GET /manual-tasks → QueryBus; POST …/manual-tasks/:taskId/complete → CommandBus | manual-tasks/ |
 * | file an objection (异议)    | POST /verifications/:id/objections → CommandBus                 | objections/         |
 *
 * Beside them: domain/ (pure decider), commands/ (the pipeline, ids, settings), read-models/ (projection,
 * queries, migrations), messaging/ (relay mapping, inbox handlers), platform/ (the platform port and its adapter).
 */
@Module({
  imports: [
    CqrsModule,
    VerificationCoreModule,
    MessagingModule.forRootAsync({
      imports: [VerificationCoreModule],
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, IncomingEventsHandler, VERIFICATION_MIGRATED, PublishedHolidayCalendars],
      useFactory: (config: VerificationConfig, pool: Pool, store: EventStore, incoming: IncomingEventsHandler, _m: unknown, calendars: PublishedHolidayCalendars) =>
        verificationMessagingRuntime(config, pool, store, incoming, calendars),
    }),
  ],
  controllers: [PlatformCallbackController, ViewVerificationController, ManualTasksController, ObjectionsController],
  providers: [
    rawBodyCaptureProvider,
    // commands (CommandBus)
    RecordPlatformAnswerHandler,
    CompleteManualTaskHandler,
    FileObjectionHandler,
    // queries (QueryBus)
    GetVerificationHandler,
    GetVerificationReportHandler,
    ListManualTasksHandler,
    // scheduler
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
