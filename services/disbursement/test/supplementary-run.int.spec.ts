/**
 * 补发批次 (supplementary run, issue 14 item 4) on real PostgreSQL (event store + read models): arrears determined
 * after the month's run are paid now by a run an officer starts — only the arrears, one bank-file line traced to the
 * decision, once — and neither a second start the same day, nor the next monthly run, nor a monthly run racing it
 * pays them again.
 */
import { arrearsPaymentIdFor, entitlementIdFor } from '../src/commands/ids';
import { paymentRunStreamId, type PaymentRunEvent, type PaymentRunState } from '../src/domain';
import { expectBankFileOfRun } from './support/bank-file-check';
import { createDisbursementDb, type DisbursementDb } from './support/database';
import { amountChangedEvent, grantedEvent } from './support/fixtures';

jest.setTimeout(120_000);

const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
let db: DisbursementDb;

beforeEach(async () => {
  db = await createDisbursementDb('disb_supp');
});
afterEach(async () => {
  await db.drop();
});

type Batch = Extract<PaymentRunEvent, { type: 'PaymentBatchIssued' }>['data'];
const batchesOf = async (runId: string): Promise<Batch[]> =>
  (await db.store.readStream(paymentRunStreamId(runId))).filter((e) => e.type === 'PaymentBatchIssued').map((e) => e.data as Batch);
const arrearsRows = () =>
  db.sql<{ payment_id: string; run_id: string; amount_fen: string; decision_id: string; period: string }>(
    `SELECT payment_id, run_id, amount_fen, decision_id, period FROM "${db.schema}".payments WHERE kind = 'ARREARS' ORDER BY payment_id`,
  );

/** 8 households paid for March; on 10 March one of them gets +¥200 from March (arrears of ¥200 determined). */
async function marchPaidThenIncrease() {
  const grants = Array.from({ length: 8 }, () => grantedEvent({ monthlyAmountFen: 130000, startMonth: '2026-03' }));
  for (const g of grants) await db.entitlements.onAssistanceGranted(g, db.pool);
  const march = await db.executor().start('440305', '2026-03', officer);
  await db.executor().execute(march.runId);
  db.clock.set('2026-03-10T09:00:00+08:00');
  const up = grants[5]!;
  const increase = amountChangedEvent(up.data.caseId, up.data.caseNumber, 'INCREASE', '2026-03', 150000);
  await db.entitlements.onBenefitChanged(increase, db.pool);
  expect((await db.entitlements.load(up.data.caseId, db.pool))!.arrears).toEqual([expect.objectContaining({ decisionId: increase.data.decisionId, totalFen: 20000 })]);
  return { up, increase, entitlementId: entitlementIdFor(up.data.caseId) };
}

