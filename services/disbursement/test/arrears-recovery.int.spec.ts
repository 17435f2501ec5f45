/**
 * 补发 and 追回 in the monthly run, on real PostgreSQL (event store + read models): a retroactive increase
 * is paid once as its own bank-file line in the next run, tracing to its decision; a retroactive decrease
 * is recovered by offset within the cap, month after month — whatever happens: a redelivered decision,
 * a crash between the batch's append and its COMMIT, the same month's run executed again.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { paymentRunStreamId, type PaymentRunEvent } from '../src/domain';
import { arrearsPaymentIdFor, entitlementIdFor, regularPaymentIdFor } from '../src/commands/ids';
import { expectBankFileOfRun } from './support/bank-file-check';
import { createDisbursementDb, type DisbursementDb } from './support/database';
import { amountChangedEvent, grantedEvent, suspendedEvent } from './support/fixtures';

jest.setTimeout(60_000);

const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
let db: DisbursementDb;

beforeEach(async () => {
  db = await createDisbursementDb('disb_arr');
});
afterEach(async () => {
  await db.drop();
});

async function runMonth(period: string, o: Parameters<DisbursementDb['executor']>[0] = {}) {
  const started = await db.executor(o).start('440305', period, officer);
  return { runId: started.runId, state: await db.executor(o).execute(started.runId) };
}

async function batches(runId: string): Promise<Extract<PaymentRunEvent, { type: 'PaymentBatchIssued' }>['data'][]> {
  const events = await db.store.readStream(paymentRunStreamId(runId));
  return events.filter((e) => e.type === 'PaymentBatchIssued').map((e) => e.data as Extract<PaymentRunEvent, { type: 'PaymentBatchIssued' }>['data']);
}

describe('arrears (补发) and overpayment recovery (追回) in the payment run', () => {
  it('pays the arrears of a retroactive increase once, as its own bank-file line traced to the decision, and offsets a retroactive decrease within the cap', async () => {
    // 13 households, batches of 5: the two concerned cases are somewhere among them.
    const grants = Array.from({ length: 13 }, () => grantedEvent({ monthlyAmountFen: 130000 }));
    for (const g of grants) await db.entitlements.onAssistanceGranted(g, db.pool);
    const [up, down] = [grants[3]!, grants[9]!];
    const march = await runMonth('2026-03');
    expect(march.state).toMatchObject({ paymentCount: 13, totalAmountFen: 13 * 130000 });

    // Decisions effective in March, after March was paid: +200 元 for one case, down to 300 元 for the other.
    const increase = amountChangedEvent(up.data.caseId, up.data.caseNumber, 'INCREASE', '2026-03', 150000);
    const decrease = amountChangedEvent(down.data.caseId, down.data.caseNumber, 'DECREASE', '2026-03', 30000);
    for (const e of [increase, decrease, increase, decrease]) {
      // the second delivery of each is a redelivery (same integration event id): recognised, nothing new
      if (e.type === 'BenefitChanged') await db.entitlements.onBenefitChanged(e, db.pool);
    }
    const upState = (await db.entitlements.load(up.data.caseId, db.pool))!;
    const downState = (await db.entitlements.load(down.data.caseId, db.pool))!;
    expect(upState.arrears).toEqual([{ decisionId: increase.data.decisionId, months: [{ month: '2026-03', owedFen: 150000, paidFen: 130000, differenceFen: 20000 }], totalFen: 20000 }]);
    expect(downState.recoveries).toEqual([{ decisionId: decrease.data.decisionId, months: [{ month: '2026-03', owedFen: 30000, paidFen: 130000, differenceFen: -100000 }], totalFen: 100000 }]);

    // April's run crashes after a batch's append, before its COMMIT — on every attempt — and is resumed each time. The
    // batch's event is appended in the batch's own transaction (PostgreSQL), so each crash rolls back event, rows and
    // bank-file part together: every attempt crashes on the first batch again and nothing of April is kept.
    db.clock.set('2026-04-05T09:00:00+08:00');
    const started = await db.executor().start('440305', '2026-04', officer);
    let crashes = 0;
    for (let i = 0; i < 5; i++) {
      const crashing = db.executor({
        batchSize: 5,
        afterAppend: () => {
          crashes++;
          throw new Error('simulated crash');
        },
      });
      await crashing.execute(started.runId).catch((err: Error) => expect(err.message).toBe('simulated crash'));
    }
    expect(crashes).toBe(5);
    expect(await db.sql(`SELECT count(*)::int AS n FROM "${db.schema}".payments WHERE period = '2026-04'`)).toEqual([{ n: 0 }]);
    const april = await db.executor({ batchSize: 5 }).execute(started.runId);
    await db.executor({ batchSize: 5 }).execute(started.runId); // the same month executed again: nothing more
    const upEnt = entitlementIdFor(up.data.caseId);
    const downEnt = entitlementIdFor(down.data.caseId);

    // The arrears: one ARREARS payment row, once, on the increase's decision, and its bank-file line.
    const arrearsRows = await db.sql<{ payment_id: string; amount_fen: string; decision_id: string; period: string }>(
      `SELECT payment_id, amount_fen, decision_id, period FROM "${db.schema}".payments WHERE kind = 'ARREARS'`,
    );
    expect(arrearsRows).toEqual([{ payment_id: arrearsPaymentIdFor(upEnt, increase.data.decisionId), amount_fen: '20000', decision_id: increase.data.decisionId, period: '2026-04' }]);
    const lines = (await readFile(join(db.bankDir, april.bankFileRefs[0]!), 'utf8')).trimEnd().split('\n');
    const arrearsLine = lines.filter((l) => l.includes(arrearsRows[0]!.payment_id));
    expect(arrearsLine).toHaveLength(1);
    expect(arrearsLine[0]).toContain(',20000,200.00,MINIMUM_LIVING_ALLOWANCE,2026-04,');
    // 13 regular lines (one reduced by the offset) + 1 arrears line; the trailer's totals match the run.
    const expectedTotal = 11 * 130000 + 150000 + (30000 - 9000) + 20000;
    expect(lines.at(-1)).toBe(`T,14,,,,,${expectedTotal},${(expectedTotal / 100).toFixed(2)},,,${started.runId}`);
    expect(april).toMatchObject({ paymentCount: 14, totalAmountFen: expectedTotal, arrearsCount: 1, arrearsAmountFen: 20000, offsetCount: 1, offsetAmountFen: 9000 });
    // the file assembled from the batches' parts lists the arrears line in entitlement order, every line once
    expect(await expectBankFileOfRun(db, april.runId)).toEqual({ lines: 14, totalFen: expectedTotal });

    // The offset: 30 % of April's 300 元 = 90 元, on the regular line (paid net) and in the offsets ledger.
    const [regular] = await db.sql<{ amount_fen: string }>(`SELECT amount_fen FROM "${db.schema}".payments WHERE payment_id = $1`, [regularPaymentIdFor(downEnt, '2026-04')]);
    expect(regular).toEqual({ amount_fen: '21000' });
    expect(await db.sql(`SELECT overpayment_decision_id, against, amount_fen, cap_percent FROM "${db.schema}".overpayment_offsets`)).toEqual([
      { overpayment_decision_id: decrease.data.decisionId, against: 'REGULAR', amount_fen: '9000', cap_percent: 30 },
    ]);
    // In the events: the arrears settled once, the offset once, whatever the crashes.
    const aprilBatches = await batches(started.runId);
    expect(aprilBatches.flatMap((b) => b.arrears ?? []).map((a) => [a.decisionId, a.amountFen])).toEqual([[increase.data.decisionId, 20000]]);
    expect(aprilBatches.flatMap((b) => b.offsets ?? []).map((o) => [o.overpaymentDecisionId, o.amountFen, o.outstandingAfterFen])).toEqual([[decrease.data.decisionId, 9000, 91000]]);

    // May: no arrears again; the next 90 元 recovered.
    db.clock.set('2026-05-05T09:00:00+08:00');
    const may = await runMonth('2026-05', { batchSize: 5 });
    expect(may.state).toMatchObject({ paymentCount: 13, arrearsCount: 0, offsetAmountFen: 9000 });
    expect(await db.sql(`SELECT count(*)::int AS n FROM "${db.schema}".payments WHERE kind = 'ARREARS'`)).toEqual([{ n: 1 }]);
    expect(await db.sql(`SELECT period, amount_fen FROM "${db.schema}".overpayment_offsets ORDER BY period`)).toEqual([
      { period: '2026-04', amount_fen: '9000' },
      { period: '2026-05', amount_fen: '9000' },
    ]);
  });

  it('does not count an emergency advance (先行救助) paid on the case as a month of the benefit when a retroactive change is settled', async () => {
    const grant = grantedEvent({ monthlyAmountFen: 130000 });
    await db.entitlements.onAssistanceGranted(grant, db.pool);
    const march = await runMonth('2026-03');
    expect(march.state).toMatchObject({ paymentCount: 1, totalAmountFen: 130000 });
    // The payment row an emergency advance writes (pay-emergency-advance.handler.ts): same case, same entitlement id, March.
    await db.sql(
      `INSERT INTO "${db.schema}".payments (payment_id, entitlement_id, case_id, case_number, period, kind, program, jurisdiction, amount_fen, decision_id, recipient, issued_on, bank_file_ref)
       VALUES ($1, $2, $3, $4, '2026-03', 'EMERGENCY_ADVANCE', 'TEMPORARY_ASSISTANCE', '440305', 50000, $5, '{}', '2026-03-20', 'advance.csv')`,
      [randomUUID(), entitlementIdFor(grant.data.caseId), grant.data.caseId, grant.data.caseNumber, randomUUID()],
    );
    const increase = amountChangedEvent(grant.data.caseId, grant.data.caseNumber, 'INCREASE', '2026-03', 150000);
    await db.entitlements.onBenefitChanged(increase, db.pool);
    const state = (await db.entitlements.load(grant.data.caseId, db.pool))!;
    // 1,500 owed, 1,300 paid as the benefit: 200 元 arrears — not an overpayment of 300 元 counting the advance.
    expect(state.arrears).toEqual([{ decisionId: increase.data.decisionId, months: [{ month: '2026-03', owedFen: 150000, paidFen: 130000, differenceFen: 20000 }], totalFen: 20000 }]);
    expect(state.recoveries ?? []).toEqual([]);
  });

  it('nets arrears against an overpayment of the same case before paying the rest, and turns what is left of an ended case into a repayment plan', async () => {
    const g = grantedEvent({ monthlyAmountFen: 100000 });
    await db.entitlements.onAssistanceGranted(g, db.pool);
    await runMonth('2026-03');
    db.clock.set('2026-04-05T09:00:00+08:00');
    await runMonth('2026-04');
    const { caseId, caseNumber } = g.data;
    // March overpaid by 600 元 (decrease from March), then April found owed 200 元 more (increase from April).
    const decrease = amountChangedEvent(caseId, caseNumber, 'DECREASE', '2026-03', 40000, 100000);
    await db.entitlements.onBenefitChanged(decrease, db.pool);
    const increase = amountChangedEvent(caseId, caseNumber, 'INCREASE', '2026-04', 60000, 40000);
    await db.entitlements.onBenefitChanged(increase, db.pool);
    const state = (await db.entitlements.load(caseId, db.pool))!;
    // The decrease from March: March and April each overpaid by 600 元; the increase from April: April now owed 600 元, paid (effectively) 400 元.
    expect(state.recoveries.map((r) => r.totalFen)).toEqual([120000]);
    expect(state.arrears.map((a) => a.totalFen)).toEqual([20000]);

    db.clock.set('2026-05-05T09:00:00+08:00');
    const may = await runMonth('2026-05');
    const [batch] = await batches(may.runId);
    // Netting: the 200 元 arrears settle part of the overpayment (no bank line); the regular 600 元 is offset 30 % = 180 元.
    expect(batch!.arrears).toEqual([expect.objectContaining({ decisionId: increase.data.decisionId, determinedFen: 20000, nettedFen: 20000, amountFen: 0 })]);
    expect(batch!.offsets!.map((o) => [o.against, o.amountFen, o.outstandingAfterFen])).toEqual([
      ['ARREARS', 20000, 100000],
      ['REGULAR', 18000, 82000],
    ]);
    expect(await db.sql(`SELECT count(*)::int AS n FROM "${db.schema}".payments WHERE kind = 'ARREARS'`)).toEqual([{ n: 0 }]);
    expect(await db.sql(`SELECT paid_fen, netted_fen FROM "${db.schema}".arrears_settlements`)).toEqual([{ paid_fen: '0', netted_fen: '20000' }]);

    // The case ends from June: no payment left to offset, so a repayment plan for the 820 元.
    await db.entitlements.onBenefitChanged(suspendedEvent(caseId, caseNumber, '2026-06'), db.pool); // suspension first: still a paid case
    const actor = { id: 'officer-9', role: 'disbursement_officer', jurisdiction: '440305' };
    const plan = { planId: '0b7d8c6a-1e2f-4a3b-8c4d-5e6f7a8b9c0d', instalments: [{ dueMonth: '2026-07', amountFen: 82000 }], reason: '终止后分期退还' };
    await expect(db.entitlements.recordRepaymentPlan((await db.entitlements.load(caseId, db.pool))!, plan, actor, db.pool)).rejects.toMatchObject({ code: 'case_not_ended' });
    const suspension = suspendedEvent(caseId, caseNumber, '2026-06');
    const terminated = { ...suspension, id: randomUUID(), data: { ...suspension.data, decisionId: randomUUID(), changeType: 'TERMINATION' as const, writtenNoticeDueOn: '2026-06-12' } };
    await db.entitlements.onBenefitChanged(terminated, db.pool);
    const ended = (await db.entitlements.load(caseId, db.pool))!;
    await expect(db.entitlements.recordRepaymentPlan(ended, { ...plan, instalments: [{ dueMonth: '2026-07', amountFen: 100000 }] }, actor, db.pool)).rejects.toMatchObject({
      code: 'repayment_plan_total_mismatch',
    });
    const withPlan = await db.entitlements.recordRepaymentPlan(ended, plan, actor, db.pool);
    expect(withPlan.repaymentPlans).toEqual([expect.objectContaining({ planId: plan.planId, totalFen: 82000, overpaymentDecisionIds: [decrease.data.decisionId] })]);
    const repaid = await db.entitlements.recordRepayment(
      withPlan,
      { planId: plan.planId, repaymentId: '1c8e9d7b-2f3a-4b4c-9d5e-6f7a8b9c0d1e', amountFen: 82000, receivedOn: '2026-07-03', evidenceRef: 'doc:receipt/1', reason: '一次退清' },
      actor,
      db.pool,
    );
    expect(repaid.repaymentPlans![0]!.repayments.map((r) => r.amountFen)).toEqual([82000]);
  });
});
