import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReviewCaseRow } from '../read-models/review-case-row.entity';
import {
  GetBenefitChangeLetterHandler,
  GetCollectiveDecisionResultsHandler,
  GetDecisionLetterHandler,
  GetPublicNoticeListHandler,
  ListIssuedDocumentsHandler,
} from './document-queries.handler';
import { EligibilityDocumentsController } from './documents.controller';
import { RecordDocumentIssuedHandler } from './record-document-issued.handler';

/**
 * Printable documents (审批决定书, 变更/停发通知书, 公示名单, 一事一议 结果公示) built from the review case's
 * events: controller → QueryBus (render: pure over the events) → CommandBus (`RecordDocumentIssuedCommand`).
 */
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([ReviewCaseRow])],
  controllers: [EligibilityDocumentsController],
  providers: [GetDecisionLetterHandler, GetBenefitChangeLetterHandler, GetPublicNoticeListHandler, GetCollectiveDecisionResultsHandler, ListIssuedDocumentsHandler, RecordDocumentIssuedHandler],
})
export class EligibilityDocumentsModule {}
