import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@sa/eventstore';
import { paymentRunStreamId } from '../domain';

/** The events of a run stream that issue payments: everything recorded after the file, the confirmation and reissues, follows them. */
const ISSUING_TYPES = new Set(['PaymentBatchIssued', 'PaymentIssued', 'PaymentBatchProcessed']);

/**
 * The newest event of a run recorded after its payments (bank file, confirmation, returns, reissues,
 * completion) that matches `predicate`, read backwards in small pages and never past the last
 * batch: a million-payment run is not re-read to find its bank file's digest or a retried command.
 */
export async function findAfterIssuing(store: EventStore, runId: string, predicate: (e: RecordedEvent) => boolean): Promise<RecordedEvent | null> {
  const stream = paymentRunStreamId(runId);
  const page = 20;
  let from: number | 'end' = 'end';
  for (;;) {
    let events: RecordedEvent[];
    try {
      events = await store.readStream(stream, { direction: 'backwards', fromRevision: from, maxCount: page });
    } catch (err) {
      if (err instanceof StreamNotFoundError) return null;
      throw err;
    }
    for (const e of events) {
      if (ISSUING_TYPES.has(e.type)) return null;
      if (predicate(e)) return e;
    }
    if (events.length < page) return null;
    from = events[events.length - 1]!.revision - 1;
    if (from < 0) return null;
  }
}
