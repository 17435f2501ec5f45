import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { FollowUpConfig } from '../config';
import { FOLLOW_UP_MIGRATED, FOLLOW_UP_SCHEMA } from '../persistence/follow-up-persistence.module';
import { FollowUpProjection } from './follow-up-projection';

/** Runs the read-model projection (@sa/messaging's ProjectionRunner) for the lifetime of the application (FOLLOW_UP_PROJECTIONS_ENABLED). */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly projection: FollowUpProjection;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    @Inject(FOLLOW_UP_SCHEMA) schema: string,
    @Inject(APP_CONFIG) private readonly config: FollowUpConfig,
    @Inject(FOLLOW_UP_MIGRATED) _migrated: unknown,
  ) {
    const logger = new Logger('FollowUpProjection');
    this.projection = new FollowUpProjection(store, pool, schema, {
      info: (o, m) => logger.log(o, m),
      warn: (o, m) => logger.warn(o, m),
      error: (o, m) => logger.error(o, m),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.FOLLOW_UP_PROJECTIONS_ENABLED) this.projection.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}
