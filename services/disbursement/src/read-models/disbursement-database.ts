import { Module } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { APP_CONFIG, eventStoreProviders, KEY_STORE } from '@sa/platform';
import type { Pool } from 'pg';
import { BANK_FILE_WRITER, LocalDirectoryBankFileWriter } from '../bank/bank-file';
import type { DisbursementConfig } from '../config';
import { EntitlementCommands } from '../commands/entitlement-commands';
import { holidayCalendarProviders, PublishedHolidayCalendars } from '@sa/messaging';
import { CLOCK, clockFromEnv, WORKING_DAY_CALENDAR, type Clock } from '@sa/time';
import { migrateDisbursementSchema } from './migrations';
import { DISBURSEMENT_MIGRATED, DISBURSEMENT_SCHEMA } from './tokens';

/** The event store (@sa/platform, `EVENTSTORE_SCHEMA`), the migrated disbursement schema, the clock and working-day calendar (@sa/time), the bank-file adapter, entitlement commands. */
@Module({
  providers: [
    { provide: CLOCK, useFactory: () => clockFromEnv(process.env) },
    { provide: DISBURSEMENT_SCHEMA, inject: [APP_CONFIG], useFactory: (c: DisbursementConfig) => c.DATABASE_SCHEMA },
    {
      provide: DISBURSEMENT_MIGRATED,
      inject: [PG_POOL, DISBURSEMENT_SCHEMA],
      useFactory: async (pool: Pool, schema: string) => migrateDisbursementSchema(pool, schema),
    },
    // The national working-day calendar: bundled chinese-days years, replaced or extended by the
    // published schedules (HolidayCalendarPublished). A year nobody published is not guessed: counting
    // into it throws, and the paperwork due date of an emergency advance stays open (dueDateOrOpen).
    ...holidayCalendarProviders({ schema: DISBURSEMENT_SCHEMA, migrated: DISBURSEMENT_MIGRATED, beyondCoverage: 'throw' }),
    ...eventStoreProviders,
    { provide: BANK_FILE_WRITER, inject: [APP_CONFIG], useFactory: (c: DisbursementConfig) => new LocalDirectoryBankFileWriter(c.DISBURSEMENT_BANK_FILE_DIR) },
    {
      provide: EntitlementCommands,
      inject: [EVENT_STORE, DISBURSEMENT_SCHEMA, CLOCK, DISBURSEMENT_MIGRATED],
      useFactory: (store: EventStore, schema: string, clock: Clock) => new EntitlementCommands(store, schema, clock),
    },
  ],
  exports: [EVENT_STORE, KEY_STORE, CLOCK, WORKING_DAY_CALENDAR, PublishedHolidayCalendars, DISBURSEMENT_SCHEMA, DISBURSEMENT_MIGRATED, BANK_FILE_WRITER, EntitlementCommands],
})
export class DisbursementPersistenceModule {}
