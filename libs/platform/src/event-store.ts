import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sa/eventstore';
import type { Pool } from 'pg';
import { APP_CONFIG } from './config';

/** The variables of the common spec (`serviceConfigSpec`) that choose and address the event store. */
export interface EventStoreConfig {
  EVENT_STORE: 'postgresql' | 'eventstoredb';
  EVENTSTORE_CONNECTION_STRING?: string | undefined;
  /**
   * The deployment's namespace: the schema of the PostgreSQL event store, or the stream prefix on
   * EventStoreDB (every stream `<EVENTSTORE_SCHEMA>.<stream>`, `$all` reads and subscriptions filtered
   * by it), so that two deployments or test runs on one server never see each other's events.
   */
  EVENTSTORE_SCHEMA: string;
}

/**
 * The event store of a service: PostgreSQL (default; its schema migrated here, so at start-up) on
 * the service's pool, or EventStoreDB (EVENT_STORE=eventstoredb).
 */
export async function createEventStore(config: EventStoreConfig, pool: Pool): Promise<EventStore> {
  if (config.EVENT_STORE === 'eventstoredb') {
    if (!config.EVENTSTORE_CONNECTION_STRING) throw new Error('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
    return new EventStoreDbEventStore({ connectionString: config.EVENTSTORE_CONNECTION_STRING, streamPrefix: config.EVENTSTORE_SCHEMA });
  }
  await PostgresEventStore.migrate(pool, config.EVENTSTORE_SCHEMA);
  return new PostgresEventStore({ pool, schema: config.EVENTSTORE_SCHEMA });
}

/** Closes the event store when the application shuts down. */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** `EVENT_STORE` from the service's config (`APP_CONFIG`) and pool (`PG_POOL`), closed at shutdown. */
export const eventStoreProviders: Provider[] = [
  { provide: EVENT_STORE, inject: [APP_CONFIG, PG_POOL], useFactory: (config: EventStoreConfig, pool: Pool) => createEventStore(config, pool) },
  EventStoreCloser,
];

/** `imports: [EventStoreModule.forService()]` provides (and exports) `EVENT_STORE`. */
@Module({})
export class EventStoreModule {
  static forService(options: { global?: boolean } = {}): DynamicModule {
    return { module: EventStoreModule, global: options.global ?? false, providers: eventStoreProviders, exports: [EVENT_STORE] };
  }
}
