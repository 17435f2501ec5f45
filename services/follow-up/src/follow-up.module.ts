import { Module } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, ProjectionProcessor, type EventStore } from '@sa/eventstore';
import { MessagingModule } from '@sa/messaging';
import type { KeyStore } from '@sa/crypto';
import { APP_CONFIG, KEY_STORE, projectionProcessorProvider } from '@sa/platform';
import { CLOCK, type Clock } from '@sa/time';
import type { Pool } from 'pg';
import { ReportChangeController } from './change-reports/report-change.controller';
import { FollowUpPipelines } from './commands/follow-up-pipelines';
import { ComplaintsController } from './complaints/complaints.controller';
import { DataFeedImporter } from './data-feeds/data-feed-importer';
import { DataFeedsController } from './data-feeds/data-feeds.controller';
import { MemberIndex, ResidentIndex } from './data-feeds/resident-index';
import type { FollowUpConfig } from './config';
import { FOLLOW_UP_MIGRATED, FOLLOW_UP_SCHEMA, FollowUpPersistenceModule } from './read-models/follow-up-database';
import { followUpProjections } from './read-models/follow-up-projection';
import { followUpMessagingRuntime } from './messaging/messaging-runtime';
import { GetCaseController } from './view-case/get-case.controller';
import { HouseholdDirectory } from './read-models/households';
import { ReviewCommandsController } from './reviews/reviews.controller';
import { ReviewQueuesController } from './review-queues/review-queues.controller';
import { ReviewScheduler } from './schedule-reviews/review-scheduler';
import { WelfareVisitsController } from './welfare-visits/welfare-visits.controller';

/**
 * Follow-up (动态管理): periodic and ad-hoc reviews, re-verification, visits, change reports,
 * complaints (监督举报), welfare visits (探访), exit. One row per use case.
 */
@Module({
  imports: [
    FollowUpPersistenceModule,
    MessagingModule.forRootAsync({
      imports: [FollowUpPersistenceModule],
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, CLOCK, FOLLOW_UP_MIGRATED],
      useFactory: ((config: FollowUpConfig, pool: Pool, store: EventStore, clock: Clock) =>
        followUpMessagingRuntime(config, pool, store, new FollowUpPipelines(store, clock))) as (...deps: never[]) => ReturnType<typeof followUpMessagingRuntime>,
    }),
  ],
  controllers: [
    // reviews (queues before :caseId routes)
    ReviewQueuesController,
    ReviewCommandsController,
    GetCaseController,
    // change reports and data alerts
    ReportChangeController,
    // data-comparison feeds (数据比对)
    DataFeedsController,
    // complaints and tip-offs
    ComplaintsController,
    // welfare visits
    WelfareVisitsController,
  ],
  providers: [
    FollowUpPipelines,
    projectionProcessorProvider<FollowUpConfig>({
      schema: (c) => c.DATABASE_SCHEMA,
      enabled: (c) => c.FOLLOW_UP_PROJECTIONS_ENABLED,
      inject: [FOLLOW_UP_MIGRATED],
      projections: (c) => followUpProjections(c.DATABASE_SCHEMA),
      logContext: 'FollowUpProjection',
    }),
    ReviewScheduler,
    {
      provide: DataFeedImporter,
      inject: [PG_POOL, FOLLOW_UP_SCHEMA, FollowUpPipelines, KEY_STORE, FOLLOW_UP_MIGRATED],
      useFactory: async (pool: Pool, schema: string, commands: FollowUpPipelines, keys: KeyStore | null) => {
        const residents = await ResidentIndex.create(keys);
        return new DataFeedImporter(pool, schema, commands, residents, new MemberIndex(pool, schema, residents));
      },
    },
    { provide: HouseholdDirectory, inject: [PG_POOL, FOLLOW_UP_SCHEMA, FOLLOW_UP_MIGRATED], useFactory: (pool: Pool, schema: string) => new HouseholdDirectory(pool, schema) },
  ],
  exports: [ProjectionProcessor, ReviewScheduler, FollowUpPipelines],
})
export class FollowUpModule {}
