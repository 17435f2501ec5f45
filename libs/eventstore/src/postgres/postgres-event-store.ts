import { createHash } from 'node:crypto';
import { from as copyFrom } from 'pg-copy-streams';
import { types as pgTypes, type CustomTypesConfig, type Pool, type PoolClient, type QueryResultRow } from 'pg';
import {
  START,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  IdempotencyConflictError,
  type AppendOptions,
  type AppendResult,
  type BatchAppendItem,
  type EventFilter,
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
  type EventMetadata,
  type TransactionClient,
} from '../port';
import { canonicalPlainJson, computeEventHashFromParts, toPlainJson } from '../hash-chain';
import { decideAppend, prepareBatch, prepareBatchItems, validateExpectedRevision, validateStreamId } from '../append-rules';
import { assertSchemaName, migrate, notifyChannel, quoteIdent } from './migrations';
import { ChangeNotifier } from './notifier';
import { PgSubscription } from './subscription';

export interface PostgresEventStoreOptions {
  pool: Pool;
  /** Schema holding the event store tables (created by `PostgresEventStore.migrate`). */
  schema?: string;
  /** Catch-up page size of subscriptions. Default 500. */
  pageSize?: number;
  /** Live subscriptions re-read at least this often even without a notification. Default 250 ms. */
  pollIntervalMs?: number;
  /** Compare-and-set attempts for `any` / `stream_exists` appends under contention. Default 100. */
  maxAppendAttempts?: number;
  /** Stream heads remembered to append in one statement (0 disables). Default 10 000. */
  headCacheSize?: number;
  /**
   * Group commit: at most this many append statements in flight per store; appends arriving meanwhile
   * (to other streams) are written together by the next statement, in one transaction. 0 disables it
   * (each append its own statement, unbounded). Default 4. `appendBatch` is not grouped.
   */
  groupCommit?: number;
  /** Events per group-commit statement at most. Default 1000. */
  groupCommitMaxEvents?: number;
  /** End the pool in `close()` (when the store owns it). Default false. */
  endPoolOnClose?: boolean;
}

interface HeadRow {
  stream_id: string;
  revision: string | null;
  last_hash: string | null;
  found: Array<[string, string, string, string]>;
}

interface StreamHead {
  current: number;
  lastHash: string | null;
}

interface HeadRead extends StreamHead {
  found: Map<string, { revision: number; position: GlobalPosition }>;
}

interface PreparedEvent {
  id: string;
  type: string;
  sv: number;
  /** data and metadata as RFC 8785 canonical JSON text: hashed as they are and sent as they are (one walk each). */
  dataJson: string;
  metadataJson: string;
}

/** The rows of one stream's append, hashed onto the head they assume (`base`). */
interface WritePlan {
  streamId: string;
  base: number;
  lastRevision: number;
  lastHash: string;
  rows: Array<PreparedEvent & { s: string; r: number; prev: string | null; hash: string }>;
}

/** One stream's part of an appendBatch write: the head assumed, the events (made plain JSON on demand). */
interface BatchPart {
  index: number;
  streamId: string;
  head: StreamHead;
  prepared: () => PreparedEvent[];
}

/** appendBatch hashes and sends its streams in chunks of about this many events (see writeAllOrNothing). */
const BATCH_CHUNK_EVENTS = 250;

interface PendingWrite {
  plan: WritePlan;
  resolve: (position: GlobalPosition | null) => void;
  reject: (err: unknown) => void;
}

function prepareEvents(events: NewEvent[], ids: string[], where: string): PreparedEvent[] {
  return events.map((e, i) => ({
    id: ids[i]!,
    type: e.type,
    sv: e.schemaVersion,
    dataJson: canonicalPlainJson(e.data, `${where}events[${i}].data`),
    metadataJson: canonicalPlainJson(e.metadata, `${where}events[${i}].metadata`),
  }));
}

/** Hashes the events onto the assumed head (hashes are computed here, in Node: see hash-chain.ts). */
function planWrite(streamId: string, base: number, lastHash: string | null, events: PreparedEvent[]): WritePlan {
  let prev = base < 0 ? null : lastHash;
  const rows = events.map((e, i) => {
    const r = base + 1 + i;
    const hash = computeEventHashFromParts({
      prevHash: prev,
      streamId,
      revision: r,
      eventId: e.id,
      type: e.type,
      schemaVersion: e.sv,
      dataJson: e.dataJson,
      metadataJson: e.metadataJson,
    });
    const row = { ...e, s: streamId, r, prev, hash };
    prev = hash;
    return row;
  });
  return { streamId, base, lastRevision: base + rows.length, lastHash: prev!, rows };
}

