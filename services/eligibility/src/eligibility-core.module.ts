import { Global, Module } from '@nestjs/common';
import { EVENT_STORE } from '@sa/eventstore';
import { eventStoreProviders, FIELD_ENCRYPTOR, KEY_STORE } from '@sa/platform';
import { PolicyCatalogue } from './application/policy-catalogue';
import { PolicySeed } from './application/policy-seed';
import { CLOCK, clockFromEnv } from '@sa/time';
import { buildServiceCalendar, WORKING_CALENDAR } from './infrastructure/working-calendar';
import { HolidayCalendars } from './infrastructure/holiday-calendars';
import { EligibilityPipelines } from './commands/eligibility-pipelines';
import { EligibilityInbox } from './messaging/eligibility-inbox';

/** The event store, the clock, the working-day calendar, the command pipelines and the application services every use case shares. */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useFactory: () => clockFromEnv(process.env) },
    { provide: WORKING_CALENDAR, useFactory: buildServiceCalendar },
    HolidayCalendars,
    ...eventStoreProviders,
    EligibilityPipelines,
    PolicyCatalogue,
    PolicySeed,
    EligibilityInbox,
  ],
  exports: [CLOCK, WORKING_CALENDAR, KEY_STORE, FIELD_ENCRYPTOR, HolidayCalendars, EVENT_STORE, EligibilityPipelines, PolicyCatalogue, PolicySeed, EligibilityInbox],
})
export class EligibilityCoreModule {}
