import type { EventFilter, ExpectedRevision, NewEvent } from './port';
import { IdempotencyConflictError, streamCategory } from './port';
import { normalizeEventId, validateNewEvent } from './envelope';

/**
 * The append decision shared by both adapters, following EventStoreDB's rules
 * (IndexWriter.CheckCommit):
 *
 * 1. No event id of the batch is in the stream → plain optimistic-concurrency check.
 * 2. Every event is already in the stream at the revisions the expected revision implies
 *    (exact n → n+1…; no_stream → 0…; any / stream_exists → consecutive from wherever the first one is)
 *    → idempotent success, nothing written.
 * 3. The first event is at its implied place but not all the others → IdempotencyConflictError.
 * 4. Otherwise (ids of the batch are in the stream somewhere else): if the expected revision does not
 *    match → WrongExpectedRevisionError, else IdempotencyConflictError (the store refuses to record
 *    one event id twice in a stream).
 *
 * `current` is the revision of the last event of the stream, -1 when it has no events.
 */
export type AppendDecision =
  | { kind: 'write' }
  | { kind: 'idempotent'; firstRevision: number; lastRevision: number }
  | { kind: 'conflict'; detail: string }
  | { kind: 'wrong_revision' };

export function expectedRevisionMatches(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}

export function decideAppend(args: {
  expected: ExpectedRevision;
  current: number;
  eventIds: readonly string[];
  /** Event id → revision, for the ids of the batch already in this stream (those the adapter knows of). */
  found: ReadonlyMap<string, number>;
}): AppendDecision {
  const { expected, current, eventIds, found } = args;
  const matches = expectedRevisionMatches(expected, current);
  if (eventIds.length === 0 || found.size === 0) return matches ? { kind: 'write' } : { kind: 'wrong_revision' };

  let start: number | undefined;
  if (typeof expected === 'number') start = expected + 1;
  else if (expected === 'no_stream') start = 0;
  else start = found.get(eventIds[0]!);

  if (start !== undefined) {
    const s = start;
    if (eventIds.every((id, i) => found.get(id) === s + i)) {
      return { kind: 'idempotent', firstRevision: s, lastRevision: s + eventIds.length - 1 };
    }
    if (found.get(eventIds[0]!) === s) {
      const missing = eventIds.filter((id, i) => found.get(id) !== s + i);
      return {
        kind: 'conflict',
        detail: `the first event is already recorded at revision ${s} but not all of the batch (${missing.join(', ')})`,
      };
    }
  }
  if (!matches) return { kind: 'wrong_revision' };
  const elsewhere = [...found.entries()].map(([id, rev]) => `${id}@${rev}`);
  return { kind: 'conflict', detail: `event ids already recorded in this stream at other revisions: ${elsewhere.join(', ')}` };
}

export function validateExpectedRevision(expected: ExpectedRevision): void {
  if (typeof expected === 'number') {
    if (!Number.isSafeInteger(expected) || expected < 0) {
      throw new TypeError(`expectedRevision must be a non-negative integer, 'any', 'no_stream' or 'stream_exists'`);
    }
    return;
  }
  if (expected !== 'any' && expected !== 'no_stream' && expected !== 'stream_exists') {
    throw new TypeError(`Unknown expectedRevision ${String(expected)}`);
  }
}

export function validateStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId is required');
  if (streamId.startsWith('$')) throw new TypeError(`streamId must not start with '$' (reserved for system streams)`);
}

/** Validates the batch and returns the normalised (lower-case) event ids; rejects duplicate ids. */
export function prepareBatch(streamId: string, events: readonly NewEvent[]): string[] {
  if (!Array.isArray(events)) throw new TypeError('events must be an array');
  const ids = events.map((e, i) => {
    validateNewEvent(e, i);
    return normalizeEventId(e.eventId);
  });
  if (new Set(ids).size !== ids.length) {
    throw new IdempotencyConflictError(streamId, 'the batch contains the same event id twice');
  }
  return ids;
}

export function matchesFilter(event: { streamId: string; type: string }, filter?: EventFilter): boolean {
  if (!filter) return true;
  if (filter.streamCategories && !filter.streamCategories.includes(streamCategory(event.streamId))) return false;
  if (filter.eventTypePrefixes && !filter.eventTypePrefixes.some((p) => event.type.startsWith(p))) return false;
  return true;
}

/**
 * Validates an `appendBatch` call (shared by the adapters): an array of items, each a valid append, no
 * stream twice. Returns each item's expected revision (default 'any') and normalised event ids.
 */
export function prepareBatchItems(
  items: ReadonlyArray<{ streamId: string; events: readonly NewEvent[]; expectedRevision?: ExpectedRevision }>,
): Array<{ expected: ExpectedRevision; ids: string[] }> {
  if (!Array.isArray(items)) throw new TypeError('items must be an array');
  const seen = new Set<string>();
  return items.map((item, i) => {
    if (!item || typeof item !== 'object') throw new TypeError(`items[${i}] must be an object`);
    validateStreamId(item.streamId);
    if (seen.has(item.streamId)) {
      throw new TypeError(`items[${i}].streamId: stream ${item.streamId} appears twice in one batch (put its events in one item)`);
    }
    seen.add(item.streamId);
    const expected: ExpectedRevision = item.expectedRevision ?? 'any';
    validateExpectedRevision(expected);
    return { expected, ids: prepareBatch(item.streamId, item.events) };
  });
}
