/**
 * Executes a monthly payment run, batch by batch, resumably. Framework-free (the Nest service, the
 * crash tests and the benchmark all use it).
 *
 * Per batch (one PostgreSQL transaction + one event-store append):
 *   1. read the next `batchSize` entitlements of the district after the run's cursor, in entitlement-id
 *      order (keyset pagination = a streaming cursor that survives restarts);
 *   2. ask the entitlement domain what each owes for the month (`amountForPeriod`) and the run decider
 *      to issue the batch (it refuses anything at or before the cursor: never twice);
 *   3. BEGIN; INSERT the payment rows (multi-row, ON CONFLICT DO NOTHING: the UNIQUE (entitlement, period)
 *      index is the second line of defence); append the batch's ONE `PaymentBatchIssued` event (every
 *      payment line with its decision; the relay publishes one `PaymentIssued` per payment from it) with
 *      the exact expected revision — on PostgreSQL IN THIS TRANSACTION (`appendInTransaction`); update
 *      progress and the run's snapshot (state + revision); record the batch's part of the bank file (its
 *      lines numbered on from the run's count, written to the file store before the append, with their
 *      digest); COMMIT. On PostgreSQL the event, the rows, the part and the snapshot become visible
 *      together or not at all: whoever sees a batch's event sees its rows.
 *   After the last batch the bank file is assembled from the parts in batch order (header, parts, trailer):
 *   the payment rows are not read again. A part the store lost is rewritten from its batch's rows.
 * A concurrent executor of the same run loses the append (wrong expected revision), rolls back and
 * continues from the winner's cursor.
 * EventStoreDB (no shared transaction): the event is appended before the COMMIT, so it can be stored while
 * its rows are not (a crash, or a rival still committing); the rows trust the stream — the last batch's
 * rows and part are written from its event on resume and again before the bank file is assembled
 * (idempotent), so the file always adds up to the run's totals.
 *
 * Commands: the start goes through the platform's command pipeline (`DisbursementPipelines.paymentRun`);
 * the batches and the bank-file record keep a batch path (the run already holds the state and the
 * revision it folded, so the stream is never re-read per batch), with the pipeline's append semantics:
 * events decided by the same decider, ids `eventIdFor(commandId, i)`, metadata from the pipeline's
 * `metadata()`, append with the exact revision, a conflict → re-read and continue. On EventStoreDB a crash after
 * the append but before COMMIT leaves events without rows: on resume the rows of the last batch are
 * re-inserted from its events (on PostgreSQL the crash rolls the event back too). Event ids derive from
 * (run, cursor), payment ids from (entitlement, month), so every retry is idempotent.
 *
 * The run's state is loaded from its snapshot in `payment_runs` (written with each batch, after the
 * append: never ahead of the stream) plus the events after it — resuming, the bank confirmation and a
 * reissue (`handle`) never re-read a million-payment stream.
 */
import { DomainError, fold } from '@sa/decider';
import {
  currentCommandScope,
  eventIdFor,
  IdempotencyConflictError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type ActorRef,
  type EventStore,
  type MetadataHandleOptions,
  type NewEvent,
} from '@sa/eventstore';
import { createHash, randomUUID } from 'node:crypto';
import { quoteIdent } from '@sa/database';
import type { Pool, PoolClient } from 'pg';
import { detailLinesText, type BankFileLine, type BankFilePartText, type BankFileWriter } from '../bank/bank-file';
import { disbursementPipelines, type DisbursementPipelineSet } from '../commands/disbursement-pipelines';
import {
  amountForPeriod,
  DEFAULT_RECOVERY_CAP_PERCENT,
  planRecovery,
  recoveryCapFor,
  type ArrearsLine,
  type OffsetLine,
  issuedPayments,
  paymentProgramOf,
  paymentRunDecider,
  paymentRunStreamId,
  type EntitlementState,
  type HeldLine,
  type IssuedPayment,
  type PaymentLine,
  type PaymentRunCommandBody,
  type PaymentRunEvent,
  type PaymentRunKind,
  type PaymentRunState,
} from '../domain';
import { arrearsPaymentIdFor, regularPaymentIdFor, runIdFor, supplementaryRunIdFor } from '../commands/ids';
import { openColumn, openRows, sealColumn } from '../read-models/sealed-columns';
import { shanghaiDate, type Clock } from '@sa/time';
import { findAfterIssuing } from './run-tail';

export interface PaymentRunExecutorOptions {
  pool: Pool;
  store: EventStore;
  /** The service schema (entitlements, payments, payment_runs). */
  schema: string;
  bankFiles: BankFileWriter;
  batchSize: number;
  clock: Clock;
  /** Ends the execution between batches (the run stays resumable). */
  signal?: AbortSignal;
  /** Test hook: runs after a batch's append, before its COMMIT (throw to simulate a crash there). */
  afterAppend?: (batchNo: number) => void | Promise<void>;
  /** Called after each committed batch. */
  onBatch?: (state: PaymentRunState) => void;
  /** The overpayment recovery cap (% of the month's regular amount) of a jurisdiction; default 30 (DEFAULT_RECOVERY_CAP_PERCENT). */
  recoveryCapPercent?: (jurisdiction: string) => number;
}

export const SYSTEM_ACTOR: ActorRef = { id: 'disbursement-payment-run', role: 'system', jurisdiction: '000000' };

interface Loaded {
  state: PaymentRunState;
  revision: number;
  /** The payments of the last batch after the snapshot (their rows may be missing after a crash). */
  lastBatch: IssuedPayment[];
  /** The arrears and offsets of that batch (their rows too). */
  lastRecovery: BatchRecovery | null;
  /** That batch's number and key range (a `PaymentBatchIssued`; null for the older per-payment events). */
  lastRange: BatchRange | null;
}

