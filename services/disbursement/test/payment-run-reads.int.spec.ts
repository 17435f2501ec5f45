/**
 * The workbench's read routes of the payment runs, over HTTP on real PostgreSQL: the district's runs by
 * month (paged, per-programme totals), the lines of a run with the decision each traces to, and the bank
 * file (streamed, digest = the SHA-256 in BankFileWritten, download recorded); another district's
 * officer is refused and nothing is recorded for them.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { PG_POOL } from '@sa/database';
import type { KeyStore } from '@sa/crypto';
import { KEY_STORE } from '@sa/platform';
import type { Pool } from 'pg';
import { EntitlementCommands } from '../src/commands/entitlement-commands';
import { paymentRunStreamId } from '../src/domain';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { grantedEvent } from './support/fixtures';

jest.setTimeout(90_000);

let t: DisbursementTestApp;
let officer: string;
let otherOfficer: string;
let auditor: string;
let runId: string;
const district = '440305';
const grants = [grantedEvent({ monthlyAmountFen: 130000 }), grantedEvent({ monthlyAmountFen: 98750 }), grantedEvent({ monthlyAmountFen: 4501 })];

const http = () => request(t.app.getHttpServer());

beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-disb-7' })}`;
  otherOfficer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: '330106', sub: 'officer-disb-other' })}`;
  auditor = `Bearer ${await t.token('auditor', { jurisdiction: district })}`;
  for (const g of grants) await t.app.get(EntitlementCommands).onAssistanceGranted(g, t.app.get<Pool>(PG_POOL));
  const started = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-03' });
  expect(started.status).toBe(202);
  runId = started.body.runId;
  await t.runs.settled(runId);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /disbursement/payment-runs', () => {
  it("lists the caller's district's runs with per-programme totals in fen, filtered by month and paged", async () => {
    const res = await http().get('/disbursement/payment-runs').query({ month: '2026-03' }).set('Authorization', officer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ runId, district, period: '2026-03', status: 'FILE_WRITTEN', paymentCount: 3, totalAmountFen: 233251 });
    expect(res.body.items[0].programs).toEqual([{ program: 'MINIMUM_LIVING_ALLOWANCE', paymentCount: 3, amountFen: 233251 }]);

    const none = await http().get('/disbursement/payment-runs').query({ month: '2026-02', jurisdiction: district }).set('Authorization', officer);
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const paged = await http().get('/disbursement/payment-runs').query({ limit: 1, offset: 1 }).set('Authorization', officer);
    expect(paged.body).toMatchObject({ items: [], total: 1, limit: 1, offset: 1 });
    const asAuditor = await http().get('/disbursement/payment-runs').set('Authorization', auditor);
    expect(asAuditor.body.total).toBe(1);
  });

  it('refuses bad input naming the field (problem+json) and another district (403)', async () => {
    const bad = await http().get('/disbursement/payment-runs').query({ month: '2026-13', limit: 0 }).set('Authorization', officer);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('month');
    const badLimit = await http().get('/disbursement/payment-runs').query({ limit: 'x' }).set('Authorization', officer);
    expect(badLimit.status).toBe(400);
    expect(JSON.stringify(badLimit.body)).toContain('limit');
    const other = await http().get('/disbursement/payment-runs').query({ jurisdiction: district }).set('Authorization', otherOfficer);
    expect(other.status).toBe(403);
    // The other district's officer sees their own (empty) list, never this district's runs.
    const own = await http().get('/disbursement/payment-runs').set('Authorization', otherOfficer);
    expect(own.body).toMatchObject({ items: [], total: 0 });
  });
});

describe('GET /disbursement/payment-runs/:runId/lines', () => {
  it('gives every line with the case and the decision it pays, and finds one line by payment id', async () => {
    const res = await http().get(`/disbursement/payment-runs/${runId}/lines`).set('Authorization', officer);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const byCase = new Map(res.body.items.map((l: any) => [l.caseId, l]));
    for (const g of grants) {
      expect(byCase.get(g.data.caseId)).toMatchObject({ caseNumber: g.data.caseNumber, decisionId: g.data.decisionId, amountFen: (g.data as { monthlyAmountFen: number }).monthlyAmountFen, kind: 'REGULAR', period: '2026-03' });
    }
    const one = res.body.items[1];
    const found = await http().get(`/disbursement/payment-runs/${runId}/lines`).query({ paymentId: one.paymentId }).set('Authorization', auditor);
    expect(found.body).toMatchObject({ total: 1, items: [one] });
    expect((await http().get(`/disbursement/payment-runs/${runId}/lines`).query({ paymentId: 'nope' }).set('Authorization', officer)).status).toBe(400);
    expect((await http().get(`/disbursement/payment-runs/${runId}/lines`).set('Authorization', otherOfficer)).status).toBe(403);
  });
});

describe('GET /disbursement/payment-runs/:runId/bank-file', () => {
  it('streams the bank file with the digest recorded in BankFileWritten and records the download', async () => {
    const res = await http()
      .get(`/disbursement/payment-runs/${runId}/bank-file`)
      .set('Authorization', officer)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="payment-run-.*\.csv"/);
    const body = res.body as Buffer;
    const text = body.toString('utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(5); // header, 3 payments, trailer
    expect(lines[4]).toContain('T,3,,,,,233251,2332.51');

    const events = await t.store.readStream(paymentRunStreamId(runId));
    const written = events.find((e) => e.type === 'BankFileWritten')!.data as { sha256: string };
    expect(createHash('sha256').update(body).digest('hex')).toBe(written.sha256);
    expect(res.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(written.sha256, 'hex').toString('base64')}:`);

    const reads = await t.sql<{ actor_id: string; actor_role: string; sha256: string }>(`SELECT * FROM "${t.schema}".bank_file_reads WHERE run_id = $1`, [runId]);
    expect(reads).toEqual([expect.objectContaining({ actor_id: 'officer-disb-7', actor_role: 'disbursement_officer', sha256: written.sha256, actor_jurisdiction: district })]);

    // the payees' names and accounts: one entry per case of the run in the shared read log (issue 18 item 6)
    const cases = (await t.sql<{ case_id: string }>(`SELECT DISTINCT case_id FROM "${t.schema}".payments WHERE run_id = $1`, [runId])).map((r) => r.case_id);
    expect(cases).toHaveLength(3);
    const logged = (await t.app.get<KeyStore>(KEY_STORE).readLog.report({ subjects: cases })).filter((r) => r.channel === 'http GET /disbursement/payment-runs/:runId/bank-file');
    expect(logged.map((r) => r.subject).sort()).toEqual([...cases].sort());
    expect(logged[0]).toEqual(expect.objectContaining({ actor: { id: 'officer-disb-7', role: 'disbursement_officer', jurisdiction: district }, fields: ['bankFile.bankAccount', 'bankFile.recipientName'], purpose: '经办查阅' }));
  });

  it("refuses another district's disbursement officer (403) and an auditor (403), records nothing for them; unknown run 404", async () => {
    const other = await http().get(`/disbursement/payment-runs/${runId}/bank-file`).set('Authorization', otherOfficer);
    expect(other.status).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const asAuditor = await http().get(`/disbursement/payment-runs/${runId}/bank-file`).set('Authorization', auditor);
    expect(asAuditor.status).toBe(403);
    const reads = await t.sql(`SELECT * FROM "${t.schema}".bank_file_reads WHERE actor_id <> 'officer-disb-7'`);
    expect(reads).toEqual([]);
    const unknown = await http().get('/disbursement/payment-runs/6f1b7c1e-1111-4a4a-8b8b-123456789abc/bank-file').set('Authorization', officer);
    expect(unknown.status).toBe(404);
  });
});

describe('GET /disbursement/entitlements (待遇名单)', () => {
  it("lists the district's entitlements by case number, paged on the server, with this month's amount and the decision that sets it", async () => {
    const all = await http().get('/disbursement/entitlements').set('Authorization', officer);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
    const numbers = all.body.items.map((i: { caseNumber: string }) => i.caseNumber);
    expect(numbers).toEqual([...numbers].sort());
    const byCase = new Map(grants.map((g) => [g.data.caseId, g]));
    for (const item of all.body.items) {
      const grant = byCase.get(item.caseId)!;
      expect(item).toMatchObject({ currentMonth: '2026-03', status: 'PAYABLE', amountFen: (grant.data as { monthlyAmountFen: number }).monthlyAmountFen, decisionId: grant.data.decisionId, program: 'MINIMUM_LIVING_ALLOWANCE' });
      // the payee by name and masked account only: never the registry reference
      expect(JSON.stringify(item)).not.toContain('bankAccountRef');
    }
    const second = await http().get('/disbursement/entitlements').query({ limit: 1, offset: 1 }).set('Authorization', officer);
    expect(second.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(second.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([numbers[1]]);
    const one = await http().get('/disbursement/entitlements').query({ caseNumber: numbers[2] }).set('Authorization', auditor);
    expect(one.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([numbers[2]]);
  });

  it('refuses bad paging or jurisdiction naming the field, and another district (403); its own list is empty', async () => {
    const bad = await http().get('/disbursement/entitlements').query({ limit: 500, jurisdiction: '44' }).set('Authorization', officer);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('limit');
    const badScope = await http().get('/disbursement/entitlements').query({ jurisdiction: '44' }).set('Authorization', officer);
    expect(badScope.status).toBe(400);
    expect(JSON.stringify(badScope.body)).toContain('jurisdiction');
    expect((await http().get('/disbursement/entitlements').query({ jurisdiction: district }).set('Authorization', otherOfficer)).status).toBe(403);
    expect((await http().get('/disbursement/entitlements').set('Authorization', otherOfficer)).body).toMatchObject({ items: [], total: 0 });
  });
});
