import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM as ES_NO_STREAM,
  START as ES_START,
  StreamNotFoundError as EsStreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as EsRecordedEvent,
  type StreamMetadata as EsStreamMetadata,
} from '@eventstore/db-client';
import {
  START,
  IdempotencyConflictError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  comparePositions,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
  type Subscription,
} from '../port';
import { computeEventHash, toPlainJson } from '../hash-chain';
import { decideAppend, matchesFilter, prepareBatch, validateExpectedRevision, validateStreamId } from '../append-rules';

/**
 * Keys this adapter adds to the EventStoreDB event metadata next to the port metadata, and strips on read.
 * `$correlationId` / `$causationId` are EventStoreDB's own conventions (used by its system projections).
 */
export const ESDB_CHAIN_KEYS = ['$prevHash', '$hash', '$schemaVersion', '$correlationId', '$causationId'] as const;

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. Ignored when `client` is given. */
  connectionString?: string;
  client?: EventStoreDBClient;
  /** Internal retries of `any` / `stream_exists` appends that lose the race for the stream head. Default 20. */
  maxAppendAttempts?: number;
  /** Page size of readAll. Default 500. */
  pageSize?: number;
}

interface Head {
  revision: number;
  hash: string | null;
}

type FoundMap = Map<string, { revision: number; position: GlobalPosition }>;

function isSystemEvent(ev: { streamId: string; type: string }): boolean {
  return ev.type.startsWith('$') || ev.streamId.startsWith('$');
}

function toGlobalPosition(p: Position | undefined): GlobalPosition {
  return p ? { commit: p.commit, prepare: p.prepare } : START;
}

/** Maps an EventStoreDB recorded event to the port shape, stripping the chain keys from the metadata. */
export function fromEsdbEvent(ev: EsRecordedEvent, fallbackCommit?: bigint): RecordedEvent {
  const raw = (ev.metadata && typeof ev.metadata === 'object' && !(ev.metadata instanceof Uint8Array)
    ? { ...(ev.metadata as Record<string, unknown>) }
    : {}) as Record<string, unknown>;
  const prevHash = typeof raw.$prevHash === 'string' ? raw.$prevHash : null;
  const hash = typeof raw.$hash === 'string' ? raw.$hash : '';
  const schemaVersion = typeof raw.$schemaVersion === 'number' ? raw.$schemaVersion : 1;
  for (const k of ESDB_CHAIN_KEYS) delete raw[k];
  const position =
    ev.position ?? (fallbackCommit !== undefined ? { commit: fallbackCommit, prepare: fallbackCommit } : undefined);
  return {
    streamId: ev.streamId,
    revision: Number(ev.revision),
    eventId: ev.id.toLowerCase(),
    type: ev.type,
    schemaVersion,
    data: ev.data,
    metadata: raw as EventMetadata,
    position: toGlobalPosition(position),
    recordedAt: ev.created,
    prevHash,
    hash,
  };
}

function serverFilter(filter: EventFilter | undefined): Filter {
  // EventStoreDB filters on one thing at a time: stream-name prefix for categories (`<category>-`),
  // else event-type prefix. Whatever is left is filtered client-side (matchesFilter), as are system events.
  if (filter?.streamCategories && filter.streamCategories.length > 0) {
    return streamNameFilter({ prefixes: filter.streamCategories.map((c) => `${c}-`) });
  }
  if (filter?.eventTypePrefixes && filter.eventTypePrefixes.length > 0) {
    return eventTypeFilter({ prefixes: filter.eventTypePrefixes });
  }
  return excludeSystemEvents();
}

function toEsRevision(from: number | 'start' | 'end'): ReadRevision {
  if (from === 'start') return ES_START;
  if (from === 'end') return END;
  return BigInt(from);
}