/** A batch's number and the entitlement keys it covers: (afterCursor, lastKey]. */
interface BatchRange {
  batchNo: number;
  afterCursor: string;
  lastKey: string;
}

/** A batch ready to commit (see PaymentRunExecutor.prepareBatch). */
interface PreparedBatch {
  runId: string;
  /** The stream revision it was decided on (its append expects exactly this). */
  revision: number;
  lastKey: string;
  events: PaymentRunEvent[];
  newEvents: NewEvent[];
  after: PaymentRunState;
  payments: Promise<unknown[] | null>;
  recoveries: BatchRecovery[];
  part: (FilePartRow & { text: string }) | null;
}

/** A `payment_run_file_parts` row: the part of the bank file a batch wrote. */
interface FilePartRow {
  batch_no: number;
  after_cursor: string;
  last_key: string;
  first_seq: number;
  line_count: number;
  amount_fen: string;
  sha256: string;
  part_ref: string;
}

/** A batch's bank-file lines: its payments and paid arrears, in entitlement order (an entitlement's lines by payment id), as the file lists them. */
export function bankFileLinesOf(payments: readonly IssuedPayment[]): BankFileLine[] {
  return payments
    .filter((p) => p.kind === 'REGULAR' || p.kind === 'ARREARS')
    .sort((a, b) => (a.entitlementId < b.entitlementId ? -1 : a.entitlementId > b.entitlementId ? 1 : a.paymentId < b.paymentId ? -1 : a.paymentId > b.paymentId ? 1 : 0))
    .map((p) => ({
      paymentId: p.paymentId,
      caseNumber: p.caseNumber,
      recipientName: p.recipient.name,
      bankAccountRef: p.recipient.bankAccountRef,
      amountFen: p.amountFen,
      program: p.program,
      period: p.period,
    }));
}

const sha256Of = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
/** Where a run's bank file goes, and its parts (one per batch) while it is built. */
const bankFileRefOf = (state: PaymentRunState): string => `${state.district}/${state.period}/payment-run-${state.runId}.csv`;
const partsPrefixOf = (state: PaymentRunState): string => `${bankFileRefOf(state)}.parts`;

/** What a batch settled besides its payments: arrears (补发) and offsets (追回), with the run and month. */
interface BatchRecovery {
  runId: string;
  period: string;
  arrears: ArrearsLine[];
  offsets: OffsetLine[];
}

/** What earlier runs did for an entitlement: arrears settled, offsets applied (per overpayment), an offset this month. */
interface RecoveryFacts {
  arrearsSettled: Set<string>;
  offsetByDecision: Map<string, number>;
  offsetThisMonth: boolean;
}

/** What `handle` did: the events decided (none for a no-op or a retried command), the state and revision after. */
export interface RunCommandOutcome {
  events: PaymentRunEvent[];
  state: PaymentRunState;
  revision: number;
  commandId: string;
  alreadyHandled: boolean;
}

interface EntitlementRow {
  entitlement_id: string;
  case_id: string;
  state: EntitlementState;
  /** Only for entitlements with arrears or overpayments recorded. */
  recovery?: RecoveryFacts;
}

const recoveryFromBatch = (e: PaymentRunEvent): BatchRecovery | null =>
  e.type === 'PaymentBatchIssued' && (e.data.arrears || e.data.offsets)
    ? { runId: e.data.runId, period: e.data.period, arrears: e.data.arrears ?? [], offsets: e.data.offsets ?? [] }
    : null;

export class PaymentRunExecutor {
  private readonly s: string;
  /** The run's decider on the platform's command pipeline. */
  readonly runs: DisbursementPipelineSet['paymentRun'];
  /** The store appends inside our transaction (PostgreSQL): a batch's event and its rows commit together. */
  private readonly atomicBatches: boolean;

  constructor(private readonly o: PaymentRunExecutorOptions) {
    this.s = quoteIdent(o.schema);
    this.runs = disbursementPipelines(o.store, o.clock).paymentRun;
    this.atomicBatches = typeof this.runs.inner.options.store.appendInTransaction === 'function';
  }

