import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { recordIssuedDocument, type DocumentIssuedData, type NoticeDocument, type RenderedDocument } from '@sa/documents';
import { EVENT_STORE, type CommandMetadata, type EventStore } from '@sa/eventstore';

/**
 * Records that a rendered notice was issued: one `DocumentIssued` (kind, title, reference, sha256,
 * size) on `document-<caseId>` of each case the notice is issued on, so a paper copy can be checked.
 * The one command shape: `{ type, data, metadata: { actor, now } }` — who printed it is
 * `metadata.actor`, when is `metadata.now` (the injected clock's instant, read by the caller).
 * Idempotent per (case, kind, digest): the event id derives from them, so printing the same notice
 * again records nothing new (`@sa/documents` `recordIssuedDocument`).
 */
export class RecordDocumentIssuedCommand {
  readonly type = 'RecordDocumentIssued' as const;

  constructor(
    readonly data: { caseIds: readonly string[]; doc: NoticeDocument; rendered: RenderedDocument },
    readonly metadata: CommandMetadata,
  ) {}
}

@CommandHandler(RecordDocumentIssuedCommand)
export class RecordDocumentIssuedHandler implements ICommandHandler<RecordDocumentIssuedCommand, DocumentIssuedData[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ data: { caseIds, doc, rendered }, metadata: { actor, now } }: RecordDocumentIssuedCommand): Promise<DocumentIssuedData[]> {
    const issued: DocumentIssuedData[] = [];
    for (const caseId of caseIds) {
      issued.push(await recordIssuedDocument(this.store, { caseId, doc, rendered, actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, occurredAt: now }));
    }
    return issued;
  }
}
