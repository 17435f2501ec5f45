/**
 * The payment run on real PostgreSQL (event store + read models): exactly once per entitlement and
 * month, whatever happens — concurrent executors, redelivered decisions, a crash between the
 * event-store append and the COMMIT, an executor aborted half-way and resumed by a new one.
 * The PostgreSQL store appends a batch's event in the batch's transaction; the same guarantees are
 * checked for a store without that (EventStoreDB's way: the event first, the rows after).
 */
import type { EventStore } from '@sa/eventstore';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { issuedPayments, paymentRunStreamId, type PaymentRunEvent } from '../src/domain';
import { runIdFor } from '../src/commands/ids';
import { SYSTEM_ACTOR } from '../src/payment-runs/payment-run-executor';
import { expectBankFileOfRun } from './support/bank-file-check';
import { createDisbursementDb, type DisbursementDb } from './support/database';
import { amountChangedEvent, grantedEvent, suspendedEvent } from './support/fixtures';

const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
let db: DisbursementDb;

async function seed(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = grantedEvent({ monthlyAmountFen: 100000 + i });
    await db.entitlements.onAssistanceGranted(e, db.pool);
    ids.push(e.data.caseId);
  }
  return ids;
}

async function paymentsPerEntitlement(period: string): Promise<{ max: number; count: number }> {
  const [row] = await db.sql<{ max: number; count: number }>(
    `SELECT coalesce(max(n), 0)::int AS max, count(*)::int AS count FROM (SELECT entitlement_id, count(*) AS n FROM "${db.schema}".payments WHERE period = $1 GROUP BY entitlement_id) x`,
    [period],
  );
  return row!;
}