  /**
   * Starts the run of a district for a month (or finds it started): the run id is derived from both. A
   * supplementary run (补发批次, `kind: 'SUPPLEMENTARY'`) pays only arrears not yet settled, in the current month;
   * its id is derived from the district and the day (one per day: starting it again the same day resumes it).
   */
  async start(district: string, period: string, actor: ActorRef, kind?: PaymentRunKind): Promise<Pick<PaymentRunState, 'runId' | 'status' | 'total' | 'done'>> {
    // The instant of the start, read once: the supplementary run's day and the command's metadata.now.
    const now = this.runs.now();
    const runId = kind === 'SUPPLEMENTARY' ? supplementaryRunIdFor(district, shanghaiDate(now)) : runIdFor(district, period);
    // Started before (its progress row is written right after the start event): never re-read a long stream here.
    const known = await this.o.pool.query<{ status: PaymentRunState['status']; total: number; done: number }>(
      `SELECT status, total, done FROM ${this.s}.payment_runs WHERE run_id = $1`,
      [runId],
    );
    if (known.rows[0]) return { runId, ...known.rows[0] };
    // asOf travels as an ISO string with millisecond precision, so registrations are compared at that
    // precision too: an entitlement registered in the same millisecond as the start is in the run.
    const { rows } = await this.o.pool.query<{ as_of: Date }>('SELECT clock_timestamp() AS as_of');
    const asOf = rows[0]!.as_of.toISOString();
    const counted = await this.o.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.s}.entitlements WHERE district = $1 AND date_trunc('milliseconds', registered_at) <= $2`,
      [district, asOf],
    );
    // The command id comes from the run: a second start (or a concurrent one) is the same command, recognised.
    const result = await this.runs.handle(
      runId,
      { type: 'StartPaymentRun', data: { runId, district, period, total: Number(counted.rows[0]!.n), asOf, ...(kind ? { kind } : {}) } },
      { actor, commandId: `${runId}/start`, retryOnConflict: true, now },
    );
    await this.saveProgress(this.o.pool, result.state, new Date(now), result.revision);
    return result.state;
  }

  /** Runs (or resumes) the run until its bank file is written. Returns the final state. */
  async execute(runId: string): Promise<PaymentRunState> {
    const loaded = await this.load(runId);
    let { state, revision } = loaded;
    if (state.status === 'NONE') throw new DomainError('payment_run_not_started', 'No such payment run', { kind: 'not_found' });
    await this.repair(loaded, state, revision);
    // The next page is read while the current batch commits (keyset: it starts after the batch's last
    // key); after a conflict or a reload it is dropped and read again from the run's cursor.
    let prefetched: { after: string; rows: Promise<EntitlementRow[]> } | null = null;
    const page = (after: string) => ({ after, rows: this.entitlementPage(state.district, state.asOf, after, state.period) });
    const drop = () => {
      prefetched?.rows.catch(() => undefined);
      prefetched = null;
    };
    // The next batch is also decided (and its rows and bank-file part prepared) while the current one's
    // transaction is in flight, on the state that batch leads to; it is dropped if that batch does not commit.
    let ready: PreparedBatch | null = null;
    try {
      while (state.status === 'ISSUING') {
        this.o.signal?.throwIfAborted();
        let batch: PreparedBatch | null = ready && ready.revision === revision && ready.after.batches === state.batches + 1 ? ready : null;
        ready = null;
        if (!batch) {
          const current: { after: string; rows: Promise<EntitlementRow[]> } = prefetched && prefetched.after === state.cursor ? prefetched : page(state.cursor);
          if (current !== prefetched) drop();
          prefetched = null;
          const rows = await current.rows;
          if (rows.length === 0) {
            const written = await this.writeBankFile(state, revision);
            if (written) {
              state = written;
              break;
            }
            ({ state, revision } = await this.load(runId)); // another executor recorded the file (or moved the run on)
            continue;
          }
          batch = this.prepareBatch(state, revision, rows);
          if (!batch) {
            ({ state, revision } = await this.load(runId)); // the decider refused: someone else moved the run on
            continue;
          }
        }
        prefetched = page(batch.lastKey);
        const committing = this.commitPrepared(batch);
        committing.catch(() => undefined);
        // meanwhile: the next page and the next batch, on the state this one leads to
        const next = prefetched;
        const nextRows = await next.rows.catch(() => null);
        if (nextRows && nextRows.length > 0 && prefetched === next) {
          prefetched = null;
          ready = this.prepareBatch(batch.after, batch.revision + batch.events.length, nextRows);
        }
        const committed = await committing;
        if (!committed) {
          ready = null;
          drop();
          ({ state, revision } = await this.load(runId)); // someone else moved the run on: continue from there
          continue;
        }
        ({ state, revision } = committed);
        this.o.onBatch?.(state);
      }
    } finally {
      drop();
    }
    return state;
  }

  /** Like execute, but only where no other executor (in any process) holds the run: null if one does. */
  async executeExclusive(runId: string): Promise<PaymentRunState | null> {
    const client = await this.o.pool.connect();
    const key = `sa.disbursement.paymentRun:${runId}`;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      if (!rows[0]!.locked) return null;
      try {
        return await this.execute(runId);
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  /**
   * The run's state: its snapshot (`payment_runs`) folded on with the events after it, page by page (a
   * run without a snapshot — started before snapshots — is folded from the start, never held in memory at once).
   */
  async load(runId: string): Promise<Loaded> {
    const streamId = paymentRunStreamId(runId);
    const snap = await this.o.pool.query<{ snapshot: PaymentRunState | null; snapshot_revision: string | null }>(
      `SELECT snapshot, snapshot_revision FROM ${this.s}.payment_runs WHERE run_id = $1`,
      [runId],
    );
    const row = snap.rows[0];
    let state = row?.snapshot && row.snapshot_revision !== null ? row.snapshot : paymentRunDecider.initialState;
    let revision = row?.snapshot && row.snapshot_revision !== null ? Number(row.snapshot_revision) : -1;
    let pending: IssuedPayment[] = [];
    let lastBatch: IssuedPayment[] = [];
    let lastRecovery: BatchRecovery | null = null;
    let lastRange: BatchRange | null = null;
    const page = 100;
    for (;;) {
      let events;
      try {
        events = await this.o.store.readStream(streamId, { direction: 'forwards', fromRevision: revision + 1, maxCount: page });
      } catch (err) {
        if (err instanceof StreamNotFoundError) break;
        throw err;
      }
      for (const r of events) {
        const e = { type: r.type, data: r.data } as PaymentRunEvent;
        state = paymentRunDecider.evolve(state, e);
        revision = r.revision;
        if (e.type === 'PaymentIssued') pending.push(e.data);
        if (e.type === 'PaymentBatchProcessed') {
          lastBatch = pending;
          pending = [];
          lastRange = null;
        }
        if (e.type === 'PaymentBatchIssued') {
          lastBatch = issuedPayments(e);
          lastRecovery = recoveryFromBatch(e);
          lastRange = { batchNo: e.data.batchNo, afterCursor: e.data.afterCursor, lastKey: e.data.lastKey };
        }
      }
      if (events.length < page) break;
    }
    return { state, revision, lastBatch, lastRecovery, lastRange };
  }

  /**
   * A command on the run (bank confirmation, completion, reissue) with the pipeline's semantics — actor
   * and command id from the HTTP scope, If-Match, event ids `eventIdFor(commandId, i)`, per-case
   * correlation, a retried command recognised, `metadata: { actor, now }` from the pipeline's `command()`
   * (`o.now`: the instant the caller read for values it computed, else the clock now) — on the snapshot +
   * tail instead of the whole stream. A command whose first event is already recorded after the run's
   * payments is answered as handled.
   */
  async handle(runId: string, body: PaymentRunCommandBody, options: MetadataHandleOptions = {}): Promise<RunCommandOutcome> {
    const { now = this.runs.now(), ...o } = options;
    const scope = currentCommandScope();
    const streamId = paymentRunStreamId(runId);
    const commandId = o.commandId ?? scope?.commandId ?? randomUUID();
    const actor = o.actor ?? scope?.actor;
    if (!actor) throw new TypeError('A command needs an actor (none given and no HTTP command scope)');
    const metadata = this.runs.metadata(runId, commandId, { ...o, actor });
    const command = this.runs.command(body, actor, now);
    const expected = o.expectedRevision ?? (scope && scope.streamId === streamId ? scope.expectedRevision : undefined);
    const firstId = eventIdFor(commandId, 0);
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(runId);
      if (expected !== undefined && expected !== revision) throw new WrongExpectedRevisionError(streamId, expected, revision < 0 ? 'no_stream' : revision);
      let events: PaymentRunEvent[];
      try {
        events = this.runs.decider.decide(command, state);
      } catch (err) {
        if (await findAfterIssuing(this.o.store, runId, (e) => e.eventId === firstId)) return { events: [], state, revision, commandId, alreadyHandled: true };
        throw err;
      }
      if (events.length === 0) return { events, state, revision, commandId, alreadyHandled: false };
      const after = fold(this.runs.decider, events, state);
      const newEvents: NewEvent[] = events.map((e, i) => ({ eventId: eventIdFor(commandId, i), type: e.type, schemaVersion: 1, data: e.data, metadata }));
      try {
        const res = await this.runs.inner.options.store.appendToStream(streamId, newEvents, { expectedRevision: revision < 0 ? 'no_stream' : revision });
        scope?.revisions.set(streamId, res.nextExpectedRevision);
        if (res.written) await this.saveProgress(this.o.pool, after, this.o.clock.now(), res.nextExpectedRevision);
        return { events: res.written ? events : [], state: res.written ? after : state, revision: res.nextExpectedRevision, commandId, alreadyHandled: !res.written };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || scope || !o.retryOnConflict || expected !== undefined || attempt > 3) throw err;
      }
    }
  }

  /** The next `batchSize` entitlements of the district registered by the run's start, after `after` (keyset pagination). */
  private async entitlementPage(district: string, asOf: string, after: string, period: string): Promise<EntitlementRow[]> {
    const { rows } = await this.o.pool.query<EntitlementRow>(
      `SELECT entitlement_id, case_id, state FROM ${this.s}.entitlements
        WHERE district = $1 AND date_trunc('milliseconds', registered_at) <= $2 AND ($3::uuid IS NULL OR entitlement_id > $3::uuid)
        ORDER BY entitlement_id LIMIT $4`,
      [district, asOf, after || null, this.o.batchSize],
    );
    const opened = await Promise.all(rows.map(async (r) => ({ ...r, state: await openColumn('entitlements.state', r.state, r.case_id) })));
    await this.attachRecoveryFacts(opened, period);
    return opened;
  }

  /**
   * For the page's entitlements with arrears or overpayments recorded (most have none: no query then):
   * what earlier runs already settled and offset — read from the rows written with their batches.
   */
  private async attachRecoveryFacts(rows: EntitlementRow[], period: string): Promise<void> {
    const concerned = rows.filter((r) => (r.state.arrears?.length ?? 0) > 0 || (r.state.recoveries?.length ?? 0) > 0);
    if (concerned.length === 0) return;
    for (const r of concerned) r.recovery = { arrearsSettled: new Set(), offsetByDecision: new Map(), offsetThisMonth: false };
    const byId = new Map(concerned.map((r) => [r.entitlement_id, r.recovery!]));
    const { rows: facts } = await this.o.pool.query<{ entitlement_id: string; what: 'A' | 'O'; decision_id: string; amount_fen: string; this_month: boolean }>(
      `SELECT entitlement_id, 'A' AS what, arrears_decision_id AS decision_id, 0 AS amount_fen, false AS this_month
         FROM ${this.s}.arrears_settlements WHERE entitlement_id = ANY($1::uuid[])
       UNION ALL
       SELECT entitlement_id, 'O', overpayment_decision_id, sum(amount_fen), bool_or(against = 'REGULAR' AND period = $2)
         FROM ${this.s}.overpayment_offsets WHERE entitlement_id = ANY($1::uuid[]) GROUP BY entitlement_id, overpayment_decision_id`,
      [concerned.map((r) => r.entitlement_id), period],
    );
    for (const f of facts) {
      const r = byId.get(f.entitlement_id)!;
      if (f.what === 'A') r.arrearsSettled.add(f.decision_id);
      else {
        r.offsetByDecision.set(f.decision_id, Number(f.amount_fen));
        if (f.this_month) r.offsetThisMonth = true;
      }
    }
  }

  private batchCommand(state: PaymentRunState, rows: EntitlementRow[]): Extract<PaymentRunCommandBody, { type: 'IssueBatch' }> {
    const payments: PaymentLine[] = [];
    const held: HeldLine[] = [];
    const arrears: ArrearsLine[] = [];
    const offsets: OffsetLine[] = [];
    // 补发批次: arrears only; an entitlement with nothing left to settle is held as NO_ARREARS.
    const supplementary = state.kind === 'SUPPLEMENTARY';
    for (const row of rows) {
      const e = row.state;
      const owed = amountForPeriod(e, state.period);
      const payable = !supplementary && owed.payable && e.recipient && owed.decisionId;
      const paymentId = regularPaymentIdFor(row.entitlement_id, state.period);
      let amountFen = owed.amountFen;
      let offsetFen = 0;
      if (row.recovery) {
        // 补发 and 追回 (domain/recovery.ts): arrears netted first, then the capped offset against this month's payment.
        const plan = planRecovery({
          state: e,
          period: state.period,
          regular: payable ? { paymentId, decisionId: owed.decisionId!, amountFen: owed.amountFen } : null,
          arrearsSettled: row.recovery.arrearsSettled,
          offsetByDecision: row.recovery.offsetByDecision,
          offsetThisMonth: row.recovery.offsetThisMonth,
          // The grant's policy cap (AssistanceGranted v3) when the entitlement has one; else the service setting.
          capPercent: recoveryCapFor(e, this.o.recoveryCapPercent?.(e.jurisdiction) ?? DEFAULT_RECOVERY_CAP_PERCENT).capPercent,
          arrearsPaymentId: (decisionId) => arrearsPaymentIdFor(row.entitlement_id, decisionId),
        });
        arrears.push(...plan.arrears);
        offsets.push(...plan.offsets);
        offsetFen = owed.amountFen - plan.regularNetFen;
        amountFen = plan.regularNetFen;
        if (supplementary && plan.arrears.length > 0) continue; // covered by its arrears lines
      }
      if (supplementary) {
        held.push({ entitlementId: row.entitlement_id, caseId: e.caseId, status: 'NO_ARREARS' });
      } else if (payable) {
        payments.push({
          paymentId,
          entitlementId: row.entitlement_id,
          caseId: e.caseId,
          caseNumber: e.caseNumber,
          program: paymentProgramOf(e),
          jurisdiction: e.jurisdiction,
          amountFen,
          decisionId: owed.decisionId!,
          recipient: e.recipient!,
          ...(offsetFen > 0 ? { offsetFen } : {}),
        });
      } else {
        held.push({ entitlementId: row.entitlement_id, caseId: e.caseId, status: e.recipient ? owed.status : 'NO_BANK_ACCOUNT' });
      }
    }
    return {
      type: 'IssueBatch',
      data: {
        afterCursor: state.cursor,
        lastKey: rows[rows.length - 1]!.entitlement_id,
        payments,
        held,
        ...(arrears.length > 0 ? { arrears } : {}),
        ...(offsets.length > 0 ? { offsets } : {}),
      },
    };
  }

  /**
   * The batch path's append, with the pipeline's semantics on a state and revision the executor already
   * holds: the command's `metadata: { actor, now }` from the pipeline (the run's system actor, the clock now),
   * decide, event ids from the command id, event metadata from the pipeline, exact expected revision.
   * Null when another executor got there first (the stream moved, or the decider refuses on a conflict).
   */
  private decideOnKnown(
    state: PaymentRunState,
    body: PaymentRunCommandBody,
    commandId: string,
  ): { events: PaymentRunEvent[]; newEvents: NewEvent[]; after: PaymentRunState } | null {
    const command = this.runs.command(body, SYSTEM_ACTOR, this.runs.now());
    let events: PaymentRunEvent[];
    try {
      events = this.runs.decider.decide(command, state);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'conflict') return null;
      throw err;
    }
    // Correlation: the run; the run's store gives each case's events their case (correlatingRunEventsByCase).
    const metadata = this.runs.metadata(state.runId, commandId, { actor: SYSTEM_ACTOR });
    const newEvents: NewEvent[] = events.map((e, i) => ({ eventId: eventIdFor(commandId, i), type: e.type, schemaVersion: 1, data: e.data, metadata }));
    return { events, newEvents, after: fold(this.runs.decider, events, state) };
  }

  /**
   * Appends with the exact revision — inside `tx` when given (the store appends in the caller's transaction) —
   * false when another executor appended first (nothing written; `tx` must be rolled back).
   */
  private async appendExact(runId: string, revision: number, newEvents: NewEvent[], tx?: PoolClient): Promise<boolean> {
    const store = this.runs.inner.options.store;
    const streamId = paymentRunStreamId(runId);
    const options = { expectedRevision: revision < 0 ? ('no_stream' as const) : revision };
    try {
      const res = tx && store.appendInTransaction ? await store.appendInTransaction(tx, streamId, newEvents, options) : await store.appendToStream(streamId, newEvents, options);
      return res.written;
    } catch (err) {
      if (err instanceof WrongExpectedRevisionError || err instanceof IdempotencyConflictError) return false;
      throw err;
    }
  }

  /**
   * A batch decided on the state and revision the executor holds, with everything its transaction sends
   * computed (payment rows as arrays, recovery rows, the bank-file part's text). Node work only: it runs while the previous batch's transaction is in flight. Null when the
   * decider refuses on a conflict (another executor got there first).
   */
  private prepareBatch(state: PaymentRunState, revision: number, rows: EntitlementRow[]): PreparedBatch | null {
    const command = this.batchCommand(state, rows);
    const decided = this.decideOnKnown(state, command, `${state.runId}/batch/${command.data.afterCursor || 'start'}`);
    if (!decided) return null;
    const { events, newEvents, after } = decided;
    const issued = events.flatMap(issuedPayments);
    const part = this.filePart(state, { batchNo: after.batches, afterCursor: command.data.afterCursor, lastKey: command.data.lastKey }, issued, state.paymentCount + 1);
    const recoveries = events.map(recoveryFromBatch).filter((r): r is BatchRecovery => r !== null);
    const payments = this.paymentColumns(issued);
    payments.catch(() => undefined); // awaited by the commit; a dropped batch's failure is nobody's
    return { runId: state.runId, revision, lastKey: command.data.lastKey, events, newEvents, after, payments, recoveries, part };
  }

  /** One prepared batch: rows + event + part + progress in one transaction. Null when another executor got there first. */
  private async commitPrepared(b: PreparedBatch): Promise<{ state: PaymentRunState; revision: number } | null> {
    // The batch's part of the bank file, written while the rows go in and stored before anything commits:
    // a committed batch always has its part (its ref carries the text's digest, so a rival's never replaces it).
    const partWritten = b.part ? this.o.bankFiles.writePart(b.part.part_ref, b.part.text) : Promise.resolve();
    partWritten.catch(() => undefined);
    const client = await this.o.pool.connect();
    try {
      await client.query('BEGIN');
      await this.insertPaymentColumns(client, await b.payments);
      for (const r of b.recoveries) await this.insertRecovery(client, r);
      // Arrears another run settled meanwhile (a supplementary run and a monthly run of the district at once): the
      // settlement's primary key made this insert wait for the rival's COMMIT and do nothing. Paying it again here
      // would put the line in two bank files: roll back; the batch is decided again on what is settled now.
      if (await this.settledByAnotherRun(client, b.runId, b.recoveries)) {
        await client.query('ROLLBACK');
        return null;
      }
      await partWritten;
      // PostgreSQL: the event goes in this transaction — visible with the rows, the part and the snapshot, or
      // not at all. EventStoreDB: appended here, before COMMIT; a batch whose event is stored but whose rows
      // are not (a crash, or a rival still committing) is completed from its event (repair, writeBankFile).
      if (!(await this.appendExact(b.runId, b.revision, b.newEvents, this.atomicBatches ? client : undefined))) {
        await client.query('ROLLBACK');
        return null;
      }
      await this.o.afterAppend?.(b.after.batches);
      if (b.part) await this.insertFilePart(client, b.runId, b.part);
      await this.saveProgress(client, b.after, this.o.clock.now(), b.revision + b.events.length);
      await client.query('COMMIT');
      return { state: b.after, revision: b.revision + b.events.length };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Multi-row insert from arrays; ON CONFLICT DO NOTHING keeps a retry (or a rival) from paying twice. */
  private async insertPayments(client: Pool | PoolClient, payments: IssuedPayment[]): Promise<void> {
    await this.insertPaymentColumns(client, await this.paymentColumns(payments));
  }

  /** The payment rows as the INSERT's parameter arrays (the recipient sealed, as JSON text); null when none. */
  private async paymentColumns(payments: readonly IssuedPayment[]): Promise<unknown[] | null> {
    if (payments.length === 0) return null;
    const n = payments.length;
    const cols: unknown[][] = Array.from({ length: 13 }, () => new Array<unknown>(n));
    const recipients = await Promise.all(payments.map((p) => sealColumn('payments.recipient', p.recipient, p.caseId)));
    for (let i = 0; i < n; i++) {
      const p = payments[i]!;
      cols[0]![i] = p.paymentId;
      cols[1]![i] = p.entitlementId;
      cols[2]![i] = p.caseId;
      cols[3]![i] = p.caseNumber;
      cols[4]![i] = p.period;
      cols[5]![i] = p.kind;
      cols[6]![i] = p.runId;
      cols[7]![i] = p.program;
      cols[8]![i] = p.jurisdiction;
      cols[9]![i] = p.amountFen;
      cols[10]![i] = p.decisionId;
      cols[11]![i] = JSON.stringify(recipients[i]);
      cols[12]![i] = p.issuedOn;
    }
    return cols;
  }

  private async insertPaymentColumns(client: Pool | PoolClient, columns: unknown[] | null): Promise<void> {
    if (!columns) return;
    await client.query(
      `INSERT INTO ${this.s}.payments
         (payment_id, entitlement_id, case_id, case_number, period, kind, run_id, program, jurisdiction, amount_fen, decision_id, recipient, issued_on)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::char(7)[], $6::text[], $7::uuid[], $8::text[], $9::text[],
                            $10::bigint[], $11::text[], $12::jsonb[], $13::date[])
       ON CONFLICT DO NOTHING`,
      columns,
    );
  }

  /**
   * The arrears settled and the offsets applied by a batch: the rows later runs read (never twice), written
   * in the batch's transaction; the primary keys (entitlement + decision; entitlement + month + overpayment +
   * payment reduced) are the second line, ON CONFLICT DO NOTHING makes a repair or a rival's retry harmless.
   */
  private async insertRecovery(client: Pool | PoolClient, r: BatchRecovery): Promise<void> {
    if (r.arrears.length > 0) {
      await client.query(
        `INSERT INTO ${this.s}.arrears_settlements (entitlement_id, arrears_decision_id, case_id, run_id, period, determined_fen, netted_fen, paid_fen, payment_id)
         SELECT e, d, c, $4::uuid, $5, df, nf, pf, CASE WHEN pf > 0 THEN p END
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $6::bigint[], $7::bigint[], $8::bigint[], $9::uuid[]) AS t(e, d, c, df, nf, pf, p)
         ON CONFLICT DO NOTHING`,
        [
          r.arrears.map((a) => a.entitlementId),
          r.arrears.map((a) => a.decisionId),
          r.arrears.map((a) => a.caseId),
          r.runId,
          r.period,
          r.arrears.map((a) => a.determinedFen),
          r.arrears.map((a) => a.nettedFen),
          r.arrears.map((a) => a.amountFen),
          r.arrears.map((a) => a.paymentId),
        ],
      );
    }
    if (r.offsets.length > 0) {
      await client.query(
        `INSERT INTO ${this.s}.overpayment_offsets
           (entitlement_id, case_id, overpayment_decision_id, against, against_decision_id, against_payment_id, period, run_id, amount_fen, cap_percent)
         SELECT e, c, o, a, ad, ap, $7, $8::uuid, amt, cap
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $9::bigint[], $10::int[]) AS t(e, c, o, a, ad, ap, amt, cap)
         ON CONFLICT DO NOTHING`,
        [
          r.offsets.map((o) => o.entitlementId),
          r.offsets.map((o) => o.caseId),
          r.offsets.map((o) => o.overpaymentDecisionId),
          r.offsets.map((o) => o.against),
          r.offsets.map((o) => o.againstDecisionId),
          r.offsets.map((o) => o.againstPaymentId),
          r.period,
          r.runId,
          r.offsets.map((o) => o.amountFen),
          r.offsets.map((o) => o.capPercent ?? null),
        ],
      );
    }
  }

  /** Whether an arrears line of the batch is settled by another run (its settlement row is another run's). */
  private async settledByAnotherRun(client: PoolClient, runId: string, recoveries: readonly BatchRecovery[]): Promise<boolean> {
    const arrears = recoveries.flatMap((r) => r.arrears);
    if (arrears.length === 0) return false;
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.s}.arrears_settlements s
         JOIN unnest($1::uuid[], $2::text[]) AS t(e, d) ON s.entitlement_id = t.e AND s.arrears_decision_id = t.d
        WHERE s.run_id <> $3::uuid`,
      [arrears.map((a) => a.entitlementId), arrears.map((a) => a.decisionId), runId],
    );
    return rows[0]!.n > 0;
  }

  /** After a crash between a batch's append and its COMMIT: the rows of that batch, from its events. */
  private async repair(loaded: Loaded, state: PaymentRunState, revision: number): Promise<void> {
    await this.insertPayments(this.o.pool, loaded.lastBatch);
    if (loaded.lastRecovery) await this.insertRecovery(this.o.pool, loaded.lastRecovery);
    // …and its part of the bank file (the last batch folded: its lines are the last of the run's count).
    if (state.status === 'ISSUING' && loaded.lastRange) {
      const lines = bankFileLinesOf(loaded.lastBatch).length;
      const part = this.filePart(state, loaded.lastRange, loaded.lastBatch, state.paymentCount - lines + 1);
      if (part) {
        await this.o.bankFiles.writePart(part.part_ref, part.text);
        await this.insertFilePart(this.o.pool, state.runId, part);
      }
    }
    if (state.status !== 'NONE') await this.saveProgress(this.o.pool, state, this.o.clock.now(), revision);
  }

  /**
   * Writes the bank file, then records it on the run (batch path). Null when another executor recorded it first.
   * The file is assembled from the parts the batches wrote as they committed (no payment row is read); only a
   * run whose parts do not add up to its count and total (started before parts were written) is written from
   * the payment rows.
   */
  private async writeBankFile(state: PaymentRunState, revision: number): Promise<PaymentRunState | null> {
    const fileRef = bankFileRefOf(state);
    if (!this.atomicBatches && state.status === 'ISSUING') {
      // The event of the run's last batch may be stored before its rows and part commit (a rival executor
      // between its append and its COMMIT, or one that crashed there): complete that batch from its event
      // (idempotent: payment ids, part digests and ON CONFLICT DO NOTHING) — the rows trust the stream.
      const loaded = await this.load(state.runId);
      if (loaded.revision !== revision) return null; // the run moved on: the caller reloads
      await this.repair(loaded, loaded.state, loaded.revision);
    }
    // PostgreSQL: every batch in `state` committed its rows and part with its event; the parts add up.
    const parts = await this.filePartsOf(state);
    const written = parts
      ? await this.o.bankFiles.assemble(fileRef, state.runId, this.partTexts(state.runId, parts))
      : await this.o.bankFiles.write(fileRef, state.runId, this.bankFileLines(state.runId));
    const decided = this.decideOnKnown(state, { type: 'RecordBankFile', data: written }, `${state.runId}/bank-file`);
    if (!decided) return null;
    if (decided.newEvents.length > 0 && !(await this.appendExact(state.runId, revision, decided.newEvents))) return null;
    await this.saveProgress(this.o.pool, decided.after, this.o.clock.now(), revision + decided.newEvents.length);
    await this.o.bankFiles.removeParts(partsPrefixOf(state)).catch(() => undefined);
    return decided.after;
  }

  /** A batch's part of the bank file (null when it pays nothing): numbered lines from `firstSeq`, its digest and ref. */
  private filePart(state: PaymentRunState, range: BatchRange, issued: readonly IssuedPayment[], firstSeq: number): (FilePartRow & { text: string }) | null {
    const lines = bankFileLinesOf(issued);
    if (lines.length === 0) return null;
    const text = detailLinesText(firstSeq, state.runId, lines);
    const sha256 = sha256Of(text);
    return {
      batch_no: range.batchNo,
      after_cursor: range.afterCursor,
      last_key: range.lastKey,
      first_seq: firstSeq,
      line_count: lines.length,
      amount_fen: String(lines.reduce((sum, l) => sum + l.amountFen, 0)),
      sha256,
      part_ref: `${partsPrefixOf(state)}/${String(range.batchNo).padStart(7, '0')}-${sha256.slice(0, 16)}.csv`,
      text,
    };
  }

  private async insertFilePart(db: Pool | PoolClient, runId: string, p: FilePartRow): Promise<void> {
    await db.query(
      `INSERT INTO ${this.s}.payment_run_file_parts (run_id, batch_no, after_cursor, last_key, first_seq, line_count, amount_fen, sha256, part_ref)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [runId, p.batch_no, p.after_cursor, p.last_key, p.first_seq, p.line_count, p.amount_fen, p.sha256, p.part_ref],
    );
  }

  /** The run's parts in batch order, when they number the lines 1..paymentCount without a gap and add up to the run's total; else null. */
  private async filePartsOf(state: PaymentRunState): Promise<FilePartRow[] | null> {
    const { rows } = await this.o.pool.query<FilePartRow>(
      `SELECT batch_no, after_cursor, last_key, first_seq, line_count, amount_fen, sha256, part_ref FROM ${this.s}.payment_run_file_parts WHERE run_id = $1 ORDER BY batch_no`,
      [state.runId],
    );
    let next = 1;
    let total = 0;
    for (const r of rows) {
      if (r.first_seq !== next) return null;
      next += r.line_count;
      total += Number(r.amount_fen);
    }
    return next - 1 === state.paymentCount && total === state.totalAmountFen ? rows : null;
  }

  /**
   * The parts' texts in order, the next one read while the current one is written. A part missing from the
   * store or not matching its recorded digest (the store lost it) is written again from its batch's payment
   * rows — committed with the part's row — and must add up to the same count and amount.
   */
  private async *partTexts(runId: string, parts: FilePartRow[]): AsyncIterable<BankFilePartText> {
    const read = (p: FilePartRow) => this.o.bankFiles.readPart(p.part_ref);
    let pending: Promise<string | null> | null = parts[0] ? read(parts[0]) : null;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      let text = await pending!;
      pending = parts[i + 1] ? read(parts[i + 1]!) : null;
      pending?.catch(() => undefined);
      if (text === null || sha256Of(text) !== p.sha256.trim()) {
        const lines: BankFileLine[] = [];
        for await (const l of this.bankFileLines(runId, { after: p.after_cursor, last: p.last_key })) lines.push(l);
        text = detailLinesText(p.first_seq, runId, lines);
        const amount = lines.reduce((sum, l) => sum + l.amountFen, 0);
        if (lines.length !== p.line_count || amount !== Number(p.amount_fen)) {
          throw new Error(`bank-file part ${p.batch_no} of run ${runId}: the payment rows (${lines.length}, ${amount}) differ from the part (${p.line_count}, ${p.amount_fen})`);
        }
      }
      yield { text, lineCount: p.line_count, amountFen: Number(p.amount_fen) };
    }
  }

  /**
   * The run's lines from the payment rows — regular payments and arrears (补发) lines, in entitlement order (an
   * entitlement's lines by payment id); only the entitlements of (range.after, range.last] when a range is given.
   * The way for runs without parts (and the benchmark's baseline: the whole file written again from the rows).
   */
  async *bankFileLines(runId: string, range?: { after: string; last: string }): AsyncIterable<BankFileLine> {
    let cursor: { e: string; p: string } | null = null;
    for (;;) {
      const after: { e: string; p: string } | null = cursor;
      const { rows }: { rows: { entitlement_id: string; payment_id: string; case_id: string; case_number: string; recipient: { name: string; bankAccountRef: string }; amount_fen: string; program: string; period: string }[] } =
        await this.o.pool.query(
          `SELECT entitlement_id, payment_id, case_id, case_number, recipient, amount_fen, program, period FROM ${this.s}.payments
            WHERE run_id = $1 AND kind IN ('REGULAR', 'ARREARS') AND ($2::uuid IS NULL OR (entitlement_id, payment_id) > ($2::uuid, $3::uuid))
              AND ($4::uuid IS NULL OR entitlement_id > $4::uuid) AND ($5::uuid IS NULL OR entitlement_id <= $5::uuid)
            ORDER BY entitlement_id, payment_id LIMIT 5000`,
          [runId, after?.e ?? null, after?.p ?? null, range ? range.after || null : null, range?.last ?? null],
        );
      // the bank needs the payee's name and account: opened here, as the file is written
      for (const r of await openRows('payments.recipient', 'recipient', rows)) {
        yield {
          paymentId: r.payment_id,
          caseNumber: r.case_number,
          recipientName: r.recipient.name,
          bankAccountRef: r.recipient.bankAccountRef,
          amountFen: Number(r.amount_fen),
          program: r.program,
          period: r.period,
        };
      }
      if (rows.length < 5000) return;
      const last: { entitlement_id: string; payment_id: string } = rows[rows.length - 1]!;
      cursor = { e: last.entitlement_id, p: last.payment_id };
    }
  }

  /**
   * The run's progress row and its snapshot (the folded state at `revision`). Called only after the
   * events are appended; an older snapshot never replaces a newer one (a slow rival executor).
   */
  async saveProgress(db: Pool | PoolClient, state: PaymentRunState, now: Date, revision: number): Promise<void> {
    await db.query(
      `INSERT INTO ${this.s}.payment_runs AS pr
         (run_id, district, period, status, total, done, payment_count, total_amount_fen, held_count, bank_file_refs, started_at, updated_at, snapshot, snapshot_revision, kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, clock_timestamp(), $12, $13, $14)
       ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, total = EXCLUDED.total, done = EXCLUDED.done,
         payment_count = EXCLUDED.payment_count, total_amount_fen = EXCLUDED.total_amount_fen, held_count = EXCLUDED.held_count,
         bank_file_refs = EXCLUDED.bank_file_refs, last_error = NULL, updated_at = clock_timestamp(),
         snapshot = EXCLUDED.snapshot, snapshot_revision = EXCLUDED.snapshot_revision
       WHERE pr.snapshot_revision IS NULL OR pr.snapshot_revision <= EXCLUDED.snapshot_revision`,
      [
        state.runId,
        state.district,
        state.period,
        state.status,
        state.total,
        state.done,
        state.paymentCount,
        state.totalAmountFen,
        state.heldCount,
        JSON.stringify(state.bankFileRefs),
        now,
        JSON.stringify(state),
        revision,
        state.kind ?? 'MONTHLY',
      ],
    );
  }
}
