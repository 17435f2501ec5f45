import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sa/eventstore';
import type { Pool } from 'pg';
import type { EligibilityConfig } from '../config';

/** The event store: PostgreSQL (default; migrated at start-up) or EventStoreDB (EVENT_STORE=eventstoredb). */
export async function createEventStore(config: EligibilityConfig, pool: Pool): Promise<EventStore> {
  if (config.EVENT_STORE === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: config.EVENTSTORE_CONNECTION_STRING! });
  }
  await PostgresEventStore.migrate(pool, config.ELIGIBILITY_EVENTSTORE_SCHEMA);
  return new PostgresEventStore({ pool, schema: config.ELIGIBILITY_EVENTSTORE_SCHEMA });
}

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
