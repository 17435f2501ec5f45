import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReviewCaseProjectionRunner } from './projection-runner';
import { ReviewCaseQueries } from './review-case-queries';
import { ProjectionCheckpointRow, ReviewCaseRow } from './review-case-row.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ReviewCaseRow, ProjectionCheckpointRow])],
  providers: [ReviewCaseProjectionRunner, ReviewCaseQueries],
  exports: [ReviewCaseProjectionRunner, ReviewCaseQueries],
})
export class ReadModelsModule {}