/**
 * The rows of a write as one JSON array, built as text: data and metadata are already JSON (canonical), so
 * they are spliced in rather than parsed and stringified again.
 */
function rowsJson(plans: WritePlan[]): string {
  const out: string[] = [];
  let o = 0;
  for (const p of plans) {
    for (const r of p.rows) {
      out.push(
        `{"o":${o++},"s":${JSON.stringify(r.s)},"r":${r.r},"id":${JSON.stringify(r.id)},"type":${JSON.stringify(r.type)},"sv":${r.sv},` +
          `"data":${r.dataJson},"metadata":${r.metadataJson},"prev":${r.prev === null ? 'null' : JSON.stringify(r.prev)},"hash":${JSON.stringify(r.hash)}}`,
      );
    }
  }
  return `[${out.join(',')}]`;
}

/** A text value as COPY's text format writes it: backslash, newline, carriage return and tab escaped. */
function copyValue(t: string): string {
  return /[\\\n\r\t]/.test(t) ? t.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : t;
}

/**
 * The rows of a write in COPY text format (stream_id, revision, event_id, type, schema_version, data, metadata,
 * prev_hash, hash). data and metadata are canonical JSON: no raw control characters (JSON escapes them), so only
 * a backslash needs doubling.
 */
function copyText(plans: WritePlan[]): string {
  const out: string[] = [];
  for (const p of plans) {
    const s = copyValue(p.streamId);
    for (const r of p.rows) {
      const data = r.dataJson.includes('\\') ? r.dataJson.replace(/\\/g, '\\\\') : r.dataJson;
      const metadata = r.metadataJson.includes('\\') ? r.metadataJson.replace(/\\/g, '\\\\') : r.metadataJson;
      out.push(`${s}\t${r.r}\t${r.id}\t${copyValue(r.type)}\t${r.sv}\t${data}\t${metadata}\t${r.prev === null ? '\\N' : r.prev}\t${r.hash}\n`);
    }
  }
  return out.join('');
}

/** The heads a write compare-and-sets, as its `$1` (stream-id order: every writer locks heads in that order). */
function headsJson(plans: WritePlan[]): string {
  const heads = plans
    .map((p) => ({ s: p.streamId, base: p.base, last: p.lastRevision, hash: p.lastHash }))
    .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  return JSON.stringify(heads);
}

/** The last position written per stream, from `stream_id, position, tx_id` rows. */
function positionsByStream(rows: { stream_id: string; position: string; tx_id: string }[]): Map<string, GlobalPosition> {
  return new Map(rows.map((r) => [r.stream_id, { commit: BigInt(r.tx_id), prepare: BigInt(r.position) }]));
}

interface EventRow {
  position: string;
  tx_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  prev_hash: string | null;
  hash: string;
  recorded_at: Date;
}

const EVENT_COLUMNS = `e.position::text AS position, e.tx_id::text AS tx_id, e.stream_id, e.revision::text AS revision,
  e.event_id::text AS event_id, e.type, e.schema_version, e.data, e.metadata, e.prev_hash, e.hash, e.recorded_at`;

const MAX_BIGINT = '9223372036854775807';

/**
 * Row parsing independent of pg's global type registry (other libraries in the process may change it,
 * e.g. to parse int8 as BigInt or JSON with revivers): JSON is parsed with JSON.parse, int8 stays text.
 */
const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 3802 || oid === 114) return (value: string) => JSON.parse(value) as unknown;
    if (oid === 20) return (value: string) => value;
    return pgTypes.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: Number(row.revision),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    position: { commit: BigInt(row.tx_id), prepare: BigInt(row.position) },
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A racing writer: unique violation (an event id or revision already recorded) or a lock cycle. */
function isRaceError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: string }).code : undefined;
  return code === '23505' || code === '40P01';
}

