import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { IntakeConfig } from '../config';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../identity/resident-id-hasher';
import { INTAKE_MIGRATED, INTAKE_SCHEMA } from '../persistence/intake-database';
import { IntakeProjection } from './intake-projection';

/** Runs the read-model projection for the lifetime of the application (INTAKE_PROJECTIONS_ENABLED). */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly projection: IntakeProjection;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    @Inject(INTAKE_SCHEMA) schema: string,
    @Inject(RESIDENT_ID_HASHER) hasher: ResidentIdHasher,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
    @Inject(INTAKE_MIGRATED) _migrated: unknown,
  ) {
    const logger = new Logger('IntakeProjection');
    this.projection = new IntakeProjection(store, pool, schema, hasher, {
      info: (o, m) => logger.log(o, m),
      warn: (o, m) => logger.warn(o, m),
      error: (o, m) => logger.error(o, m),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.INTAKE_PROJECTIONS_ENABLED) this.projection.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}
