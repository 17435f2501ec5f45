import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseImportService } from './case-import.service';
import { CaseImportsController } from './case-imports.controller';
import { ImportCaseloadHandler } from './case-imports.handler';

/** Caseload import from an office's existing ledger (存量台账迁入): controller (spools the file) → CommandBus → handler. */
@Module({ imports: [CqrsModule], controllers: [CaseImportsController], providers: [CaseImportService, ImportCaseloadHandler] })
export class CaseImportsModule {}
