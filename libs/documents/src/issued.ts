import { uuidV5, EVENT_ID_NAMESPACE, type ActorRef, type EventStore } from '@sa/eventstore';
import type { NoticeDocument, RenderedDocument } from './render';

/** Stream category of issued documents: `document-<caseId>`, outside every relay's categories. */
export const DOCUMENT_CATEGORY = 'document';
export const documentStreamId = (caseId: string): string => `${DOCUMENT_CATEGORY}-${caseId}`;

export interface DocumentIssuedData {
  caseId: string;
  kind: string;
  title: string;
  reference: string;
  issuedOn: string;
  /** sha256 hex of the PDF bytes. */
  digest: string;
  sizeBytes: number;
}

/**
 * Records an issued document with its digest. Idempotent: the event id derives from (case, kind,
 * digest), so printing the same notice again records nothing new.
 */
export async function recordIssuedDocument(store: EventStore, args: { caseId: string; doc: NoticeDocument; rendered: RenderedDocument; actor: ActorRef; occurredAt: string }): Promise<DocumentIssuedData> {
  const data: DocumentIssuedData = {
    caseId: args.caseId,
    kind: args.doc.kind,
    title: args.doc.title,
    reference: args.doc.reference,
    issuedOn: args.doc.issuedOn,
    digest: args.rendered.digest,
    sizeBytes: args.rendered.pdf.length,
  };
  const eventId = uuidV5(`document/${args.caseId}/${args.doc.kind}/${args.rendered.digest}`, EVENT_ID_NAMESPACE);
  await store.appendToStream(
    documentStreamId(args.caseId),
    [{ eventId, type: 'DocumentIssued', schemaVersion: 1, data, metadata: { correlationId: args.caseId, causationId: eventId, actor: args.actor, occurredAt: args.occurredAt } }],
    { expectedRevision: 'any' },
  );
  return data;
}
