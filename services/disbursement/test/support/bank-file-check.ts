/**
 * What every payment run's bank file must be, checked against the stored events and the payment rows:
 * one detail line per issued payment (regular and arrears), numbered 1..n in entitlement order (an
 * entitlement's lines by payment id), each line the payment of a stored `PaymentBatchIssued` with its
 * decision and amount, no line twice, the trailer's totals, and the digest recorded in `BankFileWritten`.
 * And the decision is real: every line's decision is one its entitlement had recorded when the batch was
 * issued (folded from the entitlement stream up to the batch's position), and a regular line is the amount
 * that decision set for the month (less an overpayment offset).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { comparePositions, type RecordedEvent } from '@sa/eventstore';
import { amountForPeriod, entitlementStreamId, evolveEntitlement, initialEntitlementState, issuedPayments, paymentRunStreamId, type EntitlementEvent, type EntitlementState, type PaymentRunEvent } from '../../src/domain';
import type { DisbursementDb } from './database';

export async function expectBankFileOfRun(db: DisbursementDb, runId: string): Promise<{ lines: number; totalFen: number }> {
  const events = await db.store.readStream(paymentRunStreamId(runId));
  const written = events.filter((e) => e.type === 'BankFileWritten');
  expect(written).toHaveLength(1);
  const record = written[0]!.data as { fileRef: string; sha256: string; paymentCount: number; totalAmountFen: number };
  const text = await readFile(join(db.bankDir, record.fileRef), 'utf8');
  expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(record.sha256);

  const lines = text.trimEnd().split('\n');
  const details = lines.slice(1, -1).map((l) => l.split(','));
  const rows = await db.sql<{ payment_id: string; amount_fen: string }>(
    `SELECT payment_id, amount_fen FROM "${db.schema}".payments WHERE run_id = $1 AND kind IN ('REGULAR', 'ARREARS') ORDER BY entitlement_id, payment_id`,
    [runId],
  );
  expect(details.map((d) => d[0])).toEqual(rows.map(() => 'D'));
  expect(details.map((d) => d[1])).toEqual(rows.map((_, i) => String(i + 1)));
  expect(details.map((d) => d[2])).toEqual(rows.map((r) => r.payment_id));
  expect(new Set(details.map((d) => d[2])).size).toBe(details.length);

  // every line is a payment a stored batch decided, with its amount
  const issued = new Map(events.flatMap((e) => issuedPayments({ type: e.type, data: e.data } as PaymentRunEvent)).map((p) => [p.paymentId, p]));
  expect(issued.size).toBe(details.length);
  for (const d of details) {
    const p = issued.get(d[2]!);
    expect(p).toBeDefined();
    expect(p!.decisionId).toEqual(expect.any(String));
    expect(Number(d[6])).toBe(p!.amountFen);
    expect(d[4]).toBe(p!.recipient.name);
    expect(d[5]).toBe(p!.recipient.bankAccountRef);
  }
  await expectDecisionsOnEntitlements(db, events);
  const totalFen = details.reduce((sum, d) => sum + Number(d[6]), 0);
  expect(lines[lines.length - 1]).toBe(`T,${details.length},,,,,${totalFen},${(totalFen / 100).toFixed(2)},,,${runId}`);
  expect({ count: record.paymentCount, total: record.totalAmountFen }).toEqual({ count: details.length, total: totalFen });
  // the file was assembled from the batches' parts: they number the lines 1..n without a gap
  const parts = await db.sql<{ first_seq: number; line_count: number }>(
    `SELECT first_seq, line_count FROM "${db.schema}".payment_run_file_parts WHERE run_id = $1 ORDER BY batch_no`,
    [runId],
  );
  let next = 1;
  for (const p of parts) {
    expect(p.first_seq).toBe(next);
    next += p.line_count;
  }
  expect(next - 1).toBe(details.length);
  // the batches' parts are gone once the file is recorded
  const dir = join(db.bankDir, record.fileRef.split('/').slice(0, -1).join('/'));
  expect((await readdir(dir)).filter((f) => f.endsWith('.parts') || f.endsWith('.tmp'))).toEqual([]);
  return { lines: details.length, totalFen };
}

/** Each issued payment against its entitlement as it stood when the payment was issued. */
async function expectDecisionsOnEntitlements(db: DisbursementDb, runEvents: RecordedEvent[]): Promise<void> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of runEvents) {
    for (const p of issuedPayments({ type: e.type, data: e.data } as PaymentRunEvent)) {
      if (!streams.has(p.caseId)) streams.set(p.caseId, await db.store.readStream(entitlementStreamId(p.caseId)));
      const state = streams
        .get(p.caseId)!
        .filter((x) => comparePositions(x.position, e.position) < 0)
        .reduce<EntitlementState>((s, x) => evolveEntitlement(s, { type: x.type, data: x.data } as EntitlementEvent), initialEntitlementState);
      expect({ paymentId: p.paymentId, decisionKnown: state.decisionIds.includes(p.decisionId) }).toEqual({ paymentId: p.paymentId, decisionKnown: true });
      if (p.kind !== 'ARREARS') {
        const due = amountForPeriod(state, p.period);
        // paid = the month's amount less what an overpayment recovery took off it
        const offsetFen = 'offsetFen' in p ? (p.offsetFen ?? 0) : 0;
        expect({ paymentId: p.paymentId, decisionId: due.decisionId, amountFen: due.amountFen }).toEqual({ paymentId: p.paymentId, decisionId: p.decisionId, amountFen: p.amountFen + offsetFen });
      }
    }
  }
}
