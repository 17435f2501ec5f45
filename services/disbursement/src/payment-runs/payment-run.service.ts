import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import { assertJurisdiction } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError, isDomainError } from '@sa/decider';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import { BANK_FILE_WRITER, parseReturnFile, type BankFileWriter } from '../bank/bank-file';
import { recoveryCapOf, type DisbursementConfig } from '../config';
import { PAYMENT_RUN_ERRORS, type EntitlementState, type PaymentRunKind, type PaymentLine, type PaymentReissued, type Program, type Recipient } from '../domain';
import { reissuePaymentIdFor } from '../commands/ids';
import { openColumn, openRows, sealColumn } from '../read-models/sealed-columns';
import { DISBURSEMENT_MIGRATED } from '../read-models/tokens';
import { CLOCK, shanghaiDate, type Clock } from '@sa/time';
import { PaymentRunExecutor } from './payment-run-executor';
import { findAfterIssuing } from './run-tail';

export interface PaymentRunView {
  runId: string;
  district: string;
  period: string;
  /** MONTHLY, or SUPPLEMENTARY (补发批次: arrears only). */
  kind: 'MONTHLY' | 'SUPPLEMENTARY';
  status: string;
  total: number;
  done: number;
  paymentCount: number;
  totalAmountFen: number;
  heldCount: number;
  bankFileRefs: string[];
  lastError: string | null;
}

/** A `payment_runs` row as the API shows it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function paymentRunView(r: any): PaymentRunView {
  return {
    runId: r.run_id,
    district: r.district,
    period: r.period,
    kind: r.kind === 'SUPPLEMENTARY' ? 'SUPPLEMENTARY' : 'MONTHLY',
    status: r.status,
    total: r.total,
    done: r.done,
    paymentCount: r.payment_count,
    totalAmountFen: Number(r.total_amount_fen),
    heldCount: r.held_count,
    bankFileRefs: r.bank_file_refs,
    lastError: r.last_error,
  };
}

interface PaymentRow {
  payment_id: string;
  entitlement_id: string;
  case_id: string;
  case_number: string;
  period: string;
  kind: string;
  run_id: string | null;
  program: Program;
  jurisdiction: string;
  amount_fen: string;
  decision_id: string;
  recipient: Recipient;
  status: string;
}

const toLine = (r: PaymentRow): PaymentLine & { period: string; runId: string } => ({
  paymentId: r.payment_id,
  entitlementId: r.entitlement_id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  program: r.program,
  jurisdiction: r.jurisdiction,
  amountFen: Number(r.amount_fen),
  decisionId: r.decision_id,
  recipient: r.recipient,
  period: r.period,
  runId: r.run_id ?? '',
});

/**
 * The monthly payment run as a background job: started by a disbursement officer, executed (and after
 * a crash resumed, at start-up) by the PaymentRunExecutor, one executor per run cluster-wide (advisory
 * lock); then the bank's confirmation with its return file, and reissues after an account correction.
 */
