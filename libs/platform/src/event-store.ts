import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown, Optional, type Provider } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EncryptingEventStore, openKeyStore, type FieldEncryptor, type KeyStore, type KeyStoreConfig } from '@sa/crypto';
import { EVENT_STORE, EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sa/eventstore';
import type { Pool } from 'pg';
import { APP_CONFIG } from './config';

/**
 * The deployment's key store (`@sa/crypto` KeyStore), or null when `FIELD_ENCRYPTION=false`.
 * Inject it to encrypt read-model columns (`keyStore.fields`), compute blind indexes
 * (`keyStore.dataKeys.blindIndex`), record reads (`keyStore.readLog`) or shred (`keyStore.dataKeys.shred`).
 */
export const KEY_STORE = Symbol('KEY_STORE');
/** The field encryptor of KEY_STORE, or null when field encryption is off. */
export const FIELD_ENCRYPTOR = Symbol('FIELD_ENCRYPTOR');

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

/**
 * The shared key store when `FIELD_ENCRYPTION` is on (the default; production refuses it off), else
 * null. Configurations without the crypto variables (tools building a config by hand) get none.
 */
export async function openServiceKeyStore(config: Partial<KeyStoreConfig>): Promise<KeyStore | null> {
  if (config.FIELD_ENCRYPTION !== true || !config.DATABASE_URL) return null;
  const keys = openKeyStore(config as KeyStoreConfig);
  try {
    await keys.dataKeys.migrate();
    return keys;
  } catch (err) {
    await keys.release();
    throw err;
  }
}

/** The store wrapped in `EncryptingEventStore` when a key store is given: personal fields encrypted on append, decrypted on read. */
export function withFieldEncryption(store: EventStore, fields: FieldEncryptor | null | undefined): EventStore {
  return fields ? new EncryptingEventStore(store, fields) : store;
}

/** Closes the event store when the application shuts down. */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(KEY_STORE) private readonly keys?: KeyStore | null,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.keys?.release();
  }
}

/** The key store (KEY_STORE) and its field encryptor (FIELD_ENCRYPTOR), null when field encryption is off. */
export const keyStoreProviders: Provider[] = [
  { provide: KEY_STORE, inject: [APP_CONFIG], useFactory: (config: Partial<KeyStoreConfig>) => openServiceKeyStore(config) },
  { provide: FIELD_ENCRYPTOR, inject: [KEY_STORE], useFactory: (keys: KeyStore | null) => keys?.fields ?? null },
];

/**
 * `EVENT_STORE` from the service's config (`APP_CONFIG`) and pool (`PG_POOL`), closed at shutdown;
 * wrapped in `EncryptingEventStore` (@sa/crypto) when `FIELD_ENCRYPTION` is on, so every service's
 * personal fields are stored encrypted under the case's data key and read back in clear.
 */
export const eventStoreProviders: Provider[] = [
  ...keyStoreProviders,
  {
    provide: EVENT_STORE,
    inject: [APP_CONFIG, PG_POOL, FIELD_ENCRYPTOR],
    useFactory: async (config: EventStoreConfig, pool: Pool, fields: FieldEncryptor | null) => withFieldEncryption(await createEventStore(config, pool), fields),
  },
  EventStoreCloser,
];

/** `imports: [EventStoreModule.forService()]` provides (and exports) `EVENT_STORE`. */
@Module({})
export class EventStoreModule {
  static forService(options: { global?: boolean } = {}): DynamicModule {
    return { module: EventStoreModule, global: options.global ?? false, providers: eventStoreProviders, exports: [EVENT_STORE, KEY_STORE, FIELD_ENCRYPTOR] };
  }
}
