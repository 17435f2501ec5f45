import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { KeyStore } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, ProjectionProcessor, type EventStore } from '@sa/eventstore';
import { MessagingModule } from '@sa/messaging';
import { APP_CONFIG, KEY_STORE, projectionProcessorProvider } from '@sa/platform';
import { CLOCK, type Clock } from '@sa/time';
import type { Pool } from 'pg';
import { ReportChangeController } from './change-reports/report-change.controller';
import { ReportChangeHandler } from './change-reports/report-change.handler';
import { FollowUpPipelines } from './commands/follow-up-pipelines';
import { AssignInvestigatorHandler } from './complaints/assign-investigator.handler';
import { GetComplaintHandler, ListComplaintsHandler } from './complaints/complaint-queries.handlers';
import { ComplaintsController } from './complaints/complaints.controller';
import { FileComplaintHandler } from './complaints/file-complaint.handler';
import { ResolveComplaintHandler } from './complaints/resolve-complaint.handler';
import type { FollowUpConfig } from './config';
import { DataFeedImporter } from './data-feeds/data-feed-importer';
import { DataFeedsController } from './data-feeds/data-feeds.controller';
import { ImportDataFeedHandler } from './data-feeds/import-data-feed.handler';
import { MemberIndex, ResidentIndex } from './data-feeds/resident-index';
import { followUpMessagingRuntime } from './messaging/messaging-runtime';
import { FOLLOW_UP_MIGRATED, FOLLOW_UP_SCHEMA, FollowUpPersistenceModule } from './read-models/follow-up-database';
import { followUpProjections } from './read-models/follow-up-projection';
import { FollowUpQueries } from './read-models/follow-up-queries';
import { HouseholdDirectory } from './read-models/households';
import { ListReviewQueueHandler } from './review-queues/list-review-queue.handler';
import { ReviewQueuesController } from './review-queues/review-queues.controller';
import { ConcludeReviewHandler } from './reviews/conclude-review.handler';
import { OpenReviewHandler } from './reviews/open-review.handler';
import { RecordReviewVisitHandler } from './reviews/record-review-visit.handler';
import { RequestReverificationHandler } from './reviews/request-reverification.handler';
import { ReviewsController } from './reviews/reviews.controller';
import { ReviewScheduler } from './schedule-reviews/review-scheduler';
import { GetCaseController } from './view-case/get-case.controller';
import { GetCaseHandler } from './view-case/get-case.handler';
import { ListMissedVisitsHandler } from './welfare-visits/list-missed-visits.handler';
import { PlanWelfareVisitsHandler } from './welfare-visits/plan-welfare-visits.handler';
import { RecordWelfareVisitHandler } from './welfare-visits/record-welfare-visit.handler';
import { WelfareVisitsController } from './welfare-visits/welfare-visits.controller';

/**
 * Follow-up (动态管理), as a table of contents (docs/CONVENTIONS.md "One service layout"):
 *
 * | use case                                   | entry                                                                  | folder            |
 * |--------------------------------------------|------------------------------------------------------------------------|-------------------|
 * | open a case, benefit changes, payments, household snapshot, verification results | AssistanceGranted, BenefitChanged, PaymentIssued/Returned, ApplicationAccepted, HouseholdVerified (inbox) | messaging/ |
 * | review queues (due soon / overdue)         | GET /follow-up/jurisdictions/:code/reviews/{due-soon,overdue} → QueryBus (paged) | review-queues/ |
 * | view a case                                | GET /follow-up/cases/:caseId (ETag) → QueryBus                          | view-case/        |
 * | reviews: open, re-verify, visit, conclude  | POST /follow-up/cases/:caseId/reviews[/:reviewId/…] → CommandBus        | reviews/          |
 * | change reports and data alerts             | POST /follow-up/cases/:caseId/change-reports → CommandBus               | change-reports/   |
 * | data-comparison feeds (数据比对)            | POST /follow-up/jurisdictions/:code/data-feeds → CommandBus             | data-feeds/       |
 * | complaints (监督举报)                        | POST/GET /follow-up/complaints[/:id[/assignment,/resolution]] → buses (list paged) | complaints/ |
 * | welfare visits (探访关爱)                    | POST …/welfare-visit-plan, …/welfare-visits → CommandBus; GET …/welfare-visits/missed → QueryBus (paged) | welfare-visits/ |
 * | schedule reviews, close ended tapers, age-out | scheduler on the injected clock                                     | schedule-reviews/ |
 *
 * Beside them: domain/ (pure deciders), commands/ (the pipelines: the one place a command gets
 * `metadata: { actor, now }`), read-models/ (projection, queries, migrations, households), messaging/
 * (relay mapping, inbox handlers, runtime), shared/ (DTO pieces and paging).
 */
@Module({
  imports: [
    CqrsModule,
    FollowUpPersistenceModule,
    MessagingModule.forRootAsync({
      imports: [FollowUpPersistenceModule],
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, CLOCK, FOLLOW_UP_MIGRATED],
      useFactory: ((config: FollowUpConfig, pool: Pool, store: EventStore, clock: Clock) =>
        followUpMessagingRuntime(config, pool, store, new FollowUpPipelines(store, clock))) as (...deps: never[]) => ReturnType<typeof followUpMessagingRuntime>,
    }),
  ],
  controllers: [
    // review queues before the :caseId routes
    ReviewQueuesController,
    ReviewsController,
    GetCaseController,
    ReportChangeController,
    DataFeedsController,
    ComplaintsController,
    WelfareVisitsController,
  ],
  providers: [
    FollowUpPipelines,
    FollowUpQueries,
    // commands (CommandBus)
    OpenReviewHandler,
    RequestReverificationHandler,
    RecordReviewVisitHandler,
    ConcludeReviewHandler,
    ReportChangeHandler,
    ImportDataFeedHandler,
    FileComplaintHandler,
    AssignInvestigatorHandler,
    ResolveComplaintHandler,
    PlanWelfareVisitsHandler,
    RecordWelfareVisitHandler,
    // queries (QueryBus)
    ListReviewQueueHandler,
    GetCaseHandler,
    ListComplaintsHandler,
    GetComplaintHandler,
    ListMissedVisitsHandler,
    // read models
    projectionProcessorProvider<FollowUpConfig>({
      schema: (c) => c.DATABASE_SCHEMA,
      enabled: (c) => c.FOLLOW_UP_PROJECTIONS_ENABLED,
      inject: [FOLLOW_UP_MIGRATED],
      projections: (c) => followUpProjections(c.DATABASE_SCHEMA),
      logContext: 'FollowUpProjection',
    }),
    // scheduler
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
