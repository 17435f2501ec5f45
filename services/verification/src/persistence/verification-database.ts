import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { VerificationConfig } from '../config';
import { CLOCK, systemClock } from '../shared/clock';
import { migrateVerificationSchema } from './migrations';

/** Name of the service schema (read models, inbox, checkpoints). */
export const VERIFICATION_SCHEMA = Symbol('VERIFICATION_SCHEMA');
/** Resolved once the schema migrations ran: inject it to be sure the tables exist. */
export const VERIFICATION_MIGRATED = Symbol('VERIFICATION_MIGRATED');

/** The event store: PostgreSQL (default; migrated at start-up) or EventStoreDB (EVENT_STORE=eventstoredb). */
export async function createEventStore(config: VerificationConfig, pool: Pool): Promise<EventStore> {
  if (config.EVENT_STORE === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: config.EVENTSTORE_CONNECTION_STRING! });
  }
  await PostgresEventStore.migrate(pool, config.VERIFICATION_EVENTSTORE_SCHEMA);
  return new PostgresEventStore({ pool, schema: config.VERIFICATION_EVENTSTORE_SCHEMA });
}

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

export const persistenceProviders = [
  { provide: CLOCK, useValue: systemClock },
  { provide: VERIFICATION_SCHEMA, inject: [APP_CONFIG], useFactory: (c: VerificationConfig) => c.DATABASE_SCHEMA },
  {
    provide: VERIFICATION_MIGRATED,
    inject: [PG_POOL, VERIFICATION_SCHEMA],
    useFactory: async (pool: Pool, schema: string) => migrateVerificationSchema(pool, schema),
  },
  { provide: EVENT_STORE, inject: [APP_CONFIG, PG_POOL], useFactory: createEventStore },
  EventStoreCloser,
];
