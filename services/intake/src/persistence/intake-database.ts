import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import { CaseNumberAllocator } from '../case-numbers/case-number-allocator';
import type { IntakeConfig } from '../config';
import { RESIDENT_ID_HASHER, ResidentIdHasher } from '../identity/resident-id-hasher';
import { ResidentReservations } from '../reservations/resident-reservations';
import { CLOCK, systemClock } from '../time/clock';
import { migrateIntakeSchema } from './migrations';

/** Name of the service schema (read models, reservations, case numbers, checkpoints). */
export const INTAKE_SCHEMA = Symbol('INTAKE_SCHEMA');

/** Runs the schema migrations before anything uses the tables. */
export const INTAKE_MIGRATED = Symbol('INTAKE_MIGRATED');

/** The event store: PostgreSQL (default; migrated at start-up) or EventStoreDB (EVENT_STORE=eventstoredb). */
async function createEventStore(config: IntakeConfig, pool: Pool): Promise<EventStore> {
  if (config.EVENT_STORE === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: config.EVENTSTORE_CONNECTION_STRING! });
  }
  await PostgresEventStore.migrate(pool, config.INTAKE_EVENTSTORE_SCHEMA);
  return new PostgresEventStore({ pool, schema: config.INTAKE_EVENTSTORE_SCHEMA });
}

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

export const intakePersistenceProviders = [
  { provide: CLOCK, useValue: systemClock },
  { provide: INTAKE_SCHEMA, inject: [APP_CONFIG], useFactory: (c: IntakeConfig) => c.DATABASE_SCHEMA },
  {
    provide: INTAKE_MIGRATED,
    inject: [PG_POOL, INTAKE_SCHEMA],
    useFactory: async (pool: Pool, schema: string) => migrateIntakeSchema(pool, schema),
  },
  { provide: EVENT_STORE, inject: [APP_CONFIG, PG_POOL], useFactory: createEventStore },
  EventStoreCloser,
  { provide: RESIDENT_ID_HASHER, inject: [APP_CONFIG], useFactory: (c: IntakeConfig) => new ResidentIdHasher(c.INTAKE_RESIDENT_ID_KEY) },
  {
    provide: CaseNumberAllocator,
    inject: [PG_POOL, INTAKE_SCHEMA, INTAKE_MIGRATED],
    useFactory: (pool: Pool, schema: string) => new CaseNumberAllocator(pool, schema),
  },
  {
    provide: ResidentReservations,
    inject: [PG_POOL, INTAKE_SCHEMA, INTAKE_MIGRATED],
    useFactory: (pool: Pool, schema: string) => new ResidentReservations(pool, schema),
  },
];