describe('补发批次: a supplementary run an officer starts pays the arrears now, once', () => {
  it('pays only the arrears, as one bank-file line on the decision; a second start the same day and the next monthly run pay nothing again', async () => {
    const { increase, entitlementId } = await marchPaidThenIncrease();

    // A next-month supplementary run is refused naming the period; nothing is started.
    await expect(db.executor().start('440305', '2026-04', officer, 'SUPPLEMENTARY')).rejects.toMatchObject({ code: 'period_out_of_range', field: 'period' });

    db.clock.set('2026-03-12T10:00:00+08:00');
    const supp = await db.executor({ batchSize: 3 }).start('440305', '2026-03', officer, 'SUPPLEMENTARY');
    const state = await db.executor({ batchSize: 3 }).execute(supp.runId);
    expect(state).toMatchObject({ kind: 'SUPPLEMENTARY', status: 'FILE_WRITTEN', paymentCount: 1, totalAmountFen: 20000, arrearsCount: 1, heldCount: 7, done: 8 });
    // No regular payment in it; the arrears line traces to the increase's decision.
    const batches = await batchesOf(supp.runId);
    expect(batches.flatMap((b) => b.payments)).toEqual([]);
    expect(batches.flatMap((b) => b.held).map((h) => h.status)).toEqual(Array(7).fill('NO_ARREARS'));
    expect(await arrearsRows()).toEqual([
      { payment_id: arrearsPaymentIdFor(entitlementId, increase.data.decisionId), run_id: supp.runId, amount_fen: '20000', decision_id: increase.data.decisionId, period: '2026-03' },
    ]);
    expect(await expectBankFileOfRun(db, supp.runId)).toEqual({ lines: 1, totalFen: 20000 });
    // March's regular payments are still March's run's only.
    expect(await db.sql(`SELECT count(*)::int AS n FROM "${db.schema}".payments WHERE kind = 'REGULAR'`)).toEqual([{ n: 8 }]);

    // Started again the same day: the same run, nothing more.
    const again = await db.executor().start('440305', '2026-03', officer, 'SUPPLEMENTARY');
    expect(again.runId).toBe(supp.runId);
    await db.executor().execute(again.runId);
    expect(await arrearsRows()).toHaveLength(1);

    // April's monthly run: regular payments at the new amount, no arrears again.
    db.clock.set('2026-04-05T09:00:00+08:00');
    const april = await db.executor().start('440305', '2026-04', officer);
    const aprilState = await db.executor().execute(april.runId);
    expect(aprilState).toMatchObject({ paymentCount: 8, totalAmountFen: 7 * 130000 + 150000 });
    expect(aprilState.arrearsCount ?? 0).toBe(0);
    expect(await arrearsRows()).toHaveLength(1);
    expect(await expectBankFileOfRun(db, april.runId)).toEqual({ lines: 8, totalFen: 7 * 130000 + 150000 });
  });

  it('a monthly run racing the supplementary run on the same arrears: one of them pays it, the other rolls its batch back and decides it again without', async () => {
    const { increase, entitlementId } = await marchPaidThenIncrease();
    db.clock.set('2026-04-02T09:00:00+08:00');
    const monthly = await db.executor().start('440305', '2026-04', officer);
    const supp = await db.executor().start('440305', '2026-04', officer, 'SUPPLEMENTARY');

    // The supplementary run appends its batch (arrears settlement row inserted, not committed); meanwhile the monthly
    // run decides its batch on the same arrears (not yet settled when it read them) and blocks on the settlement's key.
    let racing = null as Promise<PaymentRunState> | null;
    const blocked = async () => {
      for (;;) {
        const [w] = await db.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE '%INSERT INTO%'`);
        if (w!.n > 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const suppState = await db.executor({
      batchSize: 50,
      afterAppend: async () => {
        if (racing) return;
        racing = db.executor({ batchSize: 50 }).execute(monthly.runId);
        await Promise.race([blocked(), racing]);
      },
    }).execute(supp.runId);
    expect(racing).not.toBeNull();
    const monthlyState = await racing!;

    expect(suppState).toMatchObject({ paymentCount: 1, arrearsCount: 1, totalAmountFen: 20000 });
    expect(monthlyState).toMatchObject({ paymentCount: 8, totalAmountFen: 7 * 130000 + 150000 });
    expect(monthlyState.arrearsCount ?? 0).toBe(0);
    expect(await arrearsRows()).toEqual([expect.objectContaining({ payment_id: arrearsPaymentIdFor(entitlementId, increase.data.decisionId), run_id: supp.runId })]);
    // Across both bank files the arrears line is there once.
    const suppFile = await expectBankFileOfRun(db, supp.runId);
    const monthlyFile = await expectBankFileOfRun(db, monthly.runId);
    expect(suppFile).toEqual({ lines: 1, totalFen: 20000 });
    expect(monthlyFile).toEqual({ lines: 8, totalFen: 7 * 130000 + 150000 });
    expect((await batchesOf(monthly.runId)).flatMap((b) => b.arrears ?? [])).toEqual([]);
  });
});