function validateCount(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new TypeError(`${name} must be a non-negative integer`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * PostgreSQL adapter of the event-store port.
 *
 * Append = at most two statements, no explicit transaction:
 *  1. read the stream head (revision, last hash) and which of the batch's event ids the stream already
 *     holds → idempotency / expected-revision decision (append-rules.ts); hashes computed in Node.
 *     Skipped when the head is already known (no_stream, or the head this store last wrote / read:
 *     a bounded in-process cache that is only ever a hint);
 *  2. one statement that compare-and-sets the head row (INSERT … ON CONFLICT DO UPDATE … WHERE
 *     revision = <assumed>) and inserts the events only if that succeeded. The row lock taken by the
 *     head update serialises concurrent writers of one stream; a writer that lost the race (or hit an
 *     already-recorded event id) inserts nothing and goes through step 1 (exact revision →
 *     WrongExpectedRevisionError or idempotent success; any / stream_exists → retries).
 *     A writer only wins against a head it has seen committed, so its transaction id is higher than
 *     that of the previous writer of the stream: (tx_id, position) order is revision order per stream.
 *
 * Group commit: the statement of step 2 takes any number of streams; while `groupCommit` statements are in
 * flight, further appends queue and go together in the next one (one transaction), each with its own
 * compare-and-set and answer. `appendBatch` uses the same statement inside BEGIN … COMMIT, all or nothing.
 *
 * Global log: ordered by (tx_id, position) and read only below the xmin of the reader's snapshot, so an
 * event whose transaction commits late is never skipped by a subscriber that already went past it.
 * Live subscribers are woken by a coalesced NOTIFY sent after commit, and poll as a fallback.
 */
export class PostgresEventStore implements EventStore {
  readonly adapter = 'postgresql' as const;
  readonly schema: string;
  private readonly pool: Pool;
  private readonly s: string;
  private readonly notifier: ChangeNotifier;
  private readonly subscriptions = new Set<PgSubscription>();
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxAppendAttempts: number;
  private readonly endPoolOnClose: boolean;
  private readonly headCacheSize: number;
  private readonly heads = new Map<string, { revision: number; hash: string | null }>();
  private readonly channel: string;
  private notifying: Promise<void> | undefined;
  private notifyAgain = false;
  private closed = false;
  private readonly groupCommit: number;
  private readonly groupMaxEvents: number;
  private pending: PendingWrite[] = [];
  private inFlight = 0;

  constructor(options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    this.schema = options.schema ?? 'eventstore';
    assertSchemaName(this.schema);
    this.s = quoteIdent(this.schema);
    this.pageSize = options.pageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxAppendAttempts = options.maxAppendAttempts ?? 100;
    this.endPoolOnClose = options.endPoolOnClose ?? false;
    this.headCacheSize = options.headCacheSize ?? 10_000;
    this.groupCommit = Math.max(0, Math.floor(options.groupCommit ?? 4));
    this.groupMaxEvents = Math.max(1, options.groupCommitMaxEvents ?? 1000);
    this.channel = notifyChannel(this.schema);
    this.notifier = new ChangeNotifier(this.pool, this.channel);
  }

  /** Creates / upgrades the schema (idempotent, safe to run from several processes at once). */
  static migrate(pool: Pool, schema = 'eventstore'): Promise<number[]> {
    return migrate(pool, schema);
  }

  private query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<{ rows: R[] }> {
    return this.pool.query<R>({ text, values, types: PG_TYPES });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('PostgresEventStore is closed');
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    validateStreamId(streamId);
    const expected: ExpectedRevision = options.expectedRevision ?? 'any';
    validateExpectedRevision(expected);
    const ids = prepareBatch(streamId, events);
    const prepared = prepareEvents(events, ids, '');

    for (let attempt = 1; ; attempt++) {
      // Fast path (one statement): when the expected head is known (no_stream, or the head this process
      // last wrote or read), go straight to the compare-and-set. Any surprise (stale cache, event ids
      // already recorded → unique violation) falls back to the full read-decide path below.
      let head = attempt === 1 && prepared.length > 0 ? this.optimisticHead(streamId, expected) : undefined;
      if (!head) {
        const [read] = await this.readHeads([{ streamId, ids }]);
        const answer = this.answerWithoutWriting(streamId, expected, ids, read!);
        if (answer) return answer;
        if (prepared.length === 0) return { nextExpectedRevision: read!.current, position: START, written: false };
        head = read!;
      }

      const plan = planWrite(streamId, head.current, head.lastHash, prepared);
      const position = await this.submit(plan);
      if (position) {
        this.rememberHead(streamId, plan.lastRevision, plan.lastHash);
        this.signalAppended();
        return { nextExpectedRevision: plan.lastRevision, position, written: true };
      }
      this.heads.delete(streamId);
      if (attempt >= this.maxAppendAttempts) {
        const [now] = await this.readHeads([{ streamId, ids: [] }]);
        throw new WrongExpectedRevisionError(streamId, expected, now!.current < 0 ? 'no_stream' : now!.current);
      }
      // Lost the compare-and-set to a concurrent writer: re-read and decide again.
      if (attempt > 2) await sleep(Math.random() * Math.min(50, attempt * 2));
    }
  }

  /**
   * Several streams in one transaction, all or nothing (see the port). One statement reads the heads the
   * cache does not know, one writes every stream (compare-and-set of each head + one multi-row insert),
   * inside BEGIN … COMMIT; a lost compare-and-set rolls everything back and the batch is decided again.
   */
  async appendBatch(items: BatchAppendItem[]): Promise<AppendResult[]> {
    this.assertOpen();
    const checked = prepareBatchItems(items);
    // plain JSON copies made when first needed: inside the write loop, overlapping with the database
    const preparedCache: Array<PreparedEvent[] | undefined> = new Array<PreparedEvent[] | undefined>(items.length);
    const prepared = (i: number): PreparedEvent[] =>
      (preparedCache[i] ??= prepareEvents(items[i]!.events, checked[i]!.ids, `items[${i}].`));

    for (let attempt = 1; ; attempt++) {
      const results: Array<AppendResult | undefined> = new Array<AppendResult | undefined>(items.length);
      const heads: Array<StreamHead | undefined> = new Array<StreamHead | undefined>(items.length);
      const toRead: number[] = [];
      items.forEach((item, i) => {
        const known =
          attempt === 1 && item.events.length > 0 ? this.optimisticHead(item.streamId, checked[i]!.expected) : undefined;
        if (known) heads[i] = known;
        else toRead.push(i);
      });
      if (toRead.length > 0) {
        const reads = await this.readHeads(toRead.map((i) => ({ streamId: items[i]!.streamId, ids: checked[i]!.ids })));
        toRead.forEach((i, k) => {
          const read = reads[k]!;
          const answer = this.answerWithoutWriting(items[i]!.streamId, checked[i]!.expected, checked[i]!.ids, read);
          if (answer) results[i] = answer;
          else if (items[i]!.events.length === 0) results[i] = { nextExpectedRevision: read.current, position: START, written: false };
          else heads[i] = read;
        });
      }
      const parts: BatchPart[] = [];
      items.forEach((item, i) => {
        const head = heads[i];
        if (head && !results[i]) parts.push({ index: i, streamId: item.streamId, head, prepared: () => prepared(i) });
      });
      if (parts.length === 0) return results as AppendResult[];

      let written: { plans: WritePlan[]; positions: Map<string, GlobalPosition> } | null;
      if (parts.length === 1) {
        const only = parts[0]!;
        const plan = planWrite(only.streamId, only.head.current, only.head.lastHash, only.prepared());
        const position = await this.writeSolo(plan);
        written = position ? { plans: [plan], positions: new Map([[plan.streamId, position]]) } : null;
      } else {
        written = await this.writeAllOrNothing(parts);
      }
      if (written) {
        written.plans.forEach((plan, k) => {
          this.rememberHead(plan.streamId, plan.lastRevision, plan.lastHash);
          results[parts[k]!.index] = {
            nextExpectedRevision: plan.lastRevision,
            position: written.positions.get(plan.streamId)!,
            written: true,
          };
        });
        this.signalAppended();
        return results as AppendResult[];
      }
      for (const part of parts) this.heads.delete(part.streamId);
      if (attempt >= this.maxAppendAttempts) {
        const first = parts[0]!;
        const [now] = await this.readHeads([{ streamId: first.streamId, ids: [] }]);
        const expected = checked[first.index]!.expected;
        throw new WrongExpectedRevisionError(first.streamId, expected, now!.current < 0 ? 'no_stream' : now!.current);
      }
      if (attempt > 2) await sleep(Math.random() * Math.min(50, attempt * 2));
    }
  }

  /**
   * `appendToStream` inside the caller's transaction (see the port): the head is read and compare-and-set
   * on `tx`, the events inserted on `tx`, and the NOTIFY is queued on `tx` too (PostgreSQL delivers it at
   * COMMIT, never for a rollback). The head cache is neither used nor updated by the write (the caller may
   * still roll back). A lost compare-and-set or an event id recorded meanwhile → WrongExpectedRevisionError
   * (`tx` may be aborted: the caller rolls back).
   */
  async appendInTransaction(tx: TransactionClient, streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    validateStreamId(streamId);
    const expected: ExpectedRevision = options.expectedRevision ?? 'any';
    validateExpectedRevision(expected);
    const ids = prepareBatch(streamId, events);
    const prepared = prepareEvents(events, ids, '');
    const client = tx as unknown as PoolClient;
    const [read] = await this.readHeads([{ streamId, ids }], client);
    const answer = this.answerWithoutWriting(streamId, expected, ids, read!);
    if (answer) return answer;
    if (prepared.length === 0) return { nextExpectedRevision: read!.current, position: START, written: false };
    const plan = planWrite(streamId, read!.current, read!.lastHash, prepared);
    this.heads.delete(streamId);
    let position: GlobalPosition | undefined;
    try {
      position = (await this.writePlans([plan], client)).get(streamId);
    } catch (err) {
      if (!isRaceError(err)) throw err;
    }
    if (!position) {
      const [now] = await this.readHeads([{ streamId, ids: [] }]); // outside tx: it may be aborted
      throw new WrongExpectedRevisionError(streamId, expected, now!.current < 0 ? 'no_stream' : now!.current);
    }
    await client.query({ text: 'SELECT pg_notify($1, $2)', values: [this.channel, ''] });
    return { nextExpectedRevision: plan.lastRevision, position, written: true };
  }

  /** The answer when the stream's state means nothing is written (idempotent retry) or the append fails. */
  private answerWithoutWriting(streamId: string, expected: ExpectedRevision, ids: string[], read: HeadRead): AppendResult | undefined {
    const decision = decideAppend({
      expected,
      current: read.current,
      eventIds: ids,
      found: new Map([...read.found].map(([id, f]) => [id, f.revision])),
    });
    switch (decision.kind) {
      case 'idempotent':
        return {
          nextExpectedRevision: decision.lastRevision,
          position: read.found.get(ids[ids.length - 1]!)!.position,
          written: false,
        };
      case 'conflict':
        throw new IdempotencyConflictError(streamId, decision.detail);
      case 'wrong_revision':
        throw new WrongExpectedRevisionError(streamId, expected, read.current < 0 ? 'no_stream' : read.current);
      case 'write':
        return undefined;
    }
  }

  /** The head to assume without reading, or undefined when it must be read. */
  private optimisticHead(streamId: string, expected: ExpectedRevision): StreamHead | undefined {
    const cached = this.heads.get(streamId);
    if (expected === 'no_stream') return cached && cached.revision >= 0 ? undefined : { current: -1, lastHash: null };
    if (!cached) return undefined;
    if (typeof expected === 'number' && cached.revision !== expected) return undefined;
    if (expected === 'stream_exists' && cached.revision < 0) return undefined;
    return { current: cached.revision, lastHash: cached.hash };
  }

  /** Bounded LRU of stream heads seen by this process (a hint only: the compare-and-set is the truth). */
  private rememberHead(streamId: string, revision: number, hash: string | null): void {
    if (this.headCacheSize <= 0) return;
    const known = this.heads.get(streamId);
    if (known && known.revision > revision) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, { revision, hash });
    if (this.heads.size > this.headCacheSize) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  /**
   * Wakes live subscribers of every process: one NOTIFY in flight at a time per store, coalescing the
   * appends that commit meanwhile. Sent after commit, outside the append: NOTIFY takes a database-wide
   * lock at commit, which would otherwise serialise every appending transaction.
   */
  private signalAppended(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = (async () => {
      do {
        this.notifyAgain = false;
        try {
          await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']);
        } catch {
          // subscribers poll anyway
        }
      } while (this.notifyAgain && !this.closed);
      this.notifying = undefined;
    })();
  }

  /** Heads (revision, last hash) of several streams and which of the given event ids each already holds: one statement. */
  private async readHeads(wanted: Array<{ streamId: string; ids: string[] }>, client?: PoolClient): Promise<HeadRead[]> {
    const pairStreams: string[] = [];
    const pairIds: string[] = [];
    for (const w of wanted) {
      for (const id of w.ids) {
        pairStreams.push(w.streamId);
        pairIds.push(id);
      }
    }
    const text = `SELECT w.stream_id, h.revision::text AS revision, h.last_hash,
              (SELECT coalesce(json_agg(json_build_array(e.event_id, e.revision::text, e.tx_id::text, e.position::text)), '[]'::json)
                 FROM unnest($2::text[], $3::uuid[]) AS p(stream_id, event_id)
                 JOIN ${this.s}.events e ON e.stream_id = p.stream_id AND e.event_id = p.event_id
                WHERE p.stream_id = w.stream_id) AS found
         FROM unnest($1::text[]) WITH ORDINALITY AS w(stream_id, ord)
         LEFT JOIN ${this.s}.streams h ON h.stream_id = w.stream_id
        ORDER BY w.ord`;
    const values = [wanted.map((w) => w.streamId), pairStreams, pairIds];
    const config = { name: this.statementName('heads'), text, values, types: PG_TYPES };
    const { rows } = client ? await client.query<HeadRow>(config) : await this.pool.query<HeadRow>(config);
    return rows.map((row) => {
      const found = new Map<string, { revision: number; position: GlobalPosition }>();
      for (const [id, revision, tx, position] of row.found) {
        found.set(id, { revision: Number(revision), position: { commit: BigInt(tx), prepare: BigInt(position) } });
      }
      const current = row.revision === null ? -1 : Number(row.revision);
      if (current >= 0 && !client) this.rememberHead(row.stream_id, current, row.last_hash); // not a head an open transaction may roll back
      return { current, lastHash: row.last_hash, found };
    });
  }

  /**
   * Hands a single-stream write to the group committer: while `groupCommit` statements are in flight,
   * further appends wait and go together in the next statement (one transaction, one WAL flush). Each
   * keeps its own compare-and-set: one stream losing its race does not stop the others.
   */
  private submit(plan: WritePlan): Promise<GlobalPosition | null> {
    if (this.groupCommit <= 0) return this.writeSolo(plan);
    return new Promise((resolve, reject) => {
      this.pending.push({ plan, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.groupCommit && this.pending.length > 0) {
      const group: PendingWrite[] = [];
      const streams = new Set<string>();
      let events = 0;
      const rest: PendingWrite[] = [];
      for (const p of this.pending) {
        // one stream at most once per statement (the second append's head is the first one's result)
        if (streams.has(p.plan.streamId) || (group.length > 0 && events + p.plan.rows.length > this.groupMaxEvents)) {
          rest.push(p);
          continue;
        }
        streams.add(p.plan.streamId);
        events += p.plan.rows.length;
        group.push(p);
      }
      this.pending = rest;
      this.inFlight += 1;
      void this.runGroup(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async runGroup(group: PendingWrite[]): Promise<void> {
    if (group.length === 1) {
      const only = group[0]!;
      await this.writeSolo(only.plan).then(only.resolve, only.reject);
      return;
    }
    let positions: Map<string, GlobalPosition>;
    try {
      positions = await this.writePlans(group.map((g) => g.plan));
    } catch (err) {
      if (isRaceError(err)) {
        // one member met an already-recorded event id (or a lock cycle): the whole statement rolled back;
        // each goes again alone so that the others are not held up by it
        await Promise.all(group.map((g) => this.writeSolo(g.plan).then(g.resolve, g.reject)));
        return;
      }
      for (const g of group) g.reject(err);
      return;
    }
    for (const g of group) g.resolve(positions.get(g.plan.streamId) ?? null);
  }

  /** One stream, one statement; null when the compare-and-set lost (or an event id is already recorded). */
  private async writeSolo(plan: WritePlan): Promise<GlobalPosition | null> {
    try {
      const positions = await this.writePlans([plan]);
      return positions.get(plan.streamId) ?? null;
    } catch (err) {
      if (isRaceError(err)) return null;
      throw err;
    }
  }

  /**
   * Every part or none, in one transaction; null when a compare-and-set lost or an event id was already
   * recorded. The plans come back in the order of `unordered`. Per chunk of BATCH_CHUNK_EVENTS events: one
   * statement compare-and-sets the chunk's heads (stream-id order, as every writer locks them: head before
   * events), then `COPY … FROM STDIN` writes its events (no per-row statement work, multi-row heap and index
   * inserts). Pipelined: the next chunk is hashed while the database writes the previous one. After the last
   * chunk, one statement reads back the last position of each stream written by this transaction.
   */
  private async writeAllOrNothing(unordered: BatchPart[]): Promise<{ plans: WritePlan[]; positions: Map<string, GlobalPosition> } | null> {
    // heads locked in one order (stream id) by every batch, across its chunks too: no lock cycles
    const parts = [...unordered].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // chunks run one after the other on the transaction's connection; the next is hashed meanwhile
    let chain: Promise<void> = Promise.resolve();
    let lost = false;
    try {
      await client.query('BEGIN');
      const plans: WritePlan[] = [];
      let chunk: WritePlan[] = [];
      let events = 0;
      const send = (): void => {
        const these = chunk;
        const rows = copyText(these); // built now, while the previous chunk is being written
        chain = chain.then(async () => {
          if (lost) return;
          if (!(await this.compareAndSetHeads(these, client))) {
            lost = true;
            return;
          }
          await this.copyEvents(rows, client);
        });
        chain.catch(() => undefined); // awaited below; a failure aborts the transaction and skips the rest
        chunk = [];
        events = 0;
      };
      for (const part of parts) {
        const plan = planWrite(part.streamId, part.head.current, part.head.lastHash, part.prepared());
        plans.push(plan);
        chunk.push(plan);
        events += plan.rows.length;
        if (events >= BATCH_CHUNK_EVENTS) {
          send();
          await new Promise<void>((resolve) => setImmediate(resolve)); // let the previous chunk's answer in
        }
      }
      if (chunk.length > 0) send();
      await chain;
      if (!lost) {
        const positions = await this.positionsWrittenInTransaction(client);
        if (positions.size === parts.length) {
          await client.query('COMMIT');
          const byStream = new Map(plans.map((plan) => [plan.streamId, plan]));
          return { plans: unordered.map((part) => byStream.get(part.streamId)!), positions };
        }
      }
      await client.query('ROLLBACK');
      return null;
    } catch (err) {
      await chain.catch(() => undefined);
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e; // a broken connection is not given back to the pool
      });
      if (isRaceError(err)) return null;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * The `input` and `head` CTEs of a write (parameter $1: `headsJson`): compare-and-set of each stream's head —
   * INSERT … ON CONFLICT DO UPDATE … WHERE revision = <assumed>, heads locked in stream-id order.
   */
  private headCas(returning: string): string {
    return `input AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(s text, base bigint, last bigint, hash text)
         ), head AS (
           INSERT INTO ${this.s}.streams AS st (stream_id, revision, last_hash)
           SELECT i.s, i.last, i.hash FROM input i ORDER BY i.s
           ON CONFLICT (stream_id) DO UPDATE
             SET revision = EXCLUDED.revision, last_hash = EXCLUDED.last_hash, updated_at = now()
             WHERE st.revision = (SELECT i.base FROM input i WHERE i.s = st.stream_id)
           RETURNING ${returning}
         )`;
  }

  /** Compare-and-set of the plans' heads (one statement, stream-id order); true when every one held. */
  private async compareAndSetHeads(plans: WritePlan[], client: PoolClient): Promise<boolean> {
    const { rows } = await client.query<{ n: number }>({
      name: this.statementName('cas'),
      text: `WITH ${this.headCas('1')}
         SELECT count(*)::int AS n FROM head`,
      values: [headsJson(plans)],
    });
    return rows[0]!.n === plans.length;
  }

  /** Events by `COPY … FROM STDIN` on the transaction's connection (`rows`: copyText of the plans). */
  private async copyEvents(rows: string, client: PoolClient): Promise<void> {
    const stream = client.query(
      copyFrom(`COPY ${this.s}.events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash) FROM STDIN`),
    );
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(rows);
    });
  }

  /** Per stream, the last position written by the current transaction (and its transaction id). */
  private async positionsWrittenInTransaction(client: PoolClient): Promise<Map<string, GlobalPosition>> {
    const { rows } = await client.query<{ stream_id: string; position: string; tx_id: string }>({
      name: this.statementName('txpos'),
      text: `SELECT stream_id, max(position)::text AS position, min(tx_id::text) AS tx_id
               FROM ${this.s}.events WHERE tx_id = pg_current_xact_id() GROUP BY stream_id`,
      values: [],
    });
    return positionsByStream(rows);
  }

  /**
   * A prepared-statement name per statement and schema (a pool may serve stores of several schemas): the
   * statement is parsed and planned once per connection.
   */
  private statementName(kind: string): string {
    const name = `sa_es_${kind}_${this.schema}`;
    return name.length <= 63 ? name : `sa_es_${kind}_${createHash('sha1').update(this.schema).digest('hex').slice(0, 32)}`;
  }

  /**
   * The write statement, for any number of streams: compare-and-set of each stream's head (INSERT … ON
   * CONFLICT DO UPDATE … WHERE revision = <assumed>, heads locked in stream-id order) and one multi-row
   * insert of the events of the streams whose compare-and-set succeeded. Returns the position of the last
   * event written per stream (streams that lost are absent).
   */
  private async writePlans(plans: WritePlan[], client?: PoolClient): Promise<Map<string, GlobalPosition>> {
    const config = {
      name: this.statementName('write'),
      text: `WITH ${this.headCas('st.stream_id')}, ins AS (
           INSERT INTO ${this.s}.events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
           SELECT v.s, v.r, v.id, v.type, v.sv, v.data, v.metadata, v.prev, v.hash
             FROM jsonb_to_recordset($2::jsonb)
                  AS v(o int, s text, r bigint, id uuid, type text, sv int, data jsonb, metadata jsonb, prev text, hash text)
            WHERE v.s IN (SELECT stream_id FROM head)
            ORDER BY v.o
           RETURNING stream_id, position, tx_id
         )
         SELECT stream_id, max(position)::text AS position, min(tx_id::text) AS tx_id FROM ins GROUP BY stream_id`,
      values: [headsJson(plans), rowsJson(plans)],
      types: PG_TYPES,
    };
    const res = client
      ? await client.query<{ stream_id: string; position: string; tx_id: string }>(config)
      : await this.pool.query<{ stream_id: string; position: string; tx_id: string }>(config);
    return positionsByStream(res.rows);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateStreamId(streamId);
    const direction = options.direction ?? 'forwards';
    validateCount(options.maxCount, 'maxCount');
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    if (typeof from === 'number') validateCount(from, 'fromRevision');
    let lower: string;
    let upper: string;
    if (direction === 'forwards') {
      lower = from === 'start' ? '0' : from === 'end' ? MAX_BIGINT : String(from);
      upper = MAX_BIGINT;
    } else {
      lower = '0';
      upper = from === 'start' ? '0' : from === 'end' ? MAX_BIGINT : String(from);
    }
    const order = direction === 'forwards' ? 'ASC' : 'DESC';
    const { rows } = await this.query<{ head: string } & Partial<EventRow>>(
      `SELECT h.revision::text AS head, ev.*
         FROM ${this.s}.streams h
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS}
             FROM ${this.s}.events e
            WHERE e.stream_id = h.stream_id
              AND e.revision >= GREATEST($2::bigint, COALESCE((h.metadata->>'truncateBefore')::bigint, 0))
              AND e.revision <= $3::bigint
            ORDER BY e.revision ${order}
            LIMIT $4
         ) ev ON true
        WHERE h.stream_id = $1`,
      [streamId, lower, upper, options.maxCount ?? null],
    );
    if (rows.length === 0 || Number(rows[0]!.head) < 0) throw new StreamNotFoundError(streamId);
    const events = rows.filter((r) => r.position != null).map((r) => toRecorded(r as EventRow));
    const head = Number(rows[0]!.head);
    const last = events.find((e) => e.revision === head);
    if (last) this.rememberHead(streamId, head, last.hash);
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateCount(options.maxCount, 'maxCount');
    return this.readAllPage(options.after, options.maxCount, options.filter);
  }

  private async readAllPage(
    after: GlobalPosition | undefined,
    limit: number | undefined,
    filter: EventFilter | undefined,
  ): Promise<RecordedEvent[]> {
    const params: unknown[] = [];
    const where = ['e.tx_id < pg_snapshot_xmin(pg_current_snapshot())'];
    if (after && after.commit >= 0n) {
      params.push(after.commit.toString(), after.prepare.toString());
      where.push(`(e.tx_id, e.position) > ($${params.length - 1}::xid8, $${params.length}::bigint)`);
    }
    if (filter?.streamCategories) {
      params.push(filter.streamCategories);
      where.push(`e.category = ANY($${params.length}::text[])`);
    }
    if (filter?.eventTypePrefixes) {
      params.push(filter.eventTypePrefixes);
      where.push(`EXISTS (SELECT 1 FROM unnest($${params.length}::text[]) AS p(prefix) WHERE starts_with(e.type, p.prefix))`);
    }
    params.push(limit ?? null);
    const { rows } = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS}
         FROM ${this.s}.events e
        WHERE ${where.join(' AND ')}
        ORDER BY e.tx_id, e.position
        LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const filter = options.filter;
    const sub: PgSubscription = new PgSubscription(
      {
        fetch: (after, limit) => this.readAllPage(after, limit, filter),
        notifier: this.notifier,
        pageSize: this.pageSize,
        pollIntervalMs: this.pollIntervalMs,
        onClose: (s) => this.subscriptions.delete(s),
      },
      options,
    );
    if (!sub.isClosed) this.subscriptions.add(sub);
    return sub;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    validateStreamId(streamId);
    if (metadata.truncateBefore !== undefined) validateCount(metadata.truncateBefore, 'truncateBefore');
    const plain = toPlainJson(metadata, 'metadata');
    await this.query(
      `INSERT INTO ${this.s}.streams (stream_id, metadata) VALUES ($1, $2::jsonb)
       ON CONFLICT (stream_id) DO UPDATE SET metadata = EXCLUDED.metadata, updated_at = now()`,
      [streamId, JSON.stringify(plain)],
    );
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    this.assertOpen();
    validateStreamId(streamId);
    const { rows } = await this.query<{ metadata: StreamMetadata }>(
      `SELECT metadata FROM ${this.s}.streams WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.metadata ?? {};
  }

  /** Closes the subscriptions and the LISTEN connection; ends the pool only with `endPoolOnClose`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.notifying;
    await this.notifier.close();
    if (this.endPoolOnClose) await this.pool.end();
  }
}
