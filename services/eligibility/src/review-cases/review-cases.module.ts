import { Module } from '@nestjs/common';
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
import { CaseCommandGateway } from './shared/case-command-gateway';
import { SubmitForDecisionController } from './submit-for-decision/submit-for-decision.controller';

/**
 * The review-case use cases (审核确认), one folder each. Opening a case, receiving verification
 * facts and change requests come from Kafka (messaging/); the rest are these routes.
 */
@Module({
  imports: [ReadModelsModule],
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
  providers: [CaseCommandGateway],
})
export class ReviewCasesModule {}
