import {
  AccessDeniedError as EsAccessDeniedError,
  BACKWARDS,
  CancelledError as EsCancelledError,
  DeadlineExceededError as EsDeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError as EsMaxAppendSizeExceededError,
  NO_STREAM as ES_NO_STREAM,
  START as ES_START,
  StreamDeletedError as EsStreamDeletedError,
  StreamNotFoundError as EsStreamNotFoundError,
  TimeoutError as EsTimeoutError,
  UnavailableError as EsUnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult as EsAppendResult,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as EsRecordedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  START,
  AppendOutcomeUnknownError,
  AppendTooLargeError,
  EventStoreAccessDeniedError,
  EventStoreTimeoutError,
  IdempotencyConflictError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  comparePositions,
  type AppendOptions,
  type AppendResult,
  type BatchAppendItem,
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
import { decideAppend, matchesFilter, prepareBatch, prepareBatchItems, validateExpectedRevision, validateStreamId } from '../append-rules';

/**
 * The one EventStoreDB event-metadata key this adapter owns: `{ prevHash, hash, schemaVersion }`.
 * Caller metadata keys starting with '$' are refused by validateNewEvent (both adapters), so caller
 * metadata can never collide with it.
 */
export const ESDB_CHAIN_KEY = '$sa';
/**
 * EventStoreDB's own conventions, written next to the chain key so that its system projections
 * ($by_correlation_id) work; copies of the port metadata's correlationId / causationId, stripped on read.
 */
export const ESDB_CONVENTION_KEYS = ['$correlationId', '$causationId'] as const;
/**
 * The one EventStoreDB stream-metadata key the port's stream metadata lives under. The port's
 * `truncateBefore` is a logical marker honoured by this adapter's reads, never the server's `$tb`
 * (which the next scavenge would turn into deleted audit events); keys such as `maxAge`, `maxCount`,
 * `acl`, `cacheControl` are plain data inside it and never reach the server as directives.
 */
export const ESDB_STREAM_METADATA_KEY = 'saPort';

/** EventStoreDB's default `MaxAppendSize` (1 MiB). */
export const ESDB_DEFAULT_MAX_APPEND_BYTES = 1_048_576;

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. Ignored when `client` is given. */
  connectionString?: string;
  client?: EventStoreDBClient;
  /**
   * The deployment's namespace on a shared server (EVENTSTORE_SCHEMA): every port stream `s` is the
   * server stream `<prefix>.<s>`, and `$all` reads and subscriptions only see this prefix. Letters,
   * digits and '_' only. Empty: no prefix (a server used by this deployment alone).
   */
  streamPrefix?: string;
  /**
   * Time budget of an append that loses the race for the stream head (any / stream_exists; exact
   * expectations fail at once). Retries back off with jitter inside the budget. Default 10 s.
   */
  appendRetryBudgetMs?: number;
  /** Deadline of every single server call (append, read page, metadata). Default 10 s. */
  deadlineMs?: number;
  /** Refuse a batch above this many bytes (data + metadata, UTF-8 JSON) before sending it. Default 1 MiB. */
  maxAppendBytes?: number;
  /** Page size of readAll. Default 500. */
  pageSize?: number;
}

interface Head {
  revision: number;
  hash: string | null;
}

type FoundMap = Map<string, { revision: number; position: GlobalPosition }>;