@Injectable()
export class PaymentRunService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentRunService.name);
  private readonly abort = new AbortController();
  private readonly running = new Map<string, Promise<void>>();
  readonly executor: PaymentRunExecutor;
  private readonly s: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: DisbursementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BANK_FILE_WRITER) private readonly bankFiles: BankFileWriter,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
    this.executor = new PaymentRunExecutor({
      pool,
      store,
      schema: config.DATABASE_SCHEMA,
      bankFiles,
      batchSize: config.DISBURSEMENT_RUN_BATCH_SIZE,
      clock,
      signal: this.abort.signal,
      recoveryCapPercent: recoveryCapOf(config),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DISBURSEMENT_RESUME_RUNS_ON_START) return;
    const { rows } = await this.pool.query<{ run_id: string }>(`SELECT run_id FROM ${this.s}.payment_runs WHERE status = 'ISSUING'`);
    for (const r of rows) this.inBackground(r.run_id);
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.running.values());
  }

  /** Starts (or resumes) the run of a district and month in the background; returns its progress at once. */
  async start(district: string, period: string, actor: Actor, kind?: PaymentRunKind): Promise<PaymentRunView> {
    const state = await this.executor.start(district, period, actor, kind);
    if (state.status === 'ISSUING') this.inBackground(state.runId);
    return this.view(state.runId, actor);
  }

  /** Waits for the background execution of a run in this process (tests, graceful shutdown). */
  async settled(runId: string): Promise<void> {
    await this.running.get(runId);
  }

  async view(runId: string, actor: Actor): Promise<PaymentRunView> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.s}.payment_runs WHERE run_id = $1`, [runId]);
    const r = rows[0];
    if (!r) throw new DomainError('payment_run_not_found', `No payment run ${runId}`, { kind: 'not_found' });
    assertJurisdiction(actor, r.district, 'district');
    return paymentRunView(r);
  }

  /** 银行回盘: the bank confirmed the run's file; the return file lists the payments it sent back. Completes the run. */
  async recordBankConfirmation(runId: string, input: { fileRef?: string; returnFile: string; confirmedOn?: string }, actor: Actor): Promise<PaymentRunView> {
    const run = await this.view(runId, actor);
    const returns = parseReturnFile(input.returnFile);
    const ids = returns.map((r) => r.paymentId);
    const rows = await openRows('payments.recipient', 'recipient', (await this.pool.query<PaymentRow>(`SELECT * FROM ${this.s}.payments WHERE payment_id = ANY($1::uuid[])`, [ids])).rows);
    const byId = new Map(rows.map((r) => [r.payment_id, r]));
    // The instant of the request, read once: the commands' metadata.now, and the day the rows are marked returned
    // when the bank's date is not given (the decider defaults confirmedOn to the same day).
    const now = this.executor.runs.now();
    const confirmedOn = input.confirmedOn ?? shanghaiDate(now);
    const lines = returns.map((r, i) => {
      const row = byId.get(r.paymentId);
      if (!row || row.run_id !== runId) {
        throw new DomainError('payment_not_in_run', `Payment ${r.paymentId} (line ${i + 2}) is not part of this run`, { field: `returnFile[${i + 2}]` });
      }
      return { payment: toLine(row), reason: r.reason };
    });
    const fileRef = input.fileRef ?? run.bankFileRefs[0] ?? '';
    // Two commands on the run in one request: the confirmation (If-Match, command id from the request),
    // then the completion at the revision the confirmation left, with its own command id.
    // On the run's snapshot + tail (executor.handle), never the whole stream of a million payments.
    const confirmed = await this.executor.handle(runId, { type: 'RecordBankConfirmation', data: { fileRef, confirmedOn, returns: lines } }, { actor, now });
    await this.pool.query(
      `UPDATE ${this.s}.payments p SET status = 'RETURNED', return_reason = r.code, returned_on = $2
         FROM unnest($1::uuid[], $3::text[]) AS r(id, code) WHERE p.payment_id = r.id`,
      [ids, confirmedOn, returns.map((r) => r.reason.code)],
    );
    await this.pool.query(`UPDATE ${this.s}.payments SET status = 'PAID' WHERE run_id = $1 AND status = 'ISSUED' AND kind IN ('REGULAR', 'ARREARS')`, [runId]);
    const completed = await this.executor.handle(
      runId,
      { type: 'CompletePaymentRun', data: {} },
      { actor, commandId: `${confirmed.commandId}/complete`, expectedRevision: confirmed.revision, now },
    );
    await this.executor.saveProgress(this.pool, completed.state, this.clock.now(), completed.revision);
    return this.view(runId, actor);
  }

  /** 重新发放: a returned payment is paid again to the corrected account, in a one-line bank file. */
  async reissue(paymentId: string, actor: Actor): Promise<{ paymentId: string; reissueOfPaymentId: string; bankFileRef: string; recipient: Recipient }> {
    const rows = await openRows('payments.recipient', 'recipient', (await this.pool.query<PaymentRow>(`SELECT * FROM ${this.s}.payments WHERE payment_id = $1`, [paymentId])).rows);
    const row = rows[0];
    if (!row) throw new DomainError('payment_not_found', `No payment ${paymentId}`, { kind: 'not_found' });
    assertJurisdiction(actor, row.jurisdiction);
    if (!row.run_id) throw new DomainError('payment_not_returned', 'Only payments of a run can be reissued', { kind: 'conflict' });
    const ent = await this.pool.query<{ state: EntitlementState }>(`SELECT state FROM ${this.s}.entitlements WHERE entitlement_id = $1`, [row.entitlement_id]);
    const recipient = ent.rows[0] ? (await openColumn('entitlements.state', ent.rows[0].state, row.case_id)).recipient : undefined;
    if (!recipient) throw new DomainError('entitlement_not_registered', 'No entitlement for this payment', { kind: 'not_found' });
    const newPaymentId = reissuePaymentIdFor(paymentId);
    const line = toLine(row);
    const bankFileRef = `${row.jurisdiction.slice(0, 6)}/${row.period}/reissue-${newPaymentId}.csv`;
    // The event that orders the payment is stored first (the decider refuses a payment that was not
    // returned, or already reissued, before anything is written); the bank file only after it. A retry
    // after a crash between the two finds the event (same new payment id) and writes the file then.
    // The day it is issued is the command's (metadata.now), as its event records it; a retry takes the stored one.
    let ordered: Recipient = recipient;
    let issuedOn: string;
    try {
      const reissued = await this.executor.handle(row.run_id, { type: 'ReissuePayment', data: { returned: line, newPaymentId, recipient, bankFileRef } }, { actor, correlationId: row.case_id });
      const decided = reissued.events.find((e): e is PaymentReissued => e.type === 'PaymentReissued');
      const stored = decided ? null : await this.reissuedEvent(row.run_id, newPaymentId);
      issuedOn = decided?.data.issuedOn ?? stored?.issuedOn ?? shanghaiDate(this.clock.now());
    } catch (err) {
      if (!isDomainError(err) || err.code !== PAYMENT_RUN_ERRORS.alreadyReissued) throw err;
      // Reissued before: the row is written after the file, so a row means the file exists — refuse.
      // No row: a crash between the event and the file; write the file now from the stored event.
      const done = await this.pool.query(`SELECT 1 FROM ${this.s}.payments WHERE payment_id = $1`, [newPaymentId]);
      const stored = done.rows.length === 0 ? await this.reissuedEvent(row.run_id, newPaymentId) : null;
      if (!stored) throw err;
      ordered = stored.recipient;
      issuedOn = stored.issuedOn;
    }
    await this.bankFiles.write(bankFileRef, row.run_id, (async function* () {
      yield { paymentId: newPaymentId, caseNumber: row.case_number, recipientName: ordered.name, bankAccountRef: ordered.bankAccountRef, amountFen: line.amountFen, program: row.program, period: row.period };
    })());
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${this.s}.payments (payment_id, entitlement_id, case_id, case_number, period, kind, run_id, program, jurisdiction, amount_fen, decision_id, recipient, issued_on, bank_file_ref, reissue_of)
         VALUES ($1, $2, $3, $4, $5, 'REISSUE', $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
        [newPaymentId, row.entitlement_id, row.case_id, row.case_number, row.period, row.run_id, row.program, row.jurisdiction, line.amountFen, row.decision_id, JSON.stringify(await sealColumn('payments.recipient', ordered, row.case_id)), issuedOn, bankFileRef, paymentId],
      );
      await client.query(`UPDATE ${this.s}.payments SET status = 'REISSUED', reissued_by = $2 WHERE payment_id = $1`, [paymentId, newPaymentId]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    return { paymentId: newPaymentId, reissueOfPaymentId: paymentId, bankFileRef, recipient: ordered };
  }

  /** The stored reissue of a payment: read backwards from the end of the run, never past its payments. */
  private async reissuedEvent(runId: string, newPaymentId: string): Promise<PaymentReissued['data'] | null> {
    const found = await findAfterIssuing(this.store, runId, (e) => e.type === 'PaymentReissued' && (e.data as PaymentReissued['data']).paymentId === newPaymentId);
    return found ? (found.data as PaymentReissued['data']) : null;
  }

  private inBackground(runId: string): void {
    if (this.running.has(runId)) return;
    const job = this.executor
      .executeExclusive(runId)
      .then((state) => {
        if (state === null) this.logger.log({ runId }, 'payment run is executed by another instance');
      })
      .catch(async (err: Error) => {
        if (this.abort.signal.aborted) return;
        this.logger.error({ runId, err: err.message }, 'payment run stopped; it resumes at the next start or request');
        await this.pool.query(`UPDATE ${this.s}.payment_runs SET last_error = $2, updated_at = clock_timestamp() WHERE run_id = $1`, [runId, err.message]).catch(() => undefined);
      })
      .finally(() => this.running.delete(runId));
    this.running.set(runId, job);
  }
}
