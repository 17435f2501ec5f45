import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import { BANK_FILE_WRITER, LocalDirectoryBankFileWriter } from '../bank/bank-file';
import type { DisbursementConfig } from '../config';
import { EntitlementCommands } from '../entitlements/entitlement-commands';
import { CLOCK, systemClock, type Clock } from '../time/clock';
import { migrateDisbursementSchema } from './migrations';
import { DISBURSEMENT_MIGRATED, DISBURSEMENT_SCHEMA } from './tokens';

/** The event store: PostgreSQL (default; migrated at start-up) or EventStoreDB (EVENT_STORE=eventstoredb). */
async function createEventStore(config: DisbursementConfig, pool: Pool): Promise<EventStore> {
  if (config.EVENT_STORE === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: config.EVENTSTORE_CONNECTION_STRING! });
  }
  await PostgresEventStore.migrate(pool, config.DISBURSEMENT_EVENTSTORE_SCHEMA);
  return new PostgresEventStore({ pool, schema: config.DISBURSEMENT_EVENTSTORE_SCHEMA });
}

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The event store, the migrated disbursement schema, the clock, the bank-file adapter, entitlement commands. */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: DISBURSEMENT_SCHEMA, inject: [APP_CONFIG], useFactory: (c: DisbursementConfig) => c.DATABASE_SCHEMA },
    {
      provide: DISBURSEMENT_MIGRATED,
      inject: [PG_POOL, DISBURSEMENT_SCHEMA],
      useFactory: async (pool: Pool, schema: string) => migrateDisbursementSchema(pool, schema),
    },
    { provide: EVENT_STORE, inject: [APP_CONFIG, PG_POOL], useFactory: createEventStore },
    EventStoreCloser,
    { provide: BANK_FILE_WRITER, inject: [APP_CONFIG], useFactory: (c: DisbursementConfig) => new LocalDirectoryBankFileWriter(c.DISBURSEMENT_BANK_FILE_DIR) },
    {
      provide: EntitlementCommands,
      inject: [EVENT_STORE, DISBURSEMENT_SCHEMA, CLOCK, DISBURSEMENT_MIGRATED],
      useFactory: (store: EventStore, schema: string, clock: Clock) => new EntitlementCommands(store, schema, clock),
    },
  ],
  exports: [EVENT_STORE, CLOCK, DISBURSEMENT_SCHEMA, DISBURSEMENT_MIGRATED, BANK_FILE_WRITER, EntitlementCommands],
})
export class DisbursementPersistenceModule {}