function toGlobalPosition(p: Position | undefined): GlobalPosition {
  return p ? { commit: p.commit, prepare: p.prepare } : START;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Full jitter: a random delay in [0, min(cap, base·2^attempt)]. */
export function backoffDelayMs(attempt: number, baseMs = 5, capMs = 250, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.floor(random() * ceiling);
}

interface ChainFields {
  prevHash?: unknown;
  hash?: unknown;
  schemaVersion?: unknown;
}

/**
 * Maps an EventStoreDB recorded event to the port shape: the chain key and EventStoreDB's convention
 * keys are stripped, `prefix` is removed from the stream name.
 */
export function fromEsdbEvent(ev: EsRecordedEvent, fallbackCommit?: bigint, prefix = ''): RecordedEvent {
  const raw = (ev.metadata && typeof ev.metadata === 'object' && !(ev.metadata instanceof Uint8Array)
    ? { ...(ev.metadata as Record<string, unknown>) }
    : {}) as Record<string, unknown>;
  const chain = (raw[ESDB_CHAIN_KEY] && typeof raw[ESDB_CHAIN_KEY] === 'object' ? raw[ESDB_CHAIN_KEY] : {}) as ChainFields;
  const prevHash = typeof chain.prevHash === 'string' ? chain.prevHash : null;
  const hash = typeof chain.hash === 'string' ? chain.hash : '';
  const schemaVersion = typeof chain.schemaVersion === 'number' ? chain.schemaVersion : 1;
  delete raw[ESDB_CHAIN_KEY];
  for (const k of ESDB_CONVENTION_KEYS) delete raw[k];
  const position =
    ev.position ?? (fallbackCommit !== undefined ? { commit: fallbackCommit, prepare: fallbackCommit } : undefined);
  return {
    streamId: prefix && ev.streamId.startsWith(prefix) ? ev.streamId.slice(prefix.length) : ev.streamId,
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

/**
 * The server-side `$all` filter: the deployment prefix (or the prefix plus each category), else
 * "no system events". Event-type prefixes are filtered client-side (EventStoreDB filters on one thing).
 */
export function serverFilter(filter: EventFilter | undefined, prefix: string): Filter {
  if (filter?.streamCategories && filter.streamCategories.length > 0) {
    return streamNameFilter({ prefixes: filter.streamCategories.map((c) => `${prefix}${c}-`) });
  }
  if (prefix) return streamNameFilter({ prefixes: [prefix] });
  return excludeSystemEvents();
}

/**
 * An `appendBatch` over several streams failed after some of its streams were appended (EventStoreDB has
 * no multi-stream transaction in client 6): a concurrent writer moved a stream between the batch's check
 * and its append. `written` names the streams appended; retrying the same batch (same event ids) writes
 * nothing twice: those answer `written: false` and the rest is decided again.
 */
export class BatchPartiallyWrittenError extends Error {
  constructor(
    readonly written: string[],
    override readonly cause: unknown,
  ) {
    super(
      `appendBatch: ${written.length} stream(s) appended before a failure (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'retry the same batch to complete it',
    );
    this.name = 'BatchPartiallyWrittenError';
  }
}

/** The deadline ran out before the server answered (the call has been cancelled where possible). */
class ClientDeadlineError extends Error {
  constructor(operation: string, ms: number) {
    super(`${operation}: no answer within ${ms} ms`);
    this.name = 'ClientDeadlineError';
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, operation: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new EventStoreTimeoutError(operation, new ClientDeadlineError(operation, ms)));
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface Cancellable {
  cancel?: () => Promise<void>;
  readableEnded?: boolean;
}

/**
 * Iterates a streaming read, calling `visit` per item until it returns false, with a deadline on the
 * whole read. The v6 client gives reads (`readStream`, `readAll`, and `getStreamMetadata`, which reads)
 * an infinite gRPC deadline whatever `deadline` says (Client.callArguments with `{ deadline: Infinity }`),
 * so the deadline is enforced here: the read is cancelled and EventStoreTimeoutError thrown. A read
 * abandoned early (or failing) is cancelled too, so that its gRPC call does not stay open on the server.
 */
export async function iterateWithDeadline<T>(
  read: AsyncIterable<T> & Cancellable,
  ms: number,
  operation: string,
  streamId: string | undefined,
  visit: (item: T) => boolean,
): Promise<void> {
  const it = read[Symbol.asyncIterator]();
  const giveUpAt = Date.now() + ms;
  let finished = false;
  try {
    for (;;) {
      const left = giveUpAt - Date.now();
      if (left <= 0) throw new EventStoreTimeoutError(operation, new ClientDeadlineError(operation, ms));
      const r = await withDeadline(it.next(), left, streamId ? `${operation} ${streamId}` : operation);
      if (r.done) {
        finished = true;
        return;
      }
      if (!visit(r.value)) return;
    }
  } finally {
    if (!finished && !read.readableEnded) {
      if (read.cancel) await read.cancel().catch(() => undefined);
      void it.return?.()?.catch(() => undefined);
    }
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof EsDeadlineExceededError || err instanceof EsTimeoutError || err instanceof EsCancelledError;
}

/** Maps the client's errors to the port's (reads and metadata calls). */
function mapError(err: unknown, operation: string, streamId?: string): unknown {
  if (err instanceof EsStreamDeletedError && streamId !== undefined) return new StreamDeletedError(streamId);
  if (err instanceof EsAccessDeniedError) return new EventStoreAccessDeniedError(operation, streamId);
  if (isTimeout(err)) return new EventStoreTimeoutError(operation, err);
  return err;
}

function portMetadataOf(raw: Record<string, unknown> | undefined): StreamMetadata {
  const inner = raw?.[ESDB_STREAM_METADATA_KEY];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? { ...(inner as StreamMetadata) } : {};
}

function truncateBeforeOf(meta: StreamMetadata): number {
  const tb = meta.truncateBefore;
  return typeof tb === 'number' && Number.isSafeInteger(tb) && tb > 0 ? tb : 0;
}

/**
 * EventStoreDB adapter. Expected revisions, idempotency and stream metadata give the port's answers
 * (the same as the PostgreSQL adapter's); the hash chain needs the previous hash, so every append reads
 * the stream's last event from the leader and appends with that exact revision (retrying on a time
 * budget when the caller said any / stream_exists). `prevHash`, `hash` and `schemaVersion` travel under
 * one key of the EventStoreDB event metadata (ESDB_CHAIN_KEY).
 */
export class EventStoreDbEventStore implements EventStore {
  readonly adapter = 'eventstoredb' as const;
  readonly client: EventStoreDBClient;
  /** `<streamPrefix>.` or '' */
  readonly prefix: string;
  private readonly retryBudgetMs: number;
  private readonly deadlineMs: number;
  private readonly maxAppendBytes: number;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<EsdbSubscription>();

  constructor(options: EventStoreDbEventStoreOptions) {
    if (options.client) this.client = options.client;
    else if (options.connectionString) this.client = EventStoreDBClient.connectionString(options.connectionString);
    else throw new TypeError('EventStoreDbEventStore needs a connectionString or a client');
    const prefix = options.streamPrefix ?? '';
    if (prefix !== '' && !/^[A-Za-z0-9_]+$/.test(prefix)) {
      throw new TypeError(`streamPrefix must be letters, digits and '_' only, got ${JSON.stringify(prefix)}`);
    }
    this.prefix = prefix ? `${prefix}.` : '';
    this.retryBudgetMs = options.appendRetryBudgetMs ?? 10_000;
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.maxAppendBytes = options.maxAppendBytes ?? ESDB_DEFAULT_MAX_APPEND_BYTES;
    this.pageSize = Math.max(1, options.pageSize ?? 500);
  }

  static fromConnectionString(connectionString: string, streamPrefix?: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore({ connectionString, ...(streamPrefix !== undefined ? { streamPrefix } : {}) });
  }

  /** The server's name of a port stream. */
  serverStreamName(streamId: string): string {
    return `${this.prefix}${streamId}`;
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
    const name = this.serverStreamName(streamId);
    const giveUpAt = Date.now() + this.retryBudgetMs;
    // The revision the stream is known to have reached (from a conflict): reads must catch up with it.
    let atLeast = -1;

    for (let attempt = 0; ; attempt++) {
      const head = await this.readHead(name, streamId, atLeast, giveUpAt);
      const found = await this.findExisting(name, streamId, head, ids);
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
      let bytes = 0;
      const hashes: string[] = [];
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
          [ESDB_CHAIN_KEY]: { prevHash, hash, schemaVersion: e.schemaVersion },
        };
        if (typeof e.metadata.correlationId === 'string') metadata.$correlationId = e.metadata.correlationId;
        if (typeof e.metadata.causationId === 'string') metadata.$causationId = e.metadata.causationId;
        bytes += Buffer.byteLength(JSON.stringify(e.data), 'utf8') + Buffer.byteLength(JSON.stringify(metadata), 'utf8');
        bytes += Buffer.byteLength(e.type, 'utf8');
        prevHash = hash;
        hashes.push(hash);
        return jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata });
      });
      if (bytes > this.maxAppendBytes) throw new AppendTooLargeError(streamId, bytes, this.maxAppendBytes);

      const esExpected: AppendExpectedRevision = head.revision < 0 ? ES_NO_STREAM : BigInt(head.revision);
      let res: EsAppendResult;
      try {
        res = await this.client.appendToStream(name, esEvents, {
          expectedRevision: esExpected,
          deadline: this.deadlineMs,
          requiresLeader: true,
        });
      } catch (err) {
        if (err instanceof WrongExpectedVersionError) {
          res = {
            success: false,
            nextExpectedRevision: typeof err.actualVersion === 'bigint' ? err.actualVersion : -1n,
          };
        } else if (err instanceof EsMaxAppendSizeExceededError) {
          throw new AppendTooLargeError(streamId, bytes, err.maxAppendSize);
        } else if (err instanceof EsStreamDeletedError) {
          throw new StreamDeletedError(streamId);
        } else if (err instanceof EsAccessDeniedError) {
          throw new EventStoreAccessDeniedError('append', streamId);
        } else if (isTimeout(err) || err instanceof EsUnavailableError) {
          throw new AppendOutcomeUnknownError(streamId, err);
        } else {
          throw err;
        }
      }

      const lastRevision = head.revision + prepared.length;
      if (res.success && (await this.wroteOurs(name, streamId, lastRevision, hashes[hashes.length - 1]!, giveUpAt))) {
        return { nextExpectedRevision: lastRevision, position: toGlobalPosition(res.position), written: true };
      }
      // A conflict (thrown, or `success: false` with throwOnAppendFailure=false), or a success the server
      // gave without writing our events (an out-of-date expected revision meeting the same ids): decide
      // again from a fresh read of the head. An exact expectation then fails or turns out idempotent;
      // any / stream_exists retries with backoff while the budget lasts.
      const actual = Number(res.nextExpectedRevision);
      atLeast = Math.max(atLeast, res.success ? lastRevision : actual);
      if (Date.now() >= giveUpAt) {
        throw new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
      }
      if (!res.success) await sleep(backoffDelayMs(attempt));
    }
  }

  /**
   * EventStoreDB 23/24 with client 6 has no multi-stream transaction; an atomic multi-event append exists
   * per stream only. So: one item = one atomic append (`appendToStream` with all its events). Several
   * items: every item is first checked against its stream (head + ids already recorded, decided like an
   * append): a wrong revision or an idempotency conflict known before writing throws with nothing written,
   * as on PostgreSQL. Then the streams are appended one by one, each with its own atomic multi-event
   * append, streams that already exist first (those a concurrent writer can race for), new ones last.
   * A writer racing in between can still make a later stream fail after earlier ones were written:
   * BatchPartiallyWrittenError (retry the same batch to complete it; event ids keep it exact).
   * KurrentDB 25's multi-stream append would make this one atomic call.
   */
  async appendBatch(items: BatchAppendItem[]): Promise<AppendResult[]> {
    const checked = prepareBatchItems(items);
    if (items.length === 1) {
      return [await this.appendToStream(items[0]!.streamId, items[0]!.events, { expectedRevision: checked[0]!.expected })];
    }
    // Check every item first; streams that already have events (where a concurrent writer can get in
    // between) are appended before new ones, so that a lost race usually fails before anything is written.
    const existingFirst: number[] = [];
    const newLast: number[] = [];
    for (const [i, item] of items.entries()) {
      const { expected, ids } = checked[i]!;
      item.events.forEach((e, k) => {
        toPlainJson(e.data, `items[${i}].events[${k}].data`);
        toPlainJson(e.metadata, `items[${i}].events[${k}].metadata`);
      });
      const name = this.serverStreamName(item.streamId);
      const head = await this.readHead(name, item.streamId);
      const found = await this.findExisting(name, item.streamId, head, ids);
      const decision = decideAppend({
        expected,
        current: head.revision,
        eventIds: ids,
        found: new Map([...found].map(([id, f]) => [id, f.revision])),
      });
      if (decision.kind === 'conflict') throw new IdempotencyConflictError(item.streamId, decision.detail);
      if (decision.kind === 'wrong_revision') {
        throw new WrongExpectedRevisionError(item.streamId, expected, head.revision < 0 ? 'no_stream' : head.revision);
      }
      (head.revision >= 0 ? existingFirst : newLast).push(i);
    }
    const results: AppendResult[] = new Array<AppendResult>(items.length);
    const written: string[] = [];
    for (const i of [...existingFirst, ...newLast]) {
      const item = items[i]!;
      try {
        const r = await this.appendToStream(item.streamId, item.events, { expectedRevision: checked[i]!.expected });
        results[i] = r;
        if (r.written) written.push(item.streamId);
      } catch (err) {
        if (written.length > 0) throw new BatchPartiallyWrittenError(written, err);
        throw err;
      }
    }
    return results;
  }

  /**
   * After a successful append: is the event at `lastRevision` ours (its stored hash is the one we
   * computed)? EventStoreDB answers success without writing when the expected revision is out of date
   * and the same ids are already there; those may carry other content (another process's retry).
   */
  private async wroteOurs(name: string, streamId: string, lastRevision: number, hash: string, giveUpAt: number): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const [ev] = await this.readRaw(name, streamId, FORWARDS, BigInt(lastRevision), 1, true);
      if (ev !== undefined) return ev.revision === lastRevision && ev.hash === hash;
      // The index may not show the write yet: wait for it (within the budget) rather than call it lost.
      if (Date.now() >= giveUpAt) return false;
      await sleep(backoffDelayMs(attempt));
    }
  }

  /**
   * The stream's last event, read from the leader. After a conflict the index may lag the write that
   * beat us: re-read (with backoff, within the budget) until the head has reached `atLeast`.
   */
  private async readHead(name: string, streamId: string, atLeast = -1, giveUpAt = 0): Promise<Head> {
    for (let attempt = 0; ; attempt++) {
      const [ev] = await this.readRaw(name, streamId, BACKWARDS, END, 1, true);
      const head: Head = ev ? { revision: ev.revision, hash: ev.hash || null } : { revision: -1, hash: null };
      if (head.revision >= atLeast || Date.now() >= giveUpAt) return head;
      await sleep(backoffDelayMs(attempt));
    }
  }

  /**
   * Where the batch's ids already are in the stream, wherever they are (EventStoreDB itself only looks at
   * the revisions an exact expectation implies, or at a bounded cache for any: it would record a
   * duplicate id when the expectation matches). Scans the stream backwards from the leader, stopping
   * (and cancelling the read) once every id is found.
   */
  private async findExisting(name: string, streamId: string, head: Head, ids: string[]): Promise<FoundMap> {
    const found: FoundMap = new Map();
    if (ids.length === 0 || head.revision < 0) return found;
    const wanted = new Set(ids);
    await this.scan(name, streamId, BACKWARDS, END, undefined, true, (resolved) => {
      const id = resolved.id.toLowerCase();
      if (!wanted.has(id)) return true;
      const ev = fromEsdbEvent(resolved, undefined, this.prefix);
      found.set(id, { revision: ev.revision, position: ev.position });
      return found.size < wanted.size;
    });
    return found;
  }

  /**
   * Iterates a stream read, calling `visit` per event until it returns false; the read is cancelled
   * when abandoned early (or on error) and bounded by the deadline. A missing stream visits nothing.
   */
  private async scan(
    name: string,
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: ReadRevision,
    maxCount: number | undefined,
    requiresLeader: boolean,
    visit: (ev: EsRecordedEvent, commit: bigint | undefined) => boolean,
  ): Promise<void> {
    const read: StreamingRead<{ event?: EsRecordedEvent; commitPosition?: bigint }> = this.client.readStream(name, {
      direction,
      fromRevision,
      deadline: this.deadlineMs,
      ...(requiresLeader ? { requiresLeader } : {}),
      ...(maxCount !== undefined ? { maxCount } : {}),
    });
    try {
      await iterateWithDeadline(read, this.deadlineMs, 'read', streamId, (resolved) =>
        resolved.event ? visit(resolved.event, resolved.commitPosition) : true,
      );
    } catch (err) {
      if (err instanceof EsStreamNotFoundError) return;
      throw mapError(err, 'read', streamId);
    }
  }

  private async readRaw(
    name: string,
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: ReadRevision,
    maxCount?: number,
    requiresLeader = false,
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    await this.scan(name, streamId, direction, fromRevision, maxCount, requiresLeader, (ev, commit) => {
      out.push(fromEsdbEvent(ev, commit, this.prefix));
      return true;
    });
    return out;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    const name = this.serverStreamName(streamId);
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const tb = truncateBeforeOf(await this.getStreamMetadata(streamId));
    const head = await this.readHead(name, streamId);
    if (head.revision < 0) throw new StreamNotFoundError(streamId);
    if (options.maxCount === 0) return [];
    if (direction === 'forwards') {
      const start = from === 'start' ? tb : from === 'end' ? head.revision + 1 : Math.max(from, tb);
      if (start > head.revision) return [];
      return this.readRaw(name, streamId, FORWARDS, BigInt(start), options.maxCount);
    }
    const top = from === 'start' ? 0 : from === 'end' ? head.revision : Math.min(from, head.revision);
    if (top < tb) return [];
    const room = top - tb + 1;
    const maxCount = options.maxCount === undefined ? room : Math.min(options.maxCount, room);
    return this.readRaw(name, streamId, BACKWARDS, BigInt(top), maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // The v6 client's readAll sends no server-side filter: the deployment prefix and the port filter are
    // applied here, page by page (subscribeToAll does filter on the server).
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    const out: RecordedEvent[] = [];
    if (max <= 0) return out;
    let after: GlobalPosition | undefined = options.after && options.after.commit >= 0n ? options.after : undefined;
    for (;;) {
      const fromPosition: ReadPosition = after ? { commit: after.commit, prepare: after.prepare } : ES_START;
      // fromPosition is inclusive: ask for one more so that a page always moves past `after`.
      const pageSize = after ? this.pageSize + 1 : this.pageSize;
      let fresh = 0;
      const read = this.client.readAll({ fromPosition, maxCount: pageSize, direction: FORWARDS, deadline: this.deadlineMs });
      try {
        await iterateWithDeadline(read, this.deadlineMs, 'readAll', undefined, (resolved) => {
          const raw = resolved.event;
          if (!raw) return true;
          const position = toGlobalPosition(
            raw.position ?? (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined),
          );
          if (after && comparePositions(position, after) <= 0) return true;
          fresh += 1;
          after = position;
          if (!this.isOurs(raw.streamId, raw.type)) return true;
          const ev = fromEsdbEvent(raw, resolved.commitPosition, this.prefix);
          if (!matchesFilter(ev, options.filter)) return true;
          out.push(ev);
          return out.length < max;
        });
      } catch (err) {
        throw mapError(err, 'readAll');
      }
      if (out.length >= max || fresh < this.pageSize) return out;
    }
  }

  /** A user event of this deployment (not a system event, not another prefix's stream). */
  private isOurs(serverStream: string, type: string): boolean {
    if (type.startsWith('$') || serverStream.startsWith('$')) return false;
    if (!this.prefix) return true;
    return serverStream.startsWith(this.prefix);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const after = options.after && options.after.commit >= 0n ? options.after : undefined;
    const sub = new EsdbSubscription(
      () =>
        this.client.subscribeToAll({
          fromPosition: after ? { commit: after.commit, prepare: after.prepare } : ES_START,
          filter: serverFilter(options.filter, this.prefix),
          resolveLinkTos: false,
        }),
      after,
      options.filter,
      options.signal,
      (s) => this.subscriptions.delete(s),
      (streamId, type) => this.isOurs(streamId, type),
      this.prefix,
    );
    this.subscriptions.add(sub);
    return sub;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    validateStreamId(streamId);
    if (metadata.truncateBefore !== undefined) {
      const tb = metadata.truncateBefore;
      if (!Number.isSafeInteger(tb) || tb < 0) throw new TypeError('truncateBefore must be a non-negative integer');
    }
    const plain = toPlainJson(metadata, 'metadata') as JSONType;
    try {
      // Only custom properties: the server applies no directive ($tb, $maxAge, $acl…) to the stream.
      await this.client.setStreamMetadata(
        this.serverStreamName(streamId),
        { [ESDB_STREAM_METADATA_KEY]: plain },
        { deadline: this.deadlineMs },
      );
    } catch (err) {
      throw mapError(err, 'setStreamMetadata', streamId);
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    validateStreamId(streamId);
    try {
      // The v6 client reads the metadata stream with an infinite gRPC deadline whatever `deadline` says.
      const res = await withDeadline(
        this.client.getStreamMetadata(this.serverStreamName(streamId), { deadline: this.deadlineMs }),
        this.deadlineMs,
        'getStreamMetadata',
      );
      return portMetadataOf(res.metadata as Record<string, unknown> | undefined);
    } catch (err) {
      if (err instanceof EsStreamNotFoundError) return {};
      throw mapError(err, 'getStreamMetadata', streamId);
    }
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
    private readonly isOurs: (serverStream: string, type: string) => boolean,
    private readonly prefix: string,
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
        if (!this.isOurs(raw.streamId, raw.type)) continue;
        const ev = fromEsdbEvent(raw, resolved.commitPosition, this.prefix);
        if (this.after && comparePositions(ev.position, this.after) <= 0) continue;
        if (!matchesFilter(ev, this.filter)) continue;
        yield ev;
      }
    } catch (err) {
      if (!this.closed) throw mapError(err, 'subscribeToAll');
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
