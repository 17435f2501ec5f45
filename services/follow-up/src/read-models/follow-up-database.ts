import { Module } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE } from '@sa/eventstore';
import { APP_CONFIG, eventStoreProviders, KEY_STORE } from '@sa/platform';
import { CLOCK, clockFromEnv } from '@sa/time';
import type { Pool } from 'pg';
import type { FollowUpConfig } from '../config';
import { migrateFollowUpSchema } from './migrations';

/** Name of the service schema (read models, households, checkpoints, inbox). */
export const FOLLOW_UP_SCHEMA = Symbol('FOLLOW_UP_SCHEMA');
/** Resolves once the schema migrations ran. */
export const FOLLOW_UP_MIGRATED = Symbol('FOLLOW_UP_MIGRATED');

/** The event store (@sa/platform), the follow_up schema (migrated) and the clock (@sa/time). */
@Module({
  providers: [
    { provide: CLOCK, useFactory: () => clockFromEnv(process.env) },
    { provide: FOLLOW_UP_SCHEMA, inject: [APP_CONFIG], useFactory: (c: FollowUpConfig) => c.DATABASE_SCHEMA },
    {
      provide: FOLLOW_UP_MIGRATED,
      inject: [PG_POOL, FOLLOW_UP_SCHEMA],
      useFactory: async (pool: Pool, schema: string) => migrateFollowUpSchema(pool, schema),
    },
    ...eventStoreProviders,
  ],
  exports: [EVENT_STORE, KEY_STORE, CLOCK, FOLLOW_UP_SCHEMA, FOLLOW_UP_MIGRATED],
})
export class FollowUpPersistenceModule {}
