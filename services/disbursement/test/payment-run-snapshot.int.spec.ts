/**
 * Commands on a finished run (bank confirmation, completion, reissue) read the run's snapshot and the
 * events after it, never the run's batches (issue 20: a million-payment run is not re-read for a bank
 * return) — and decide exactly as the whole stream folded would. Real PostgreSQL.
 */
import { WrongExpectedRevisionError, type EventStore, type ReadStreamOptions, type RecordedEvent } from '@sa/eventstore';
import type { PaymentLine, PaymentRunState } from '../src/domain';
import { createDisbursementDb, type DisbursementDb } from './support/database';
import { grantedEvent } from './support/fixtures';

const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
let db: DisbursementDb;

/** The store, counting the events each readStream returns by type. */
function counting(store: EventStore): { store: EventStore; read: Map<string, number> } {
  const read = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === 'readStream') {
        return async (streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> => {
          const events = await target.readStream(streamId, options);
          for (const e of events) read.set(e.type, (read.get(e.type) ?? 0) + 1);
          return events;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: proxy, read };
}

async function fullFold(runId: string): Promise<{ state: PaymentRunState; revision: number }> {
  const a = await db.executor().runs.aggregate(runId);
  return { state: a.state, revision: a.revision };
}

async function lineOf(runId: string, n: number): Promise<PaymentLine & { period: string; runId: string }> {
  const rows = await db.sql<{ payment_id: string; entitlement_id: string; case_id: string; case_number: string; program: string; jurisdiction: string; amount_fen: string; decision_id: string; recipient: PaymentLine['recipient']; period: string }>(
    `SELECT * FROM "${db.schema}".payments WHERE run_id = $1 ORDER BY entitlement_id OFFSET $2 LIMIT 1`,
    [runId, n],
  );
  const r = rows[0]!;
  return {
    paymentId: r.payment_id,
    entitlementId: r.entitlement_id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    program: r.program as PaymentLine['program'],
    jurisdiction: r.jurisdiction,
    amountFen: Number(r.amount_fen),
    decisionId: r.decision_id,
    recipient: r.recipient,
    period: r.period,
    runId,
  };
}

beforeEach(async () => {
  db = await createDisbursementDb();
  for (let i = 0; i < 30; i++) await db.entitlements.onAssistanceGranted(grantedEvent({ monthlyAmountFen: 100000 + i }), db.pool);
});
afterEach(async () => {
  await db.drop();
});

describe('payment-run snapshot', () => {
  it('confirms, completes and reissues on the snapshot + tail: no batch is read, and the state is the full fold', async () => {
    const started = await db.executor({ batchSize: 5 }).start('440305', '2026-03', officer);
    await db.executor({ batchSize: 5 }).execute(started.runId);
    const { store, read } = counting(db.store);
    const executor = db.executor({ store });

    const returned = await lineOf(started.runId, 3);
    const confirmed = await executor.handle(
      started.runId,
      { type: 'RecordBankConfirmation', data: { fileRef: 'f', confirmedOn: '2026-03-08', returns: [{ payment: returned, reason: { code: 'ACCOUNT_CLOSED' } }] } },
      { actor: officer, commandId: 'confirm-1' },
    );
    expect(confirmed.events.map((e) => e.type)).toEqual(['BankConfirmationRecorded', 'PaymentReturned']);
    const completed = await executor.handle(started.runId, { type: 'CompletePaymentRun', data: {} }, { actor: officer, expectedRevision: confirmed.revision, now: '2026-03-08T10:00:00+08:00' });
    const reissued = await executor.handle(
      started.runId,
      { type: 'ReissuePayment', data: { returned, newPaymentId: '7f7f7f7f-0000-4000-8000-000000000001', recipient: { ...returned.recipient, bankAccountRef: 'acct-new' }, bankFileRef: 'r.csv' } },
      { actor: officer, now: '2026-03-09T10:00:00+08:00' },
    );
    expect(reissued.events.map((e) => e.type)).toEqual(['PaymentReissued']);
    // the time each event records is the command's metadata.now (the instant passed, else the executor's clock)
    expect(completed.events).toMatchObject([{ type: 'PaymentRunCompleted', data: { completedAt: '2026-03-08T10:00:00+08:00' } }]);
    expect(reissued.events).toMatchObject([{ data: { issuedOn: '2026-03-09' } }]);

    expect(read.get('PaymentBatchIssued') ?? 0).toBe(0);
    expect([...read.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
    const full = await fullFold(started.runId);
    expect(full.revision).toBe(reissued.revision);
    expect(reissued.state).toEqual(full.state);
    expect(completed.state.status).toBe('COMPLETED');
    expect(full.state).toMatchObject({ status: 'COMPLETED', paymentCount: 30, batches: 6, returned: { [returned.paymentId]: '7f7f7f7f-0000-4000-8000-000000000001' } });
  });

  it('answers a retried command as handled (nothing appended), refuses a stale If-Match, and refuses a second reissue', async () => {
    const started = await db.executor({ batchSize: 5 }).start('440305', '2026-03', officer);
    await db.executor({ batchSize: 5 }).execute(started.runId);
    const executor = db.executor();
    const returned = await lineOf(started.runId, 0);
    const confirm = { type: 'RecordBankConfirmation' as const, data: { fileRef: 'f', confirmedOn: '2026-03-08', returns: [{ payment: returned, reason: { code: 'OTHER' as const } }] } };
    const first = await executor.handle(started.runId, confirm, { actor: officer, commandId: 'confirm-2' });
    const again = await executor.handle(started.runId, confirm, { actor: officer, commandId: 'confirm-2' });
    expect(again).toMatchObject({ alreadyHandled: true, events: [], revision: first.revision });
    expect((await fullFold(started.runId)).revision).toBe(first.revision);

    await expect(executor.handle(started.runId, { type: 'CompletePaymentRun', data: {} }, { actor: officer, expectedRevision: first.revision - 1 })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    const reissue = { type: 'ReissuePayment' as const, data: { returned, newPaymentId: '7f7f7f7f-0000-4000-8000-000000000002', recipient: { ...returned.recipient, bankAccountRef: 'acct-new' }, bankFileRef: 'r.csv' } };
    await executor.handle(started.runId, reissue, { actor: officer });
    await expect(executor.handle(started.runId, reissue, { actor: officer })).rejects.toMatchObject({ code: 'payment_already_reissued' });
  });

  it('a run without a snapshot (stored before snapshots) is folded from its start to the same state', async () => {
    const started = await db.executor({ batchSize: 7 }).start('440305', '2026-03', officer);
    await db.executor({ batchSize: 7 }).execute(started.runId);
    await db.sql(`UPDATE "${db.schema}".payment_runs SET snapshot = NULL, snapshot_revision = NULL WHERE run_id = $1`, [started.runId]);
    const loaded = await db.executor().load(started.runId);
    const full = await fullFold(started.runId);
    expect(loaded.state).toEqual(full.state);
    expect(loaded.revision).toBe(full.revision);
    expect(loaded.state).toEqual(expect.objectContaining({ status: 'FILE_WRITTEN', paymentCount: 30, batches: 5 }));
  });
});
