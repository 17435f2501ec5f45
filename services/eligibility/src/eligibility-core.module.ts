import { Global, Module } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import { PolicyCatalogue } from './application/policy-catalogue';
import { PolicySeed } from './application/policy-seed';
import { ReviewCaseCommands } from './application/review-case-commands';
import type { EligibilityConfig } from './config';
import { CLOCK, systemClock } from './infrastructure/clock';
import { createEventStore, EventStoreCloser } from './infrastructure/event-store';
import { buildServiceCalendar, parseCalendarOverrides, WORKING_CALENDAR } from './infrastructure/working-calendar';
import { EligibilityInbox } from './messaging/eligibility-inbox';

/** The event store, the clock, the working-day calendar and the application services every use case shares. */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    {
      provide: WORKING_CALENDAR,
      inject: [APP_CONFIG],
      useFactory: (c: EligibilityConfig) => buildServiceCalendar(parseCalendarOverrides(c.ELIGIBILITY_CALENDAR_OVERRIDES)),
    },
    { provide: EVENT_STORE, inject: [APP_CONFIG, PG_POOL], useFactory: createEventStore },
    EventStoreCloser,
    ReviewCaseCommands,
    PolicyCatalogue,
    PolicySeed,
    EligibilityInbox,
  ],
  exports: [CLOCK, WORKING_CALENDAR, EVENT_STORE, ReviewCaseCommands, PolicyCatalogue, PolicySeed, EligibilityInbox],
})
export class EligibilityCoreModule {}
