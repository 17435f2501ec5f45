/**
 * The audit's application layer, framework-free so that the HTTP API and the CLI share it: reads
 * the one event store (PostgreSQL: straight from the events table for a case; any adapter: through
 * the port for the global log) and hands the events to the pure core.
 */
import {
  type ChainVerification,
  type EventStore,
  formatPosition,
  parsePosition,
  comparePositions,
  type GlobalPosition,
  type RecordedEvent,
  StreamNotFoundError,
  verifyStore,
} from '@sa/eventstore';
import type { FieldEncryptor } from '@sa/crypto';
import type { Pool } from 'pg';
import {
  type AsOfMode,
  type AuditEvent,
  AuditInputError,
  caseHistory,
  caseStateAsOf,
  caseTimeline,
  type Checkpoint,
  CheckpointDigest,
  type CheckpointComparison,
  compareCheckpoint,
  explainDecision,
  type HistoryFilters,
  historyPage,
} from '../domain';
import { CaseReadCache, type CaseSnapshot, FreshQueryCoalescer, tick } from './case-cache';
import { checkMark, fullFingerprintOf, type MarkRow, markOf, type StoreMark } from './store-mark';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
/** A case number as intake assigns it: `<6-digit division>-<year>-<6-digit sequence>`. */
export const CASE_NUMBER = /^\d{6}-\d{4}-\d{6}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toAuditEvent(r: RecordedEvent): AuditEvent {
  return {
    streamId: r.streamId,
    revision: r.revision,
    eventId: r.eventId,
    type: r.type,
    schemaVersion: r.schemaVersion,
    data: r.data,
    metadata: r.metadata as unknown as Record<string, unknown>,
    recordedAt: r.recordedAt.toISOString(),
    position: formatPosition(r.position),
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export function assertCaseId(caseId: string): void {
  if (!UUID.test(caseId)) throw new AuditInputError('invalid_case_id', 'caseId must be a UUID');
}

/** Called with the case's jurisdiction once its events are loaded: throws to refuse the read. */
export type CaseAccessCheck = (jurisdiction: string | null) => void;

/** The case's jurisdiction: the first `jurisdiction` recorded in an event's data. */
export function caseJurisdictionOf(events: readonly AuditEvent[]): string | null {
  for (const e of events) {
    const j = (e.data as { jurisdiction?: unknown } | null)?.jurisdiction;
    if (typeof j === 'string' && /^\d{6}(\d{3}){0,2}$/.test(j)) return j;
  }
  return null;
}

export interface AuditServiceOptions {
  store: EventStore;
  /** The PostgreSQL pool of the event store (EVENT_STORE=postgresql): case reads go straight to its table. */
  pool?: Pool;
  eventstoreSchema?: string;
  pageSize?: number;
  now?: () => Date;
  /**
   * The key store's field encryptor (FIELD_ENCRYPTION on): a case's events are shown with their
   * personal fields decrypted, `已销毁` once the case's key is shredded. Chains are always verified
   * on the stored (encrypted) form.
   */
  fields?: FieldEncryptor | null;
  /**
   * Events kept in the case read cache over all cases (default 100,000; 0: off). Only with the PostgreSQL
   * store read through `pool`; see case-cache.ts for why a cached case is never stale.
   */
  caseCacheEvents?: number;
  /**
   * A cached case is checked on every read against the store's mark (store-mark.ts: O(log n + k)); at most this often
   * (ms) also row by row, the backstop for a superuser's edit behind disabled triggers (default 1,000; 0: every read).
   */
  caseRecheckMs?: number;
}

export interface VerifyResult extends ChainVerification {
  scope: 'store' | 'stream' | 'case';
  streams?: { streamId: string; ok: boolean; checked: number }[];
}

export class AuditService {
  private readonly store: EventStore;
  private readonly pool?: Pool;
  private readonly schema: string;
  private readonly pageSize: number;
  private readonly now: () => Date;
  private readonly fields?: FieldEncryptor | null;
  private readonly cache: CaseReadCache | null;
  private readonly policyCache: CaseReadCache | null;
  /** The fingerprint queries of concurrent reads of one case, joined (never answering from before a read arrived). */
  private readonly fingerprints = new FreshQueryCoalescer<string>();
  /** The checks of a cached case (store-mark.ts) and its loads, joined the same way. */
  private readonly checks = new FreshQueryCoalescer<boolean>();
  private readonly loads = new FreshQueryCoalescer<CaseSnapshot>();
  private readonly recheckMs: number;

  constructor(o: AuditServiceOptions) {
    this.store = o.store;
    this.fields = o.fields;
    this.pool = o.pool;
    this.schema = o.eventstoreSchema ?? 'eventstore';
    if (!IDENT.test(this.schema)) throw new TypeError(`Bad event-store schema name: ${this.schema}`);
    this.pageSize = o.pageSize ?? 1000;
    this.now = o.now ?? (() => new Date());
    const cacheEvents = o.caseCacheEvents ?? 100_000;
    this.recheckMs = o.caseRecheckMs ?? 1000;
    const cached = cacheEvents > 0 && this.pool !== undefined && this.store.adapter === 'postgresql';
    this.cache = cached ? new CaseReadCache(cacheEvents) : null;
    this.policyCache = cached ? new CaseReadCache(cacheEvents) : null;
  }

  /** The WHERE clause of a case's events (the two expression indexes, see caseEvents). */
  /**
   * What identifies a set of stored events (see case-cache.ts): how many, the highest position (an append),
   * and the sum and maximum of the rows' xmin (the transaction that wrote the row version: an UPDATE, even a
   * superuser's edit with the triggers off, gives the row a newer one, so a tampered event is shown as it
   * is now stored, never as it was).
   */
  private static readonly FINGERPRINT = `concat_ws('/', count(*), max(position), sum(xmin::text::bigint), max(xmin::text::bigint))`;

  private static readonly CASE_CONDITION = `metadata->>'correlationId' = $1 OR substr(stream_id, strpos(stream_id, '-') + 1) = $1
    OR (metadata ? 'caseIds' AND metadata->'caseIds' @> jsonb_build_array($1::text))
    OR (type = 'PaymentBatchIssued' AND NOT (metadata ? 'caseIds') AND data->'payments' @> jsonb_build_array(jsonb_build_object('caseId', $1::text)))`;

  /**
   * Every event of the case, in every context (correlationId = case id, or a stream `<category>-<caseId>`).
   * The two conditions are written exactly as the event store's expression indexes
   * (`events_correlation_id_idx`, `events_stream_entity_id_idx`, migration 3) so PostgreSQL reads
   * both indexes (BitmapOr) instead of scanning the whole log.
   */
  async caseEvents(caseId: string): Promise<AuditEvent[]> {
    return (await this.caseSnapshot(caseId)).events;
  }

  /**
   * The case's events as the audit shows them, and (without field encryption) the snapshot whose derived
   * results may be memoised. With field encryption the events are decrypted per request (a shredded key
   * shows at once), and nothing derived is memoised.
   */
  private async caseSnapshot(caseId: string): Promise<{ events: AuditEvent[]; snapshot: CaseSnapshot | null }> {
    assertCaseId(caseId);
    const id = caseId.toLowerCase();
    let stored: AuditEvent[];
    let snapshot: CaseSnapshot | null = null;
    if (this.cache && this.pool) {
      snapshot = await this.checkedCase(id);
      stored = snapshot.events;
    } else {
      stored = await this.storedCaseEvents(id);
    }
    const fields = this.fields;
    if (!fields) return { events: casePaymentsOfBatches(stored, id), snapshot };
    // the data's personal fields and an officer's words in metadata.reason (sealed by the store; codes stay in clear)
    const events = await Promise.all(
      stored.map(async (e) => ({
        ...e,
        data: (await fields.decrypt(e.data, e.eventId.toLowerCase())).value,
        metadata: await fields.openMetadata(e.metadata, e.eventId.toLowerCase()),
      })),
    );
    // decrypted first: a batch's personal fields are one ciphertext, a line taken out alone would not open
    return { events: casePaymentsOfBatches(events, id), snapshot: null };
  }

  /**
   * The cached case if the store still holds exactly its events, else a fresh load (store-mark.ts): one statement
   * re-reads the case's rows written since the mark's horizon and the table's edit counters (O(log n + k), not a
   * visit of each of the case's rows); every `recheckMs` the full fingerprint is compared as well. Concurrent reads
   * share their check and their load, never one that started before they arrived (FreshQueryCoalescer).
   */
  private async checkedCase(id: string): Promise<CaseSnapshot> {
    const cache = this.cache!;
    const arrived = tick();
    for (let round = 0; round < 3; round++) {
      const hit = cache.peek(id);
      if (!hit?.mark) break;
      if (hit.readAt! > arrived) return hit; // found current by a read that started after this request arrived
      const snap = hit;
      const valid = await this.checks.run(
        `${id}@${snap.fingerprint}`,
        async () => {
          const started = tick();
          const against = snap.mark!;
          const next = checkMark(against, await this.tailSince(id, against.horizon));
          if (!next) return false;
          if (this.recheckMs === 0 || Date.now() - snap.fullCheckedAt! >= this.recheckMs) {
            const at = Date.now();
            if ((await this.fullFingerprint(id)) !== snap.fingerprint) return false;
            snap.fullCheckedAt = at;
          }
          snap.mark = next;
          snap.readAt = Math.max(snap.readAt!, started);
          return true;
        },
        arrived,
      );
      if (cache.peek(id) !== snap) continue; // replaced meanwhile by a newer load: that one may be current for this request
      if (valid) return snap;
      break;
    }
    return this.loads.run(
      id,
      async () => {
        const readAt = tick();
        const loaded = await this.loadCase(id);
        const snapshot: CaseSnapshot = { fingerprint: loaded.fingerprint, events: loaded.events, memo: new Map(), mark: loaded.mark, fullCheckedAt: loaded.at, readAt };
        cache.set(id, snapshot);
        return snapshot;
      },
      arrived,
    );
  }

  /** The edit counters and file of the events table (store-mark.ts); `param`: the table's name. */
  private static editsSql(param: string): string {
    return `concat_ws('/', pg_relation_filenode(${param}::regclass), pg_stat_get_tuples_updated(${param}::regclass), pg_stat_get_tuples_deleted(${param}::regclass),
      (SELECT string_agg(xmin::text || ':' || tgenabled::text, ',' ORDER BY oid) FROM pg_trigger WHERE tgrelid = ${param}::regclass))`;
  }

  private get eventsTable(): string {
    return `"${this.schema}".events`;
  }

  /** The case's rows written by transactions ≥ horizon, the current horizon and the edit counters: one statement, one snapshot. */
  private async tailSince(id: string, horizon: string): Promise<{ horizon: string; edits: string; tailRows: MarkRow[] }> {
    const { rows } = await this.pool!.query<{ horizon: string; edits: string; tail: MarkRow[] }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, ${AuditService.editsSql('$2')} AS edits,
              (SELECT coalesce(json_agg(json_build_object('txId', tx_id::text, 'position', position::text, 'xmin', xmin::text)), '[]'::json)
                 FROM ${this.eventsTable} WHERE tx_id >= $3::xid8 AND (${AuditService.CASE_CONDITION})) AS tail`,
      [id, this.eventsTable, horizon],
    );
    return { horizon: rows[0]!.horizon, edits: rows[0]!.edits, tailRows: rows[0]!.tail };
  }

  /** The full fingerprint of the case's rows (a visit of each): the backstop of the mark. */
  private async fullFingerprint(id: string): Promise<string> {
    const { rows } = await this.pool!.query<{ fingerprint: string }>(
      `SELECT ${AuditService.FINGERPRINT} AS fingerprint FROM ${this.eventsTable} WHERE ${AuditService.CASE_CONDITION}`,
      [id],
    );
    return rows[0]!.fingerprint;
  }

  /** The case's events, their full fingerprint and the store's mark, all read in one REPEATABLE READ snapshot. */
  private async loadCase(id: string): Promise<{ events: AuditEvent[]; fingerprint: string; mark: StoreMark; at: number }> {
    const at = Date.now();
    const client = await this.pool!.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const head = await client.query<{ horizon: string; edits: string }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, ${AuditService.editsSql('$1')} AS edits`,
        [this.eventsTable],
      );
      const rows = await this.caseRows(client, id);
      await client.query('COMMIT');
      const marks = rows.map((r) => r.mark);
      return { events: rows.map((r) => r.event), fingerprint: fullFingerprintOf(marks), mark: markOf(marks, head.rows[0]!.horizon, head.rows[0]!.edits), at };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async caseRows(db: Pick<Pool, 'query'>, id: string): Promise<{ event: AuditEvent; mark: MarkRow }[]> {
    const { rows } = await db.query<{
      position: string;
      tx_id: string;
      row_xmin: string;
      stream_id: string;
      revision: number;
      event_id: string;
      type: string;
      schema_version: number;
      data: unknown;
      metadata: Record<string, unknown>;
      prev_hash: string | null;
      hash: string;
      recorded_at: Date;
    }>(
      `SELECT position::text, tx_id::text, xmin::text AS row_xmin, stream_id, revision::int AS revision, event_id::text, type, schema_version::int AS schema_version, data, metadata, prev_hash, hash, recorded_at
         FROM ${this.eventsTable}
        WHERE ${AuditService.CASE_CONDITION}
        ORDER BY tx_id, position`,
      [id],
    );
    return rows.map((r) => ({
      event: {
        streamId: r.stream_id,
        revision: r.revision,
        eventId: r.event_id,
        type: r.type,
        schemaVersion: r.schema_version,
        data: r.data,
        metadata: r.metadata,
        recordedAt: r.recorded_at.toISOString(),
        position: `${r.tx_id}/${r.position}`,
        prevHash: r.prev_hash,
        hash: r.hash,
      },
      mark: { txId: r.tx_id, position: r.position, xmin: r.row_xmin },
    }));
  }

  /** The case's events as stored (personal fields encrypted when FIELD_ENCRYPTION is on). */
  async storedCaseEvents(caseId: string): Promise<AuditEvent[]> {
    assertCaseId(caseId);
    const id = caseId.toLowerCase();
    if (this.pool && this.store.adapter === 'postgresql') return (await this.caseRows(this.pool, id)).map((r) => r.event);
    const found: AuditEvent[] = [];
    for await (const r of this.readLog()) {
      const meta = r.metadata as { correlationId?: unknown };
      if (meta.correlationId === id || r.streamId.endsWith(`-${id}`) || batchPaysCase(r.type, r.data, id)) found.push(toAuditEvent(r));
    }
    return found;
  }

  /**
   * The case an officer or auditor knows by its 案件编号 (`330106-2026-000001`, as on every notice, the bank file's 明细
   * and the 公示 list): the intake event that assigned the number (category `application`, `data.caseNumber`), with the
   * case id and the jurisdiction recorded there. `null` when no case has that number. Reads no personal field.
   */
  async caseByNumber(caseNumber: string, access?: CaseAccessCheck): Promise<{ caseId: string; caseNumber: string; jurisdiction: string | null } | null> {
    if (!CASE_NUMBER.test(caseNumber)) throw new AuditInputError('invalid_case_number', 'caseNumber must be a case number such as 330106-2026-000001');
    let found: { streamId: string; data: unknown; metadata: Record<string, unknown> } | undefined;
    if (this.pool && this.store.adapter === 'postgresql') {
      const { rows } = await this.pool.query<{ stream_id: string; data: unknown; metadata: Record<string, unknown> }>(
        `SELECT stream_id, data, metadata FROM "${this.schema}".events
          WHERE category = 'application' AND data->>'caseNumber' = $1
          ORDER BY tx_id, position LIMIT 1`,
        [caseNumber],
      );
      if (rows[0]) found = { streamId: rows[0].stream_id, data: rows[0].data, metadata: rows[0].metadata };
    } else {
      for await (const r of this.readLog({ streamCategories: ['application'] })) {
        if ((r.data as { caseNumber?: unknown } | null)?.caseNumber === caseNumber) {
          found = { streamId: r.streamId, data: r.data, metadata: r.metadata as unknown as Record<string, unknown> };
          break;
        }
      }
    }
    if (!found) return null;
    const data = found.data as { caseId?: unknown; jurisdiction?: unknown; form?: { jurisdiction?: unknown } };
    const caseId = typeof data.caseId === 'string' ? data.caseId : found.streamId.slice(found.streamId.indexOf('-') + 1);
    const j = typeof data.jurisdiction === 'string' ? data.jurisdiction : typeof data.form?.jurisdiction === 'string' ? data.form.jurisdiction : null;
    const jurisdiction = j && /^\d{6}(\d{3}){0,2}$/.test(j) ? j : null;
    access?.(jurisdiction);
    return { caseId: caseId.toLowerCase(), caseNumber, jurisdiction };
  }

  /** The events of every `policy-*` stream (the published policy versions with their parameters). */
  async policyEvents(): Promise<AuditEvent[]> {
    return (await this.policySnapshot()).events;
  }

  /** The policy events, cached like a case (fingerprint over the `policy` category, an index-only read). */
  private async policySnapshot(): Promise<{ events: AuditEvent[]; fingerprint: string | null }> {
    if (this.policyCache && this.pool) {
      const pool = this.pool;
      const fingerprint = await this.fingerprints.run('policy', async () => {
        const { rows } = await pool.query<{ fingerprint: string }>(
          `SELECT ${AuditService.FINGERPRINT} AS fingerprint FROM "${this.schema}".events WHERE category = 'policy'`,
        );
        return rows[0]!.fingerprint;
      });
      const snapshot = await this.policyCache.get('policy', fingerprint, () => this.readPolicyEvents());
      return { events: snapshot.events, fingerprint };
    }
    return { events: await this.readPolicyEvents(), fingerprint: null };
  }

  private async readPolicyEvents(): Promise<AuditEvent[]> {
    const out: AuditEvent[] = [];
    for await (const r of this.readLog({ streamCategories: ['policy'] })) out.push(toAuditEvent(r));
    return out;
  }

  private async *readLog(filter?: { streamCategories: string[] }, until?: GlobalPosition): AsyncGenerator<RecordedEvent> {
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: this.pageSize, ...(filter ? { filter } : {}) });
      for (const r of page) {
        if (until && comparePositions(r.position, until) > 0) return;
        yield r;
      }
      if (page.length < this.pageSize) return;
      after = page[page.length - 1]!.position;
    }
  }

  private async requireCase(caseId: string, access?: CaseAccessCheck): Promise<AuditEvent[]> {
    return (await this.requireCaseSnapshot(caseId, access)).events;
  }

  private async requireCaseSnapshot(caseId: string, access?: CaseAccessCheck) {
    const read = await this.caseSnapshot(caseId);
    if (read.events.length === 0) throw new AuditInputError('case_not_found', `No event of case ${caseId} is in the event store`, 404);
    access?.(caseJurisdictionOf(read.events));
    return read;
  }

  /** compute(events), memoised on the case's snapshot when there is one (results are pure functions of the events). */
  private derived<T>(read: { events: AuditEvent[]; snapshot: CaseSnapshot | null }, key: string, compute: (events: AuditEvent[]) => T): T {
    return read.snapshot ? CaseReadCache.memo(read.snapshot, key, () => compute(read.events)) : compute(read.events);
  }

  /** 404 if the case has no event; otherwise runs the access check on its jurisdiction. */
  async assertCaseAccess(caseId: string, access: CaseAccessCheck): Promise<void> {
    await this.requireCase(caseId, access);
  }

  async history(caseId: string, filters: HistoryFilters = {}, access?: CaseAccessCheck) {
    const read = await this.requireCaseSnapshot(caseId, access);
    return this.derived(read, `history:${JSON.stringify([filters.types ?? null, filters.from ?? null, filters.to ?? null, filters.actorId ?? null])}`, (events) =>
      caseHistory(events, filters),
    );
  }

  /**
   * One page of the case's history (filtered): the whole history is the cursor's frame (see paging.ts). `owner` is
   * the memoised filtered history (the same object while the case is unchanged), for the answer's kept body.
   */
  async historyPage(caseId: string, filters: HistoryFilters, limit: number, after: string | undefined, access?: CaseAccessCheck) {
    const read = await this.requireCaseSnapshot(caseId, access);
    const all = this.derived(read, 'history:[null,null,null,null]', (events) => caseHistory(events));
    const noFilter = !filters.types?.length && !filters.from && !filters.to && !filters.actorId;
    const filtered = noFilter
      ? all
      : this.derived(read, `history:${JSON.stringify([filters.types ?? null, filters.from ?? null, filters.to ?? null, filters.actorId ?? null])}`, (events) =>
          caseHistory(events, filters),
        );
    return { owner: filtered, page: historyPage(all, filtered, limit, after) };
  }

  /** The case's timeline (办理记录): its steps across the contexts, newest first, routine events folded (caseTimeline). */
  async timeline(caseId: string, access?: CaseAccessCheck) {
    const read = await this.requireCaseSnapshot(caseId, access);
    return this.derived(read, 'timeline', (events) => caseTimeline(caseHistory(events)));
  }

  async state(caseId: string, asOf: string, mode: AsOfMode, access?: CaseAccessCheck) {
    const read = await this.requireCaseSnapshot(caseId, access);
    return this.derived(read, `state:${JSON.stringify([asOf, mode])}`, (events) => caseStateAsOf(events, asOf, mode));
  }

  async explain(caseId: string, eventId: string, access?: CaseAccessCheck) {
    const [read, policy] = await Promise.all([this.requireCaseSnapshot(caseId, access), this.policySnapshot()]);
    if (policy.fingerprint === null) return explainDecision(read.events, policy.events, eventId);
    return this.derived(read, `explain:${JSON.stringify([eventId, policy.fingerprint])}`, (events) => explainDecision(events, policy.events, eventId));
  }

  async verify(scope: { streamId?: string; caseId?: string } = {}, access?: CaseAccessCheck): Promise<VerifyResult> {
    if (scope.streamId !== undefined) {
      try {
        return { scope: 'stream', ...(await verifyStore(this.store, { streamId: scope.streamId, pageSize: this.pageSize })) };
      } catch (e) {
        if (e instanceof StreamNotFoundError) throw new AuditInputError('stream_not_found', `Stream ${scope.streamId} has no events`, 404);
        throw e;
      }
    }
    if (scope.caseId !== undefined) {
      const streams = [...new Set((await this.requireCase(scope.caseId, access)).map((e) => e.streamId))].sort();
      const results: { streamId: string; ok: boolean; checked: number }[] = [];
      let checked = 0;
      for (const streamId of streams) {
        const r = await verifyStore(this.store, { streamId, pageSize: this.pageSize });
        results.push({ streamId, ok: r.ok, checked: r.checked });
        checked += r.checked;
        if (!r.ok) return { scope: 'case', ok: false, checked, firstBroken: r.firstBroken, streams: results };
      }
      return { scope: 'case', ok: true, checked, streams: results };
    }
    return { scope: 'store', ...(await verifyStore(this.store, { pageSize: this.pageSize })) };
  }

  /** A checkpoint of the whole log as it is now (optionally continuing from an earlier one). */
  async checkpoint(from?: Checkpoint): Promise<Checkpoint> {
    const digest = new CheckpointDigest(from);
    const start = from?.globalPosition ? parsePosition(from.globalPosition) : undefined;
    let after = start;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: this.pageSize });
      for (const r of page) digest.add(toAuditEvent(r));
      if (page.length < this.pageSize) break;
      after = page[page.length - 1]!.position;
    }
    return digest.result(this.now().toISOString());
  }

  /** Re-computes the digest over the log up to the checkpoint's position and compares. */
  async compareCheckpoint(expected: Checkpoint): Promise<CheckpointComparison> {
    const digest = new CheckpointDigest();
    if (expected.globalPosition !== null) {
      for await (const r of this.readLog(undefined, parsePosition(expected.globalPosition))) digest.add(toAuditEvent(r));
    }
    return compareCheckpoint(expected, digest.result(this.now().toISOString()));
  }
}

