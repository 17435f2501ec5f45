import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FieldEncryptor } from '@sa/crypto';
import { FIELD_ENCRYPTOR, projectionProcessorProvider } from '@sa/platform';
import type { EligibilityConfig } from '../config';
import { eligibilityProjections } from './review-case.processor';
import { ReviewCaseQueries } from './review-case-queries';
import { ReviewCaseRow } from './review-case-row.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ReviewCaseRow])],
  providers: [
    projectionProcessorProvider<EligibilityConfig>({
      schema: (c) => c.DATABASE_SCHEMA,
      enabled: (c) => c.ELIGIBILITY_PROJECTIONS_ENABLED,
      projections: (c, fields: FieldEncryptor | null) => eligibilityProjections(c.DATABASE_SCHEMA, fields),
      inject: [FIELD_ENCRYPTOR],
      logContext: 'ReviewCaseProjection',
    }),
    ReviewCaseQueries,
  ],
  exports: [ReviewCaseQueries],
})
export class ReadModelsModule {}
