import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import type { FeedKind } from '../domain';
import { DataFeedImporter, type DataFeedImportResult } from './data-feed-importer';

export class ImportDataFeedCommand {
  constructor(
    readonly jurisdiction: string,
    readonly kind: FeedKind,
    readonly fileName: string,
    readonly bytes: Buffer,
    readonly actor: Actor,
  ) {}
}

/** 数据比对: check the file, match it by resident-ID blind index, raise one DataAlert per match (`DataFeedImporter`). */
@CommandHandler(ImportDataFeedCommand)
export class ImportDataFeedHandler implements ICommandHandler<ImportDataFeedCommand> {
  constructor(@Inject(DataFeedImporter) private readonly importer: DataFeedImporter) {}

  execute({ jurisdiction, kind, fileName, bytes, actor }: ImportDataFeedCommand): Promise<DataFeedImportResult> {
    return this.importer.import({ kind, fileName, bytes, jurisdiction, actor });
  }
}