/** The PostgreSQL store as the executor would see EventStoreDB: no append inside the caller's transaction. */
const withoutTransactionalAppend = (store: EventStore): EventStore =>
  new Proxy(store, {
    get(target, prop) {
      if (prop === 'appendInTransaction') return undefined;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });

async function issuedEvents(runId: string): Promise<number> {
  const events = await db.store.readStream(paymentRunStreamId(runId));
  return events.flatMap((e) => issuedPayments({ type: e.type, data: e.data } as PaymentRunEvent)).length;
}

beforeEach(async () => {
  db = await createDisbursementDb();
});
afterEach(async () => {
  await db.drop();
});

describe('payment run executor', () => {
  it('pays each payable entitlement once, holds the suspended, and writes the bank file with its totals', async () => {
    const cases = await seed(25);
    const row = (await db.sql<{ case_number: string }>(`SELECT case_number FROM "${db.schema}".entitlements WHERE case_id = $1`, [cases[0]]))[0]!;
    await db.entitlements.onBenefitChanged(suspendedEvent(cases[0]!, row.case_number, '2026-03'), db.pool);
    const executor = db.executor();
    const started = await executor.start('440305', '2026-03', officer);
    expect(started).toMatchObject({ status: 'ISSUING', total: 25, done: 0 });
    const state = await executor.execute(started.runId);
    expect(state).toMatchObject({ status: 'FILE_WRITTEN', done: 25, total: 25, paymentCount: 24, heldCount: 1 });
    expect(await paymentsPerEntitlement('2026-03')).toEqual({ max: 1, count: 24 });
    const [progress] = await db.sql(`SELECT status, done, total, payment_count FROM "${db.schema}".payment_runs WHERE run_id = $1`, [started.runId]);
    expect(progress).toEqual({ status: 'FILE_WRITTEN', done: 25, total: 25, payment_count: 24 });

    const file = (await readFile(join(db.bankDir, state.bankFileRefs[0]!), 'utf8')).trimEnd().split('\n');
    expect(file[0]).toBe('record,seq,payment_id,case_number,recipient_name,bank_account_ref,amount_fen,amount_yuan,program,period,run_id');
    expect(file).toHaveLength(26);
    expect(file[1]).toMatch(/^D,1,[0-9a-f-]{36},DB-440305001-2026-\w+,\S+,acct-\w+,\d+,\d+\.\d\d,MINIMUM_LIVING_ALLOWANCE,2026-03,/);
    expect(file[25]).toBe(`T,24,,,,,${state.totalAmountFen},${(state.totalAmountFen / 100).toFixed(2)},,,${started.runId}`);
    expect(await expectBankFileOfRun(db, started.runId)).toEqual({ lines: 24, totalFen: state.totalAmountFen });
  });

  it('writes the bank file from the parts the batches stored as they committed, without reading the payment rows again', async () => {
    await seed(23);
    const started = await db.executor().start('440305', '2026-03', officer);
    const statements: string[] = [];
    const query = db.pool.query.bind(db.pool);
    const spy = jest.spyOn(db.pool, 'query').mockImplementation(((text: unknown, ...rest: unknown[]) => {
      statements.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
      return (query as (...a: unknown[]) => unknown)(text, ...rest);
    }) as typeof db.pool.query);
    const parts: number[] = [];
    let state;
    try {
      state = await db.executor({
        onBatch: () => void db.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${db.schema}".payment_run_file_parts`).then(([r]) => parts.push(r!.n)),
      }).execute(started.runId);
    } finally {
      spy.mockRestore();
    }
    expect(state).toMatchObject({ status: 'FILE_WRITTEN', paymentCount: 23, batches: 3 });
    // no SELECT of the run's payment rows (the old way re-read them all after the last batch)
    expect(statements.filter((q) => /SELECT[\s\S]*FROM\s+"[^"]+"\.payments\b/.test(q))).toEqual([]);
    const recorded = await db.sql<{ batch_no: number; first_seq: number; line_count: number }>(
      `SELECT batch_no, first_seq, line_count FROM "${db.schema}".payment_run_file_parts WHERE run_id = $1 ORDER BY batch_no`,
      [started.runId],
    );
    expect(recorded).toEqual([
      { batch_no: 1, first_seq: 1, line_count: 10 },
      { batch_no: 2, first_seq: 11, line_count: 10 },
      { batch_no: 3, first_seq: 21, line_count: 3 },
    ]);
    expect(await expectBankFileOfRun(db, started.runId)).toMatchObject({ lines: 23 });
  });

  it('a part the file store lost is written again from its batch\'s payment rows', async () => {
    await seed(30);
    const started = await db.executor().start('440305', '2026-03', officer);
    const abort = new AbortController();
    await expect(db.executor({ signal: abort.signal, onBatch: (s) => s.batches === 2 && abort.abort() }).execute(started.runId)).rejects.toThrow();
    const dir = join(db.bankDir, '440305', '2026-03', `payment-run-${started.runId}.csv.parts`);
    const stored = (await readdir(dir)).sort();
    expect(stored).toHaveLength(2);
    await rm(join(dir, stored[0]!));
    const state = await db.executor().execute(started.runId);
    expect(state).toMatchObject({ status: 'FILE_WRITTEN', paymentCount: 30 });
    expect(await expectBankFileOfRun(db, started.runId)).toMatchObject({ lines: 30, totalFen: state.totalAmountFen });
  });

  it('a redelivered grant and a second start of the same run change nothing', async () => {
    const e = grantedEvent();
    await db.entitlements.onAssistanceGranted(e, db.pool);
    await db.entitlements.onAssistanceGranted(e, db.pool);
    const a = await db.executor().start('440305', '2026-03', officer);
    const b = await db.executor().start('440305', '2026-03', officer);
    expect(a.runId).toBe(b.runId);
    expect(a.runId).toBe(runIdFor('440305', '2026-03'));
    await db.executor().execute(a.runId);
    await db.executor().execute(a.runId);
    expect(await paymentsPerEntitlement('2026-03')).toEqual({ max: 1, count: 1 });
    expect(await issuedEvents(a.runId)).toBe(1);
  });

  it.each([
    ['the event in the batch\'s transaction (PostgreSQL)', false],
    ['the event before the batch\'s COMMIT (EventStoreDB\'s way)', true],
  ])('two executors running the same run concurrently pay every entitlement exactly once: %s', async (_, eventFirst) => {
    await seed(60);
    const started = await db.executor().start('440305', '2026-03', officer);
    const store = eventFirst ? withoutTransactionalAppend(db.store) : db.store;
    const [a, b, c] = await Promise.all([
      db.executor({ batchSize: 7, store }).execute(started.runId),
      db.executor({ batchSize: 11, store }).execute(started.runId),
      db.executor({ batchSize: 5, store }).execute(started.runId),
    ]);
    for (const s of [a, b, c]) expect(s).toMatchObject({ paymentCount: 60, done: 60 });
    expect(await paymentsPerEntitlement('2026-03')).toEqual({ max: 1, count: 60 });
    expect(await issuedEvents(started.runId)).toBe(60);
    expect(await expectBankFileOfRun(db, started.runId)).toMatchObject({ lines: 60 });
  });

  it('the database refuses a second regular payment for the same entitlement and month', async () => {
    await seed(1);
    const started = await db.executor().start('440305', '2026-03', officer);
    await db.executor().execute(started.runId);
    const [p] = await db.sql<Record<string, unknown>>(`SELECT * FROM "${db.schema}".payments`);
    await expect(
      db.pool.query(
        `INSERT INTO "${db.schema}".payments (payment_id, entitlement_id, case_id, case_number, period, kind, program, jurisdiction, amount_fen, recipient, issued_on)
         VALUES (gen_random_uuid(), $1, $2, 'x', '2026-03', 'REGULAR', 'MINIMUM_LIVING_ALLOWANCE', '440305', 1, '{}', '2026-03-05')`,
        [p!.entitlement_id, p!.case_id],
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  it('a crash after the append but before the commit rolls the batch\'s event back with its rows, exactly once', async () => {
    await seed(30);
    const started = await db.executor().start('440305', '2026-03', officer);
    const crashing = db.executor({
      afterAppend: (batchNo) => {
        if (batchNo === 2) throw new Error('simulated crash');
      },
    });
    await expect(crashing.execute(started.runId)).rejects.toThrow('simulated crash');
    expect((await paymentsPerEntitlement('2026-03')).count).toBe(10); // batch 2's rows rolled back…
    expect(await issuedEvents(started.runId)).toBe(10); // …and its event with them
    const state = await db.executor().execute(started.runId);
    expect(state).toMatchObject({ status: 'FILE_WRITTEN', paymentCount: 30 });
    expect(await paymentsPerEntitlement('2026-03')).toEqual({ max: 1, count: 30 });
    expect(await issuedEvents(started.runId)).toBe(30);
    expect(await expectBankFileOfRun(db, started.runId)).toMatchObject({ lines: 30 });
  });

  it('without a transactional append, a crash after the append but before the commit is repaired on resume, exactly once', async () => {
    await seed(30);
    const started = await db.executor().start('440305', '2026-03', officer);
    const store = withoutTransactionalAppend(db.store);
    const crashing = db.executor({
      store,
      afterAppend: (batchNo) => {
        if (batchNo === 2) throw new Error('simulated crash');
      },
    });
    await expect(crashing.execute(started.runId)).rejects.toThrow('simulated crash');
    expect((await paymentsPerEntitlement('2026-03')).count).toBe(10); // batch 2's rows rolled back, its events stored
    expect(await issuedEvents(started.runId)).toBe(20);
    const state = await db.executor({ store }).execute(started.runId);
    expect(state).toMatchObject({ status: 'FILE_WRITTEN', paymentCount: 30 });
    expect(await paymentsPerEntitlement('2026-03')).toEqual({ max: 1, count: 30 });
    expect(await issuedEvents(started.runId)).toBe(30);
    expect(await expectBankFileOfRun(db, started.runId)).toMatchObject({ lines: 30 });
  });

  it('an executor aborted half-way is resumed by a new one, exactly once', async () => {
    await seed(40);
    const started = await db.executor().start('440305', '2026-03', officer);
    const abort = new AbortController();
    const first = db.executor({ signal: abort.signal, onBatch: (s) => s.batches === 2 && abort.abort() });
    await expect(first.execute(started.runId)).rejects.toThrow();
    const [mid] = await db.sql<{ done: number; total: number }>(`SELECT done, total FROM "${db.schema}".payment_runs WHERE run_id = $1`, [started.runId]);
    expect(mid).toEqual({ done: 20, total: 40 });
    const state = await db.executor({ batchSize: 3 }).execute(started.runId);
    expect(state).toMatchObject({ paymentCount: 40, done: 40 });
    expect(await paymentsPerEntitlement('2026-03')).toEqual({ max: 1, count: 40 });
    expect(await expectBankFileOfRun(db, started.runId)).toMatchObject({ lines: 40 });
  });

  it('only one executor at a time holds a run when executing exclusively', async () => {
    await seed(5);
    const started = await db.executor().start('440305', '2026-03', officer);
    const results = await Promise.all([db.executor().executeExclusive(started.runId), db.executor().executeExclusive(started.runId)]);
    expect(results.filter((r) => r !== null).length).toBeGreaterThanOrEqual(1);
    expect(await paymentsPerEntitlement('2026-03')).toEqual({ max: 1, count: 5 });
    expect(SYSTEM_ACTOR.role).toBe('system');
  });

  it('a decrease effective in a month already paid records the overpayment to recover, month by month', async () => {
    const [caseId] = await seed(1);
    const started = await db.executor().start('440305', '2026-03', officer);
    await db.executor().execute(started.runId);
    const [row] = await db.sql<{ case_number: string }>(`SELECT case_number FROM "${db.schema}".entitlements WHERE case_id = $1`, [caseId]);
    await db.entitlements.onBenefitChanged(amountChangedEvent(caseId!, row!.case_number, 'DECREASE', '2026-03', 60000), db.pool);
    const state = await db.entitlements.load(caseId!, db.pool);
    expect(state!.recoveries).toEqual([
      { decisionId: expect.any(String), months: [{ month: '2026-03', owedFen: 60000, paidFen: 100000, differenceFen: -40000 }], totalFen: 40000 },
    ]);
    expect(state!.arrears).toEqual([]);
  });
});
