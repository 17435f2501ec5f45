import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, EventStoreDbEventStore, PostgresEventStore, ProjectionProcessor, type EventStore } from '@sa/eventstore';
import type { FieldEncryptor } from '@sa/crypto';
import { APP_CONFIG, EventStoreCloser, FIELD_ENCRYPTOR, keyStoreProviders, projectionProcessorProvider, type EventStoreConfig } from '@sa/platform';
import { CLOCK, clockFromEnv, type Clock } from '@sa/time';
import type { Pool } from 'pg';
import { AuditService } from './application/audit-service';
import { AuditRecords, migrateAuditSchema } from './application/audit-store';
import type { AuditConfig } from './config';
import { AuditController } from './http/audit.controller';
import { auditProjections, StatisticsFacts } from './read-models/statistics-projection';
import { StatisticsController } from './statistics/statistics.controller';

/**
 * The event store (common `EVENT_STORE` / `EVENTSTORE_SCHEMA`), read only: unlike @sa/platform's
 * `createEventStore`, the audit never migrates or appends to it. Closed by @sa/platform's `EventStoreCloser`.
 */
function openReadOnlyEventStore(config: EventStoreConfig, pool: Pool): EventStore {
  if (config.EVENT_STORE === 'eventstoredb') {
    if (!config.EVENTSTORE_CONNECTION_STRING) throw new Error('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
    return new EventStoreDbEventStore({ connectionString: config.EVENTSTORE_CONNECTION_STRING });
  }
  return new PostgresEventStore({ pool, schema: config.EVENTSTORE_SCHEMA });
}

/** Takes a checkpoint every AUDIT_CHECKPOINT_INTERVAL_MS (0 = off), continuing from the last one stored. */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CheckpointScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AuditConfig,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditRecords) private readonly records: AuditRecords,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.AUDIT_CHECKPOINT_INTERVAL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** One scheduled checkpoint (skipped while the previous one is still running). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = (async () => {
      try {
        const last = await this.records.latestCheckpoint();
        const cp = await this.audit.checkpoint(last ?? undefined);
        await this.records.saveCheckpoint(cp, 'sa-audit', 'scheduled');
        this.logger.log(`checkpoint taken at ${String(cp.globalPosition)}: ${cp.eventCount} events, ${cp.lastHash}`);
      } catch (e) {
        this.logger.error(`scheduled checkpoint failed: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

const AUDIT_MIGRATED = Symbol('AUDIT_MIGRATED');

@Module({
  controllers: [AuditController, StatisticsController],
  providers: [
    { provide: EVENT_STORE, inject: [APP_CONFIG, PG_POOL], useFactory: openReadOnlyEventStore },
    ...keyStoreProviders,
    EventStoreCloser,
    { provide: CLOCK, useFactory: () => clockFromEnv(process.env) },
    {
      provide: AUDIT_MIGRATED,
      inject: [PG_POOL, APP_CONFIG],
      useFactory: async (pool: Pool, c: AuditConfig) => migrateAuditSchema(pool, c.DATABASE_SCHEMA),
    },
    {
      provide: AuditRecords,
      inject: [PG_POOL, APP_CONFIG, AUDIT_MIGRATED],
      useFactory: (pool: Pool, c: AuditConfig) => new AuditRecords(pool, c.DATABASE_SCHEMA),
    },
    {
      provide: AuditService,
      inject: [EVENT_STORE, PG_POOL, APP_CONFIG, CLOCK, FIELD_ENCRYPTOR],
      useFactory: (store: EventStore, pool: Pool, c: AuditConfig, clock: Clock, fields: FieldEncryptor | null) =>
        new AuditService({ store, pool, eventstoreSchema: c.EVENTSTORE_SCHEMA, pageSize: c.AUDIT_READ_PAGE_SIZE, now: () => clock.now(), fields, caseCacheEvents: c.AUDIT_CASE_CACHE_EVENTS, caseRecheckMs: c.AUDIT_CASE_RECHECK_MS }),
    },
    CheckpointScheduler,
    // the statistics read model
    projectionProcessorProvider<AuditConfig>({
      schema: (c) => c.DATABASE_SCHEMA,
      enabled: (c) => c.AUDIT_PROJECTIONS_ENABLED,
      inject: [AUDIT_MIGRATED],
      projections: (c) => auditProjections(c.DATABASE_SCHEMA),
      logContext: 'AuditProjection',
    }),
    {
      provide: StatisticsFacts,
      inject: [PG_POOL, APP_CONFIG, EVENT_STORE, AUDIT_MIGRATED],
      useFactory: (pool: Pool, c: AuditConfig, store: EventStore) => new StatisticsFacts(pool, c.DATABASE_SCHEMA, store),
    },
  ],
  exports: [AuditService, AuditRecords, CheckpointScheduler, ProjectionProcessor],
})
export class AuditModule {}