/** A payment run's batch event (`PaymentBatchIssued`) with a line for the case. */
function batchPaysCase(type: string, data: unknown, caseId: string): boolean {
  if (type !== 'PaymentBatchIssued') return false;
  const payments = (data as { payments?: unknown } | null)?.payments;
  return Array.isArray(payments) && payments.some((p) => (p as { caseId?: unknown } | null)?.caseId === caseId);
}

/**
 * A batch event pays many cases and is correlated with its run: in one case's record it stands as that case's
 * own lines, each a `PaymentIssued` as a run before the batch event recorded it (same data, the run's stream,
 * revision, position and hash — the chain verified is the run stream's), and nobody else's lines.
 */
export function casePaymentsOfBatches(events: AuditEvent[], caseId: string): AuditEvent[] {
  if (!events.some((e) => e.type === 'PaymentBatchIssued')) return events;
  const out: AuditEvent[] = [];
  for (const e of events) {
    if (e.type !== 'PaymentBatchIssued' || (e.metadata as { correlationId?: unknown }).correlationId === caseId) {
      out.push(e);
      continue;
    }
    const batch = e.data as {
      runId?: string;
      period?: string;
      issuedOn?: string;
      payments?: Array<Record<string, unknown>>;
      arrears?: Array<Record<string, unknown>>;
    };
    const asPayment = (line: Record<string, unknown>, kind: 'REGULAR' | 'ARREARS', id: string): AuditEvent => ({
      ...e,
      eventId: id,
      type: 'PaymentIssued',
      data: { ...line, runId: batch.runId, period: batch.period, kind, issuedOn: batch.issuedOn },
      metadata: { ...e.metadata, correlationId: caseId, batchEventId: e.eventId },
    });
    (batch.payments ?? []).forEach((line, i) => {
      if (line.caseId === caseId) out.push(asPayment(line, 'REGULAR', `${e.eventId}#${i}`));
    });
    // 补发 lines with something left to pay after netting are bank-file lines of the case too (kind ARREARS)
    (batch.arrears ?? []).forEach((line, i) => {
      if (line.caseId === caseId && Number(line.amountFen) > 0) out.push(asPayment(line, 'ARREARS', `${e.eventId}#arrears-${i}`));
    });
  }
  return out;
}
