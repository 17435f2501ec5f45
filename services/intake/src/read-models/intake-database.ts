import { PG_POOL } from '@sa/database';
import type { KeyStore } from '@sa/crypto';
import { APP_CONFIG, eventStoreProviders, KEY_STORE } from '@sa/platform';
import type { Pool } from 'pg';
import { CaseNumberAllocator } from '../case-numbers/case-number-allocator';
import type { IntakeConfig } from '../config';
import { RESIDENT_ID_HASHER, ResidentIdHasher } from '../identity/resident-id-hasher';
import { ResidentReservations } from '../reservations/resident-reservations';
import { holidayCalendarProviders } from '@sa/messaging';
import { CLOCK, clockFromEnv } from '@sa/time';
import { migrateIntakeSchema } from './migrations';

/** Name of the service schema (read models, reservations, case numbers, checkpoints). */
export const INTAKE_SCHEMA = Symbol('INTAKE_SCHEMA');

/** Runs the schema migrations before anything uses the tables. */
export const INTAKE_MIGRATED = Symbol('INTAKE_MIGRATED');

export const intakePersistenceProviders = [
  { provide: CLOCK, useFactory: () => clockFromEnv(process.env) },
  { provide: INTAKE_SCHEMA, inject: [APP_CONFIG], useFactory: (c: IntakeConfig) => c.DATABASE_SCHEMA },
  // The national working-day calendar: bundled years, replaced or extended by the published schedules
  // (HolidayCalendarPublished); for a year nobody published yet, Monday–Friday.
  ...holidayCalendarProviders({ schema: INTAKE_SCHEMA, migrated: INTAKE_MIGRATED }),
  {
    provide: INTAKE_MIGRATED,
    inject: [PG_POOL, INTAKE_SCHEMA],
    useFactory: async (pool: Pool, schema: string) => migrateIntakeSchema(pool, schema),
  },
  ...eventStoreProviders,
  {
    provide: RESIDENT_ID_HASHER,
    inject: [APP_CONFIG, KEY_STORE],
    useFactory: (c: IntakeConfig, keys: KeyStore | null) => ResidentIdHasher.create(c.INTAKE_RESIDENT_ID_KEY, keys),
  },
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
