import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { CaseImportService, type SpooledLedger } from './case-import.service';

/** A ledger file already spooled to disk (size and SHA-256 known) by the controller. */
export class ImportCaseloadCommand {
  constructor(
    readonly ledger: SpooledLedger,
    readonly fileName: string,
    readonly actor: Actor,
  ) {}
}

/** Caseload import (存量台账迁入): every row validated, each household a case starting with CaseMigrated. */
@CommandHandler(ImportCaseloadCommand)
export class ImportCaseloadHandler implements ICommandHandler<ImportCaseloadCommand> {
  constructor(private readonly imports: CaseImportService) {}

  async execute({ ledger, fileName, actor }: ImportCaseloadCommand) {
    return this.imports.import(ledger, fileName, actor);
  }
}
