/**
 * Issue #12, "Money (fix first)", over HTTP on real PostgreSQL: no bank file line without the event
 * that orders it. A reissue of a payment the bank did not return is refused before any file is
 * written; a payment run only for the current or next month (Asia/Shanghai).
 */
import { randomUUID } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BANK_FILE_HEADER } from '../src/bank/bank-file';
import { formatReconcileReport } from '../src/domain';
import { runReconcile } from '../src/reconcile-cli';
import request from 'supertest';
import { EntitlementCommands } from '../src/commands/entitlement-commands';
import { PG_POOL } from '@sa/database';
import type { Pool } from 'pg';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { grantedEvent } from './support/fixtures';

jest.setTimeout(60_000);

let t: DisbursementTestApp;
let officer: string;
const district = '440305';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) out.push(entry.name);
  return out.sort();
}

beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district })}`;
});
afterAll(async () => {
  await t?.close();
});
const http = () => request(t.app.getHttpServer());

describe('reissue', () => {
  let paidPaymentId: string;

  beforeAll(async () => {
    const grant = grantedEvent();
    await t.app.get(EntitlementCommands).onAssistanceGranted(grant, t.app.get<Pool>(PG_POOL));
    const started = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-03' });
    expect(started.status).toBe(202);
    await t.runs.settled(started.body.runId);
    const confirmed = await http()
      .post(`/disbursement/payment-runs/${started.body.runId}/bank-confirmation`)
      .set('Authorization', officer)
      .send({ returnFile: 'payment_id,reason_code,bank_message\n', confirmedOn: '2026-03-06' });
    expect(confirmed.body.status).toBe('COMPLETED');
    const [row] = await t.sql<{ payment_id: string }>(`SELECT payment_id FROM "${t.schema}".payments WHERE case_id = $1`, [grant.data.caseId]);
    paidPaymentId = row!.payment_id;
  });

  it('refuses (409) a paid, not returned payment before any bank file is written, and stores no event', async () => {
    const before = await filesUnder(t.bankDir);
    const res = await http().post(`/disbursement/payments/${paidPaymentId}/reissue`).set('Authorization', officer).send({});
    expect(res.status).toBe(409);
    expect(res.body.code ?? JSON.stringify(res.body)).toContain('payment_not_returned');
    expect(await filesUnder(t.bankDir)).toEqual(before);
    expect(before.some((f) => f.startsWith('reissue-'))).toBe(false);
    const [n] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.eventStoreSchema}".events WHERE type = 'PaymentReissued'`);
    expect(n!.n).toBe(0);
  });
});

describe('payment run month', () => {
  it.each(['2031-06', '2026-02', '2026-05'])('refuses a run for %s (only 2026-03 or 2026-04 on 2026-03-05): 422 naming period, nothing stored', async (period) => {
    const res = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.body)).toContain('period');
    const rows = await t.sql(`SELECT 1 FROM "${t.schema}".payment_runs WHERE period = $1`, [period]);
    expect(rows).toEqual([]);
    const streams = await t.sql(`SELECT 1 FROM "${t.eventStoreSchema}".events WHERE type = 'PaymentRunStarted' AND data->>'period' = $1`, [period]);
    expect(streams).toEqual([]);
  });
});

describe('payee change (four-eyes)', () => {
  it('needs the household request as evidence and a second officer; both recorded with actor, role and jurisdiction', async () => {
    const grant = grantedEvent();
    const caseId = grant.data.caseId;
    await t.app.get(EntitlementCommands).onAssistanceGranted(grant, t.app.get<Pool>(PG_POOL));
    const payee = { memberId: grant.data.recipient.memberId, name: grant.data.recipient.name, bankAccountRef: 'acct-new-0009' };

    const old = await http().put(`/disbursement/entitlements/${caseId}/bank-account`).set('Authorization', officer).send(payee);
    expect(old.status).toBe(404);
    const noEvidence = await http().post(`/disbursement/entitlements/${caseId}/bank-account-changes`).set('Authorization', officer).send({ ...payee, reason: '销户' });
    expect(noEvidence.status).toBe(400);
    expect(JSON.stringify(noEvidence.body)).toContain('householdRequestRef');

    const requested = await http()
      .post(`/disbursement/entitlements/${caseId}/bank-account-changes`)
      .set('Authorization', officer)
      .send({ ...payee, householdRequestRef: 'doc:payee-change/0009', reason: '原账户已销户' });
    expect(requested.status).toBe(201);
    expect(requested.body.recipient.bankAccountRef).toBe(grant.data.recipient.bankAccountRef);
    const changeId: string = requested.body.pending.changeId;

    const self = await http().post(`/disbursement/entitlements/${caseId}/bank-account-changes/${changeId}/approval`).set('Authorization', officer).send({});
    expect(self.status).toBe(403);
    expect(JSON.stringify(self.body)).toContain('four_eyes_required');

    const second = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-second' })}`;
    const approved = await http().post(`/disbursement/entitlements/${caseId}/bank-account-changes/${changeId}/approval`).set('Authorization', second).send({});
    expect(approved.status).toBe(200);
    expect(approved.body.recipient.bankAccountRef).toBe('acct-new-0009');

    const events = await t.sql<{ type: string; data: Record<string, unknown>; metadata: { actor: { id: string; role: string; jurisdiction: string } } }>(
      `SELECT type, data, metadata FROM "${t.eventStoreSchema}".events WHERE stream_id = $1 AND type LIKE 'BankAccount%' ORDER BY revision`,
      [`entitlement-${caseId}`],
    );
    expect(events.map((e) => e.type)).toEqual(['BankAccountChangeRequested', 'BankAccountCorrected']);
    expect(events[0]!.metadata.actor).toMatchObject({ role: 'disbursement_officer', jurisdiction: district });
    expect(events[1]!.data).toMatchObject({ householdRequestRef: 'doc:payee-change/0009', approvedBy: { id: 'officer-second', role: 'disbursement_officer', jurisdiction: district } });
    expect((events[1]!.data.requestedBy as { id: string }).id).not.toBe('officer-second');
  });
});

describe('reconcile', () => {
  it('traces every line of the month to its decision event, and reports a forged line (exit-1 case)', async () => {
    const pool = t.app.get<Pool>(PG_POOL);
    const o = { pool, eventStoreSchema: t.eventStoreSchema, schema: t.schema, bankDir: t.bankDir, month: '2026-03' };
    const report = await runReconcile(o);
    process.stdout.write(`${formatReconcileReport(report)}\n`);
    expect(report.lineCount).toBeGreaterThan(0);
    expect(report.findings).toEqual([]);
    await writeFile(join(t.bankDir, '440305', '2026-03', 'forged.csv'), `${BANK_FILE_HEADER}\nD,1,${randomUUID()},DB-X,某人,acct-x,99999900,999999.00,MINIMUM_LIVING_ALLOWANCE,2026-03,\n`);
    const forged = await runReconcile(o);
    expect(forged.findings.some((f) => f.includes('no cause'))).toBe(true);
  });
});
