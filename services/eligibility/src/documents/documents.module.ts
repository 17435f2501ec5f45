import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReviewCaseRow } from '../read-models/review-case-row.entity';
import { EligibilityDocumentsController } from './documents.controller';

/** Printable documents (审批决定书, 变更/停发通知书, 公示名单) built from the review case's events. */
@Module({
  imports: [TypeOrmModule.forFeature([ReviewCaseRow])],
  controllers: [EligibilityDocumentsController],
})
export class EligibilityDocumentsModule {}
