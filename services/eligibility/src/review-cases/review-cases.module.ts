import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '../read-models/read-models.module';
import { FileAppealController } from './appeals/file-appeal.controller';
import { RecordAppealOutcomeController } from './appeals/record-appeal-outcome.controller';
import { ApproveEmergencyAdvanceController } from './approve-emergency-advance/approve-emergency-advance.controller';
import { DecideBenefitChangeController } from './decide-benefit-change/decide-benefit-change.controller';
import { DecideCaseController } from './decide-case/decide-case.controller';
import { ExtendDeadlineController } from './extend-deadline/extend-deadline.controller';
import { FileObjectionController } from './file-objection/file-objection.controller';
import { GetCaseController } from './get-case/get-case.controller';
import { IssueInitialOpinionController } from './issue-initial-opinion/issue-initial-opinion.controller';
import { ListCasesController } from './list-cases/list-cases.controller';
import { PostPublicNoticeController } from './post-public-notice/post-public-notice.controller';
import { ProposeBenefitChangeController } from './propose-benefit-change/propose-benefit-change.controller';
import { RecordEvidenceLetterController } from './record-evidence-letter/record-evidence-letter.controller';
import { RecordHomeVisitController } from './record-home-visit/record-home-visit.controller';
import { RecordNeighbourhoodInquiryController } from './record-neighbourhood-inquiry/record-neighbourhood-inquiry.controller';
import { ResolveObjectionController } from './resolve-objection/resolve-objection.controller';
import { SubmitForDecisionController } from './submit-for-decision/submit-for-decision.controller';
import { FileAppealHandler } from './appeals/file-appeal.handler';
import { RecordAppealOutcomeHandler } from './appeals/record-appeal-outcome.handler';
import { ApproveEmergencyAdvanceHandler } from './approve-emergency-advance/approve-emergency-advance.handler';
import { DecideBenefitChangeHandler } from './decide-benefit-change/decide-benefit-change.handler';
import { DecideCaseHandler } from './decide-case/decide-case.handler';
import { ExtendDeadlineHandler } from './extend-deadline/extend-deadline.handler';
import { FileObjectionHandler } from './file-objection/file-objection.handler';
import { GetCaseHandler, GetCaseEventsHandler } from './get-case/get-case.handler';
import { IssueInitialOpinionHandler } from './issue-initial-opinion/issue-initial-opinion.handler';
import { ListCasesHandler, ListDueSoonHandler, ListOverdueHandler, ListCalendarMissingHandler } from './list-cases/list-cases.handler';
import { PostPublicNoticeHandler } from './post-public-notice/post-public-notice.handler';
import { ProposeBenefitChangeHandler } from './propose-benefit-change/propose-benefit-change.handler';
import { RecordEvidenceLetterHandler } from './record-evidence-letter/record-evidence-letter.handler';
import { RecordHomeVisitHandler } from './record-home-visit/record-home-visit.handler';
import { RecordNeighbourhoodInquiryHandler } from './record-neighbourhood-inquiry/record-neighbourhood-inquiry.handler';
import { ResolveObjectionHandler } from './resolve-objection/resolve-objection.handler';
import { SubmitForDecisionHandler } from './submit-for-decision/submit-for-decision.handler';

/**
 * The review-case use cases (审核确认), one folder each: `<use-case>.controller.ts` (HTTP only: route,
 * roles, `@CommandRoute` / `@CaseRead`, DTO in, `commandBus.execute` / `queryBus.execute` out) and
 * `<use-case>.handler.ts` (`@CommandHandler` / `@QueryHandler`: the command class and what the use
 * case does — load the case as the caller may see it, resolve the policy in force when the command
 * needs one, hand `{ type, data }` to the review-case pipeline, which adds `metadata: { actor, now }`).
 * Opening a case, receiving verification facts and change requests come from Kafka (messaging/).
 */
@Module({
  imports: [CqrsModule, ReadModelsModule],
  controllers: [
    ListCasesController,
    GetCaseController,
    RecordHomeVisitController,
    RecordNeighbourhoodInquiryController,
    RecordEvidenceLetterController,
    IssueInitialOpinionController,
    PostPublicNoticeController,
    FileObjectionController,
    ResolveObjectionController,
    ExtendDeadlineController,
    SubmitForDecisionController,
    DecideCaseController,
    ProposeBenefitChangeController,
    ApproveEmergencyAdvanceController,
    DecideBenefitChangeController,
    FileAppealController,
    RecordAppealOutcomeController,
  ],
  providers: [
    FileAppealHandler,
    RecordAppealOutcomeHandler,
    ApproveEmergencyAdvanceHandler,
    DecideBenefitChangeHandler,
    DecideCaseHandler,
    ExtendDeadlineHandler,
    FileObjectionHandler,
    GetCaseHandler,
    GetCaseEventsHandler,
    IssueInitialOpinionHandler,
    ListCasesHandler,
    ListDueSoonHandler,
    ListOverdueHandler,
    ListCalendarMissingHandler,
    PostPublicNoticeHandler,
    ProposeBenefitChangeHandler,
    RecordEvidenceLetterHandler,
    RecordHomeVisitHandler,
    RecordNeighbourhoodInquiryHandler,
    ResolveObjectionHandler,
    SubmitForDecisionHandler,
  ],
})
export class ReviewCasesModule {}
