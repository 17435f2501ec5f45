import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE } from '@sa/eventstore';
import { eventStoreProviders, FIELD_ENCRYPTOR, KEY_STORE } from '@sa/platform';
import { CLOCK, clockFromEnv } from '@sa/time';
import { CalendarReadinessWarning } from './calendars/calendar-readiness';
import { CalendarsModule } from './calendars/calendars.module';
import { HolidayCalendars } from './calendars/holiday-calendars';
import { buildServiceCalendar, WORKING_CALENDAR } from './calendars/working-calendar';
import { CaseImportsModule } from './case-imports/case-imports.module';
import { EligibilityPipelines } from './commands/eligibility-pipelines';
import { EligibilityDocumentsModule } from './documents/documents.module';
import { LedgersModule } from './ledgers/ledgers.module';
import { EligibilityInbox } from './messaging/eligibility-inbox';
import { EligibilityMessagingModule } from './messaging/messaging.module';
import { PoliciesModule } from './policies/policies.module';
import { PolicyCatalogue } from './policies/policy-catalogue';
import { PolicySeed } from './policies/policy-seed';
import { PolicyImpactModule } from './policy-impact/policy-impact.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { ReviewCasesModule } from './review-cases/review-cases.module';

/**
 * Eligibility (审核确认), as a table of contents (docs/CONVENTIONS.md "One service layout"):
 *
 * | use case                                         | entry                                                              | folder          |
 * |--------------------------------------------------|--------------------------------------------------------------------|-----------------|
 * | open a case, verification facts, withdrawals, change requests | ApplicationAccepted, HouseholdVerified, ApplicationWithdrawn, ChangeRequested (inbox) | messaging/ |
 * | review cases: list, queues, view                 | GET /review-cases[/queues/…, /:caseId, /:caseId/events] → QueryBus | review-cases/   |
 * | review cases: investigation, opinion, notice, objections, submission, decision, benefit changes, emergency advance, appeals | POST /review-cases/:caseId/… → CommandBus (one handler per use case) | review-cases/<use-case>/ |
 * | policies: list, publish, correct, dry-run        | GET/POST /policies…                                                | policies/       |
 * | caseload impact, re-determinations, batch decisions | /policies/impact…, /policies/:versionId/redeterminations[/decisions] | policy-impact/ |
 * | holiday calendars (节假日安排), 期限补定           | PUT/GET /calendars…                                                | calendars/      |
 * | documents (决定书, 通知书, 公示名单)               | GET /review-cases/:caseId/documents…, /public-notice-lists/… → QueryBus (render), CommandBus (record the print) | documents/      |
 * | caseload import (存量台账迁入)                     | POST /case-imports                                                 | case-imports/   |
 * | households ledger (台账)                          | GET /eligibility/ledgers/households                                               | ledgers/        |
 *
 * Beside them: domain/ (pure deciders and the rule engine), commands/ (the pipelines: the one place a
 * review-case command gets `metadata: { actor, now }`), read-models/ (projection, queries, migrations),
 * messaging/ (relay mapping, inbox, runtime). This module provides what every use case shares (the event
 * store, the clock, the working-day calendar, the pipelines, the policy catalogue, the inbox), globally.
 */
@Global()
@Module({
  imports: [
    CqrsModule,
    ReadModelsModule,
    // the impact routes (/policies/impact…) before the policy routes
    PolicyImpactModule,
    PoliciesModule,
    CalendarsModule,
    ReviewCasesModule,
    EligibilityMessagingModule,
    EligibilityDocumentsModule,
    CaseImportsModule,
    LedgersModule,
  ],
  providers: [
    { provide: CLOCK, useFactory: () => clockFromEnv(process.env) },
    { provide: WORKING_CALENDAR, useFactory: buildServiceCalendar },
    HolidayCalendars,
    CalendarReadinessWarning,
    ...eventStoreProviders,
    EligibilityPipelines,
    PolicyCatalogue,
    PolicySeed,
    EligibilityInbox,
  ],
  exports: [CLOCK, WORKING_CALENDAR, KEY_STORE, FIELD_ENCRYPTOR, HolidayCalendars, EVENT_STORE, EligibilityPipelines, PolicyCatalogue, PolicySeed, EligibilityInbox],
})
export class EligibilityModule {}