/**
 * EventStoreDB adapter (production default). Expected revisions, idempotency and stream metadata map to
 * EventStoreDB's own; the hash chain needs the previous hash, so every append reads the stream's last
 * event and appends with that exact revision (retrying internally when the caller said any /
 * stream_exists). `prevHash`, `hash` and `schemaVersion` travel in the EventStoreDB event metadata.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly adapter = 'eventstoredb' as const;
  readonly client: EventStoreDBClient;
  private readonly maxAppendAttempts: number;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<EsdbSubscription>();

  constructor(options: EventStoreDbEventStoreOptions) {
    if (options.client) this.client = options.client;
    else if (options.connectionString) this.client = EventStoreDBClient.connectionString(options.connectionString);
    else throw new TypeError('EventStoreDbEventStore needs a connectionString or a client');
    this.maxAppendAttempts = options.maxAppendAttempts ?? 20;
    this.pageSize = options.pageSize ?? 500;
  }

  static fromConnectionString(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore({ connectionString });
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    validateStreamId(streamId);
    const expected: ExpectedRevision = options.expectedRevision ?? 'any';
    validateExpectedRevision(expected);
    const ids = prepareBatch(streamId, events);
    const prepared = events.map((e, i) => ({
      id: ids[i]!,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: toPlainJson(e.data, `events[${i}].data`),
      metadata: toPlainJson(e.metadata, `events[${i}].metadata`) as EventMetadata,
    }));

    for (let attempt = 1; ; attempt++) {
      const head = await this.readHead(streamId);
      const found = await this.findExisting(streamId, expected, head, ids);
      const decision = decideAppend({
        expected,
        current: head.revision,
        eventIds: ids,
        found: new Map([...found].map(([id, f]) => [id, f.revision])),
      });
      switch (decision.kind) {
        case 'idempotent':
          return {
            nextExpectedRevision: decision.lastRevision,
            position: found.get(ids[ids.length - 1]!)!.position,
            written: false,
          };
        case 'conflict':
          throw new IdempotencyConflictError(streamId, decision.detail);
        case 'wrong_revision':
          throw new WrongExpectedRevisionError(streamId, expected, head.revision < 0 ? 'no_stream' : head.revision);
        case 'write':
          break;
      }
      if (prepared.length === 0) return { nextExpectedRevision: head.revision, position: START, written: false };

      let prevHash = head.revision < 0 ? null : head.hash;
      const esEvents = prepared.map((e, i) => {
        const revision = head.revision + 1 + i;
        const hash = computeEventHash({
          prevHash,
          streamId,
          revision,
          eventId: e.id,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
          metadata: e.metadata,
        });
        const metadata: Record<string, unknown> = {
          ...e.metadata,
          $prevHash: prevHash,
          $hash: hash,
          $schemaVersion: e.schemaVersion,
        };
        if (typeof e.metadata.correlationId === 'string') metadata.$correlationId = e.metadata.correlationId;
        if (typeof e.metadata.causationId === 'string') metadata.$causationId = e.metadata.causationId;
        prevHash = hash;
        return jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata });
      });
      const esExpected: AppendExpectedRevision = head.revision < 0 ? ES_NO_STREAM : BigInt(head.revision);
      try {
        const res = await this.client.appendToStream(streamId, esEvents, { expectedRevision: esExpected });
        return {
          nextExpectedRevision: Number(res.nextExpectedRevision),
          position: toGlobalPosition(res.position),
          written: true,
        };
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError)) throw err;
        // Somebody appended between our read of the head and our append. Re-read and decide again:
        // an exact expectation then fails (or turns out idempotent); any / stream_exists retries.
        if (attempt >= this.maxAppendAttempts) {
          const actual = typeof err.actualVersion === 'bigint' ? Number(err.actualVersion) : 'no_stream';
          throw new WrongExpectedRevisionError(streamId, expected, actual);
        }
      }
    }
  }

  private async readHead(streamId: string): Promise<Head> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) {
          const ev = fromEsdbEvent(resolved.event, resolved.commitPosition);
          return { revision: ev.revision, hash: ev.hash || null };
        }
      }
      return { revision: -1, hash: null };
    } catch (err) {
      if (err instanceof EsStreamNotFoundError) return { revision: -1, hash: null };
      throw err;
    }
  }

  /**
   * Where the batch's ids already are in the stream. Exact / no_stream: only the implied revisions are
   * looked at (as EventStoreDB does). any / stream_exists: the stream is scanned backwards (EventStoreDB
   * itself only checks a bounded cache of recent writes here; we want the same answer as PostgreSQL).
   */
  private async findExisting(streamId: string, expected: ExpectedRevision, head: Head, ids: string[]): Promise<FoundMap> {
    const found: FoundMap = new Map();
    if (ids.length === 0 || head.revision < 0) return found;
    const wanted = new Set(ids);
    if (typeof expected === 'number' || expected === 'no_stream') {
      const start = expected === 'no_stream' ? 0 : expected + 1;
      if (head.revision < start) return found;
      for (const ev of await this.readRaw(streamId, FORWARDS, BigInt(start), ids.length)) {
        if (wanted.has(ev.eventId)) found.set(ev.eventId, { revision: ev.revision, position: ev.position });
      }
      return found;
    }
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END })) {
        if (!resolved.event) continue;
        const id = resolved.event.id.toLowerCase();
        if (wanted.has(id)) {
          const ev = fromEsdbEvent(resolved.event, resolved.commitPosition);
          found.set(id, { revision: ev.revision, position: ev.position });
          if (found.size === wanted.size) break;
        }
      }
    } catch (err) {
      if (!(err instanceof EsStreamNotFoundError)) throw err;
    }
    return found;
  }

  private async readRaw(
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: ReadRevision,
    maxCount?: number,
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction,
        fromRevision,
        ...(maxCount !== undefined ? { maxCount } : {}),
      })) {
        if (resolved.event) out.push(fromEsdbEvent(resolved.event, resolved.commitPosition));
      }
    } catch (err) {
      if (err instanceof EsStreamNotFoundError) throw new StreamNotFoundError(streamId);
      throw err;
    }
    return out;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    if (options.maxCount === 0) {
      const head = await this.readHead(streamId);
      if (head.revision < 0) throw new StreamNotFoundError(streamId);
      return [];
    }
    const events = await this.readRaw(
      streamId,
      direction === 'forwards' ? FORWARDS : BACKWARDS,
      toEsRevision(from),
      options.maxCount,
    );
    if (events.length === 0) {
      // EventStoreDB answers an empty page for an existing stream read past its end: tell the two apart.
      const head = await this.readHead(streamId);
      if (head.revision < 0) throw new StreamNotFoundError(streamId);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    const out: RecordedEvent[] = [];
    if (max <= 0) return out;
    let after: GlobalPosition | undefined = options.after && options.after.commit >= 0n ? options.after : undefined;
    for (;;) {
      const fromPosition: ReadPosition = after ? { commit: after.commit, prepare: after.prepare } : ES_START;
      let seen = 0;
      for await (const resolved of this.client.readAll({ fromPosition, maxCount: this.pageSize, direction: FORWARDS })) {
        seen += 1;
        const raw = resolved.event;
        if (!raw) continue;
        const ev = fromEsdbEvent(raw, resolved.commitPosition);
        // readAll's fromPosition is inclusive; the port's `after` is exclusive.
        if (after && comparePositions(ev.position, after) <= 0) continue;
        after = ev.position;
        if (isSystemEvent(ev) || !matchesFilter(ev, options.filter)) continue;
        out.push(ev);
        if (out.length >= max) return out;
      }
      if (seen < this.pageSize) return out;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const after = options.after && options.after.commit >= 0n ? options.after : undefined;
    const sub = new EsdbSubscription(
      () =>
        this.client.subscribeToAll({
          fromPosition: after ? { commit: after.commit, prepare: after.prepare } : ES_START,
          filter: serverFilter(options.filter),
          resolveLinkTos: false,
        }),
      after,
      options.filter,
      options.signal,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(sub);
    return sub;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    validateStreamId(streamId);
    const plain = toPlainJson(metadata, 'metadata') as EsStreamMetadata;
    await this.client.setStreamMetadata(streamId, plain);
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    validateStreamId(streamId);
    const res = await this.client.getStreamMetadata(streamId);
    const out: StreamMetadata = {};
    for (const [k, v] of Object.entries(res.metadata ?? {})) if (v !== undefined) out[k] = v;
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }
}

class EsdbSubscription implements Subscription {
  private inner: AllStreamSubscription | undefined;
  private closed = false;
  private iterator: AsyncGenerator<RecordedEvent, void, undefined> | undefined;
  private readonly onAbort = (): void => {
    void this.close();
  };

  constructor(
    private readonly open: () => AllStreamSubscription,
    private readonly after: GlobalPosition | undefined,
    private readonly filter: EventFilter | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly onClose: (s: EsdbSubscription) => void,
  ) {
    if (signal?.aborted) this.closed = true;
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (!this.iterator) this.iterator = this.run();
    return this.iterator;
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    if (this.closed) return;
    this.inner = this.open();
    try {
      for await (const resolved of this.inner) {
        if (this.closed) return;
        const raw = resolved.event;
        if (!raw) continue;
        const ev = fromEsdbEvent(raw, resolved.commitPosition);
        if (this.after && comparePositions(ev.position, this.after) <= 0) continue;
        if (isSystemEvent(ev) || !matchesFilter(ev, this.filter)) continue;
        yield ev;
      }
    } catch (err) {
      if (!this.closed) throw err;
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed && !this.inner) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.onClose(this);
    const inner = this.inner;
    this.inner = undefined;
    if (inner) await inner.unsubscribe().catch(() => undefined);
  }
}
