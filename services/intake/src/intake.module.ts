import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, ProjectionProcessor } from '@sa/eventstore';
import { MessagingModule } from '@sa/messaging';
import { APP_CONFIG, projectionProcessorProvider } from '@sa/platform';
import { CLOCK } from '@sa/time';
import { AcceptApplicationController } from './applications/accept-application/accept-application.controller';
import { AcceptApplicationHandler } from './applications/accept-application/accept-application.handler';
import { CreateDraftController } from './applications/create-draft/create-draft.controller';
import { CreateDraftHandler } from './applications/create-draft/create-draft.handler';
import { RejectApplicationController } from './applications/reject-application/reject-application.controller';
import { RejectApplicationHandler } from './applications/reject-application/reject-application.handler';
import { RequestMaterialsController } from './applications/request-materials/request-materials.controller';
import { RequestMaterialsHandler } from './applications/request-materials/request-materials.handler';
import { ReviseDraftController } from './applications/revise-draft/revise-draft.controller';
import { ReviseDraftHandler } from './applications/revise-draft/revise-draft.handler';
import { ApplicationCommands } from './applications/shared/application-commands';
import { DeclaredRelatives } from './applications/shared/declared-relatives';
import { EarlierCases } from './applications/shared/earlier-cases';
import { HouseholdReservation } from './applications/shared/household-reservation';
import { SubmitApplicationController } from './applications/submit-application/submit-application.controller';
import { SubmitApplicationHandler } from './applications/submit-application/submit-application.handler';
import { SupplyMaterialsController } from './applications/supply-materials/supply-materials.controller';
import { SupplyMaterialsHandler } from './applications/supply-materials/supply-materials.handler';
import { WithdrawApplicationController } from './applications/withdraw-application/withdraw-application.controller';
import { WithdrawApplicationHandler } from './applications/withdraw-application/withdraw-application.handler';
import { DeclareCloseRelativeController } from './close-relatives/declare-close-relative/declare-close-relative.controller';
import { DeclareCloseRelativeHandler } from './close-relatives/declare-close-relative/declare-close-relative.handler';
import { OfficerRelativesCommands } from './close-relatives/officer-relatives-commands';
import { WithdrawCloseRelativeController } from './close-relatives/withdraw-close-relative/withdraw-close-relative.controller';
import { WithdrawCloseRelativeHandler } from './close-relatives/withdraw-close-relative/withdraw-close-relative.handler';
import { IntakeAttachmentsModule } from './attachments/attachments.module';
import { IntakePipelines } from './commands/intake-pipelines';
import { AcceptanceNoticeController } from './documents/acceptance-notice.controller';
import { IntakeNoticesController } from './documents/intake-notices.controller';
import type { IntakeConfig } from './config';
import { CloseLeadController } from './leads/close-lead/close-lead.controller';
import { CloseLeadHandler } from './leads/close-lead/close-lead.handler';
import { RecordLeadContactController } from './leads/record-lead-contact/record-lead-contact.controller';
import { RecordLeadContactHandler } from './leads/record-lead-contact/record-lead-contact.handler';
import { ReportLeadController } from './leads/report-lead/report-lead.controller';
import { ReportLeadHandler } from './leads/report-lead/report-lead.handler';
import { LeadCommands } from './leads/shared/lead-commands';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from './identity/resident-id-hasher';
import { INTAKE_MIGRATED } from './read-models/intake-database';
import { IntakePersistenceModule } from './read-models/intake-persistence.module';
import { intakeProjections } from './read-models/intake-projection';
import { intakeMessagingRuntime } from './messaging/intake-relay';
import { PublishedHolidayCalendars } from '@sa/messaging';
import { GetApplicationController, GetApplicationHandler } from './queries/get-application/get-application';
import { IntakeReads } from './queries/intake-reads';
import { PersonalDataReportController } from './privacy/personal-data-report';
import { ShreddingJob } from './privacy/shredding';
import { GetLeadController, GetLeadHandler } from './queries/get-lead/get-lead';
import { OverdueLeadsController, OverdueLeadsHandler } from './queries/overdue-leads/overdue-leads';
import { ListLeadsController, ListLeadsHandler } from './queries/list-leads/list-leads';
import { MyCloseRelativesController, MyCloseRelativesHandler } from './queries/my-close-relatives/my-close-relatives';
import { SearchApplicationsController, SearchApplicationsHandler } from './queries/search-applications/search-applications';
import { StatusCheckController, StatusCheckHandler } from './queries/status-check/status-check';
import { WorkQueueController, WorkQueueHandler } from './queries/work-queue/work-queue';

/**
 * Intake (受理): applications, leads (主动发现), consent, missing-material notices.
 * One row per use case: its controller and its command or query handler.
 */
@Module({
  imports: [
    CqrsModule,
    IntakePersistenceModule,
    IntakeAttachmentsModule,
    MessagingModule.forRootAsync({
      imports: [IntakePersistenceModule],
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, CLOCK, PublishedHolidayCalendars],
      useFactory: intakeMessagingRuntime as (...deps: never[]) => ReturnType<typeof intakeMessagingRuntime>,
    }),
  ],
  controllers: [
    // applications
    CreateDraftController,
    ReviseDraftController,
    SubmitApplicationController,
    RequestMaterialsController,
    SupplyMaterialsController,
    AcceptApplicationController,
    RejectApplicationController,
    WithdrawApplicationController,
    SearchApplicationsController,
    GetApplicationController,
    WorkQueueController,
    StatusCheckController,
    // leads (overdue before :leadId)
    ReportLeadController,
    RecordLeadContactController,
    CloseLeadController,
    OverdueLeadsController,
    ListLeadsController,
    MyCloseRelativesController,
    GetLeadController,
    // conflict of interest
    DeclareCloseRelativeController,
    WithdrawCloseRelativeController,
    // documents (paper)
    AcceptanceNoticeController,
    IntakeNoticesController,
    // privacy: who looked at my file
    PersonalDataReportController,
  ],
  providers: [
    IntakePipelines,
    ApplicationCommands,
    LeadCommands,
    OfficerRelativesCommands,
    HouseholdReservation,
    EarlierCases,
    DeclaredRelatives,
    projectionProcessorProvider<IntakeConfig>({
      schema: (c) => c.DATABASE_SCHEMA,
      enabled: (c) => c.INTAKE_PROJECTIONS_ENABLED,
      inject: [RESIDENT_ID_HASHER, INTAKE_MIGRATED],
      projections: (c, hasher: ResidentIdHasher) => intakeProjections(c.DATABASE_SCHEMA, hasher),
      logContext: 'IntakeProjection',
    }),
    CreateDraftHandler,
    ReviseDraftHandler,
    SubmitApplicationHandler,
    RequestMaterialsHandler,
    SupplyMaterialsHandler,
    AcceptApplicationHandler,
    RejectApplicationHandler,
    WithdrawApplicationHandler,
    ReportLeadHandler,
    RecordLeadContactHandler,
    CloseLeadHandler,
    DeclareCloseRelativeHandler,
    WithdrawCloseRelativeHandler,
    GetApplicationHandler,
    IntakeReads,
    ShreddingJob,
    SearchApplicationsHandler,
    WorkQueueHandler,
    StatusCheckHandler,
    OverdueLeadsHandler,
    ListLeadsHandler,
    MyCloseRelativesHandler,
    GetLeadHandler,
  ],
  exports: [ProjectionProcessor],
})
export class IntakeModule {}

export type { IntakeConfig };
