/**
 * 待重新发放 (`GET /disbursement/returned-payments`) over HTTP on real PostgreSQL: after the bank returns
 * one payment of a run, the district's officer sees it (paged, with the reason), another district's
 * does not (its own list empty; asking for this district 403); bad or unknown parameters are a 400
 * naming the field; it stays listed while the reissue is refused (account not corrected).
 */
import request from 'supertest';
import { PG_POOL } from '@sa/database';
import type { Pool } from 'pg';
import { EntitlementCommands } from '../src/commands/entitlement-commands';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { grantedEvent } from './support/fixtures';

jest.setTimeout(90_000);

let t: DisbursementTestApp;
let officer: string;
let otherOfficer: string;
let returnedId: string;
const district = '440305';
const http = () => request(t.app.getHttpServer());

beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-disb-7' })}`;
  otherOfficer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: '330106', sub: 'officer-disb-other' })}`;
  for (const g of [grantedEvent({ monthlyAmountFen: 130000 }), grantedEvent({ monthlyAmountFen: 4501 })]) {
    await t.app.get(EntitlementCommands).onAssistanceGranted(g, t.app.get<Pool>(PG_POOL));
  }
  const started = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-03' });
  const runId = started.body.runId;
  await t.runs.settled(runId);
  const lines = await http().get(`/disbursement/payment-runs/${runId}/lines`).set('Authorization', officer);
  returnedId = lines.body.items.find((l: { amountFen: number }) => l.amountFen === 4501).paymentId;
  const confirmed = await http()
    .post(`/disbursement/payment-runs/${runId}/bank-confirmation`)
    .set('Authorization', officer)
    .send({ returnFile: `payment_id,reason_code,bank_message\n${returnedId},ACCOUNT_CLOSED,账户已销户\n`, confirmedOn: '2026-03-06' });
  expect(confirmed.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /disbursement/returned-payments', () => {
  it("lists the district's returned payments with the reason, paged", async () => {
    const res = await http().get('/disbursement/returned-payments').set('Authorization', officer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [expect.objectContaining({ paymentId: returnedId, period: '2026-03', amountFen: 4501, returnReason: 'ACCOUNT_CLOSED', returnedOn: '2026-03-06', program: 'MINIMUM_LIVING_ALLOWANCE' })],
      total: 1,
      page: 1,
      pageSize: 50,
    });
    expect(res.body.items[0]).not.toHaveProperty('recipient');
    const second = await http().get('/disbursement/returned-payments').query({ page: 2, pageSize: 1 }).set('Authorization', officer);
    expect(second.body).toEqual({ items: [], total: 1, page: 2, pageSize: 1 });
  });

  it('refuses bad and unknown parameters (400 naming the field) and another district (403; its own list is empty)', async () => {
    const bad = await http().get('/disbursement/returned-payments').query({ page: 0, pageSize: 201 }).set('Authorization', officer);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('page');
    expect(JSON.stringify(bad.body)).toContain('pageSize');
    expect((await http().get('/disbursement/returned-payments').query({ status: 'RETURNED' }).set('Authorization', officer)).status).toBe(400);
    expect((await http().get('/disbursement/returned-payments').query({ jurisdiction: district }).set('Authorization', otherOfficer)).status).toBe(403);
    expect((await http().get('/disbursement/returned-payments').set('Authorization', otherOfficer)).body).toMatchObject({ items: [], total: 0 });
  });

  it('stays in the list while it cannot be reissued (the account not corrected yet: 422 naming the field)', async () => {
    const refused = await http().post(`/disbursement/payments/${returnedId}/reissue`).set('Authorization', officer).send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('bank_account_not_corrected');
    expect((await http().get('/disbursement/returned-payments').set('Authorization', officer)).body).toMatchObject({ total: 1, items: [expect.objectContaining({ paymentId: returnedId })] });
  });
});
