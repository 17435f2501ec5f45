import { Module } from '@nestjs/common';
import { CaseNumberAllocator } from '../case-numbers/case-number-allocator';
import { EVENT_STORE } from '@sa/eventstore';
import { FIELD_ENCRYPTOR, KEY_STORE } from '@sa/platform';
import { RESIDENT_ID_HASHER } from '../identity/resident-id-hasher';
import { ResidentReservations } from '../reservations/resident-reservations';
import { CLOCK, WORKING_DAY_CALENDAR } from '@sa/time';
import { PublishedHolidayCalendars } from '@sa/messaging';
import { INTAKE_MIGRATED, INTAKE_SCHEMA, intakePersistenceProviders } from './intake-database';

/** The event store, the intake schema (migrated), the clock, the working-day calendar and the command-side tables. */
@Module({
  providers: intakePersistenceProviders,
  exports: [EVENT_STORE, KEY_STORE, FIELD_ENCRYPTOR, CLOCK, WORKING_DAY_CALENDAR, PublishedHolidayCalendars, INTAKE_SCHEMA, INTAKE_MIGRATED, RESIDENT_ID_HASHER, CaseNumberAllocator, ResidentReservations],
})
export class IntakePersistenceModule {}
