import { types as pgTypes, type CustomTypesConfig, type Pool, type QueryResultRow } from 'pg';
import {
  START,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  IdempotencyConflictError,
  type AppendOptions,
  type AppendResult,
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
} from '../port';
import { computeEventHash, toPlainJson } from '../hash-chain';
import { decideAppend, prepareBatch, validateExpectedRevision, validateStreamId } from '../append-rules';
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
  /** End the pool in `close()` (when the store owns it). Default false. */
  endPoolOnClose?: boolean;
}

interface HeadRow {
  revision: string | null;
  last_hash: string | null;
  found: Array<[string, string, string, string]>;
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

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
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
    const prepared = events.map((e, i) => ({
      id: ids[i]!,
      type: e.type,
      sv: e.schemaVersion,
      data: toPlainJson(e.data, `events[${i}].data`),
      metadata: toPlainJson(e.metadata, `events[${i}].metadata`),
    }));

    for (let attempt = 1; ; attempt++) {
      // Fast path (one statement): when the expected head is known (no_stream, or the head this process
      // last wrote or read), go straight to the compare-and-set. Any surprise (stale cache, event ids
      // already recorded → unique violation) falls back to the full read-decide path below.
      let head = attempt === 1 ? this.optimisticHead(streamId, expected) : undefined;
      if (!head) {
        const read = await this.readHead(streamId, ids);
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
            break;
        }
        if (prepared.length === 0) return { nextExpectedRevision: read.current, position: START, written: false };
        head = { current: read.current, lastHash: read.lastHash };
      } else if (prepared.length === 0) {
        continue; // nothing to write: let the full path answer
      }

      const base = head.current;
      let prevHash = base < 0 ? null : head.lastHash;
      const rows = prepared.map((e, i) => {
        const revision = base + 1 + i;
        const hash = computeEventHash({
          prevHash,
          streamId,
          revision,
          eventId: e.id,
          type: e.type,
          schemaVersion: e.sv,
          data: e.data,
          metadata: e.metadata,
        });
        const row = { ...e, prev: prevHash, hash };
        prevHash = hash;
        return row;
      });
      const lastRevision = base + rows.length;
      const written = await this.tryWrite(streamId, base, lastRevision, prevHash!, rows);
      if (written) {
        this.rememberHead(streamId, lastRevision, prevHash);
        this.signalAppended();
        return { nextExpectedRevision: lastRevision, position: written, written: true };
      }
      this.heads.delete(streamId);
      if (attempt >= this.maxAppendAttempts) {
        const now = await this.readHead(streamId, []);
        throw new WrongExpectedRevisionError(streamId, expected, now.current < 0 ? 'no_stream' : now.current);
      }
      // Lost the compare-and-set to a concurrent writer: re-read and decide again.
      if (attempt > 2) await sleep(Math.random() * Math.min(50, attempt * 2));
    }
  }

  /** The head to assume without reading, or undefined when it must be read. */
  private optimisticHead(streamId: string, expected: ExpectedRevision): { current: number; lastHash: string | null } | undefined {
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

  private async readHead(
    streamId: string,
    ids: string[],
  ): Promise<{
    current: number;
    lastHash: string | null;
    found: Map<string, { revision: number; position: GlobalPosition }>;
  }> {
    const { rows } = await this.query<HeadRow>(
      `SELECT h.revision::text AS revision, h.last_hash,
              (SELECT coalesce(json_agg(json_build_array(e.event_id, e.revision::text, e.tx_id::text, e.position::text)), '[]'::json)
                 FROM ${this.s}.events e
                WHERE e.stream_id = $1 AND e.event_id = ANY($2::uuid[])) AS found
         FROM (SELECT 1) AS one
         LEFT JOIN ${this.s}.streams h ON h.stream_id = $1`,
      [streamId, ids],
    );
    const row = rows[0]!;
    const found = new Map<string, { revision: number; position: GlobalPosition }>();
    for (const [id, revision, tx, position] of row.found) {
      found.set(id, { revision: Number(revision), position: { commit: BigInt(tx), prepare: BigInt(position) } });
    }
    const current = row.revision === null ? -1 : Number(row.revision);
    if (current >= 0) this.rememberHead(streamId, current, row.last_hash);
    return { current, lastHash: row.last_hash, found };
  }

  /** Compare-and-set of the head + insert; returns the position of the last event, or null if the CAS lost. */
  private async tryWrite(
    streamId: string,
    current: number,
    lastRevision: number,
    lastHash: string,
    rows: Array<{ id: string; type: string; sv: number; data: unknown; metadata: unknown; prev: string | null; hash: string }>,
  ): Promise<GlobalPosition | null> {
    try {
      const res = await this.query<{ position: string; tx_id: string }>(
        `WITH head AS (
           INSERT INTO ${this.s}.streams AS st (stream_id, revision, last_hash)
           VALUES ($1, $2, $3)
           ON CONFLICT (stream_id) DO UPDATE
             SET revision = EXCLUDED.revision, last_hash = EXCLUDED.last_hash, updated_at = now()
             WHERE st.revision = $4
           RETURNING 1
         ), ins AS (
           INSERT INTO ${this.s}.events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
           SELECT $1, $4 + v.ord, (v.e->>'id')::uuid, v.e->>'type', (v.e->>'sv')::int, v.e->'data', v.e->'metadata',
                  v.e->>'prev', v.e->>'hash'
             FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS v(e, ord)
            WHERE EXISTS (SELECT 1 FROM head)
            ORDER BY v.ord
           RETURNING position, tx_id
         )
         SELECT position::text AS position, tx_id::text AS tx_id FROM ins ORDER BY position DESC LIMIT 1`,
        [streamId, lastRevision, lastHash, current, JSON.stringify(rows)],
      );
      const last = res.rows[0];
      return last ? { commit: BigInt(last.tx_id), prepare: BigInt(last.position) } : null;
    } catch (err) {
      if (isUniqueViolation(err)) return null; // a racing writer: re-read and decide again
      throw err;
    }
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
