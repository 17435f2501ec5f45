import { PG_POOL } from '@sa/database';
import { APP_CONFIG, eventStoreProviders } from '@sa/platform';
import type { Pool } from 'pg';
import type { VerificationConfig } from '../config';
import { CLOCK, clockFromEnv } from '@sa/time';
import { holidayCalendarProviders } from '@sa/messaging';
import { nationalCalendar } from '../commands/settings';
import { migrateVerificationSchema } from './migrations';

/** Name of the service schema (read models, inbox, checkpoints). */
export const VERIFICATION_SCHEMA = Symbol('VERIFICATION_SCHEMA');
/** Resolved once the schema migrations ran: inject it to be sure the tables exist. */
export const VERIFICATION_MIGRATED = Symbol('VERIFICATION_MIGRATED');

export const persistenceProviders = [
  { provide: CLOCK, useFactory: () => clockFromEnv(process.env) },
  { provide: VERIFICATION_SCHEMA, inject: [APP_CONFIG], useFactory: (c: VerificationConfig) => c.DATABASE_SCHEMA },
  {
    provide: VERIFICATION_MIGRATED,
    inject: [PG_POOL, VERIFICATION_SCHEMA],
    useFactory: async (pool: Pool, schema: string) => migrateVerificationSchema(pool, schema),
  },
  ...eventStoreProviders,
  // The published holiday calendars (HolidayCalendarPublished) keep the national calendar current.
  ...holidayCalendarProviders({ schema: VERIFICATION_SCHEMA, migrated: VERIFICATION_MIGRATED, calendar: nationalCalendar }),
];
