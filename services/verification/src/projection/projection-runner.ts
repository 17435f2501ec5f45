import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { VerificationConfig } from '../config';
import { VERIFICATION_MIGRATED, VERIFICATION_SCHEMA } from '../persistence/verification-database';
import { VerificationProjection } from './verification-projection';

/** Runs the read-model projection for the lifetime of the application (VERIFICATION_PROJECTIONS_ENABLED). */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly projection: VerificationProjection;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    @Inject(VERIFICATION_SCHEMA) schema: string,
    @Inject(APP_CONFIG) private readonly config: VerificationConfig,
    @Inject(VERIFICATION_MIGRATED) _migrated: unknown,
  ) {
    const logger = new Logger('VerificationProjection');
    this.projection = new VerificationProjection(store, pool, schema, {
      info: (o, m) => logger.log(o, m),
      warn: (o, m) => logger.warn(o, m),
      error: (o, m) => logger.error(o, m),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.VERIFICATION_PROJECTIONS_ENABLED) this.projection.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}
