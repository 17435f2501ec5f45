import { Module } from '@nestjs/common';
import { PlatformModule, jurisdictionPingController } from '@sa/platform';
import { CaseImportsModule } from './case-imports/case-imports.module';
import { ELIGIBILITY_CONFIG_SPEC } from './config';
import { EligibilityDocumentsModule } from './documents/documents.module';
import { EligibilityCoreModule } from './eligibility-core.module';
import { CalendarReadinessWarning } from './infrastructure/calendar-readiness';
import { LedgersModule } from './ledgers/ledgers.module';
import { EligibilityMessagingModule } from './messaging/messaging.module';
import { PoliciesModule } from './policies/policies.module';
import { PolicyImpactModule } from './policy-impact/policy-impact.module';
import { CalendarsModule } from './calendars/calendars.module';
import { ELIGIBILITY_MIGRATIONS } from './read-models/migrations';
import { ReadModelsModule } from './read-models/read-models.module';
import { ReviewCasesModule } from './review-cases/review-cases.module';

/**
 * Root module of the eligibility service. Add feature modules to `imports`; the platform (config,
 * logging, errors, auth, database, health, metrics) comes from PlatformModule.
 */
@Module({
  imports: [
    PlatformModule.forService({ name: 'eligibility', configSpec: ELIGIBILITY_CONFIG_SPEC, database: { migrations: ELIGIBILITY_MIGRATIONS } }),
    EligibilityCoreModule,
    ReadModelsModule,
    PolicyImpactModule,
    PoliciesModule,
    CalendarsModule,
    ReviewCasesModule,
    EligibilityMessagingModule,
    EligibilityDocumentsModule,
    CaseImportsModule,
    LedgersModule,
  ],
  controllers: [jurisdictionPingController('eligibility', ['street_reviewer', 'county_approver'])],
  providers: [CalendarReadinessWarning],
})
export class AppModule {}
