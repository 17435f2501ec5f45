import { Module } from '@nestjs/common';
import { CaseImportService } from './case-import.service';
import { CaseImportsController } from './case-imports.controller';

/** Caseload import from an office's existing ledger (存量台账迁入). */
@Module({ controllers: [CaseImportsController], providers: [CaseImportService] })
export class CaseImportsModule {}
