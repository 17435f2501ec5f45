/**
 * 完成批次 (`POST /disbursement/payment-runs/:runId/completion`) over HTTP on real PostgreSQL: a run the
 * bank confirmed whose completion was never recorded (the service stopped between the two commands of
 * `…/bank-confirmation`, reproduced by recording only the confirmation) is completed — PaymentRunCompleted
 * once, the payments PAID — idempotently; before the confirmation it is a 409, another district 403,
 * an unknown run 404, an auditor 403, each as problem+json with nothing recorded.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PG_POOL } from '@sa/database';
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

const http = () => request(t.app.getHttpServer());
const completedEvents = async () => (await t.store.readStream(paymentRunStreamId(runId))).filter((e) => e.type === 'PaymentRunCompleted');

beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-disb-7' })}`;
  otherOfficer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: '330106', sub: 'officer-disb-other' })}`;
  auditor = `Bearer ${await t.token('auditor', { jurisdiction: district })}`;
  for (const g of [grantedEvent({ monthlyAmountFen: 130000 }), grantedEvent({ monthlyAmountFen: 4501 })]) {
    await t.app.get(EntitlementCommands).onAssistanceGranted(g, t.app.get<Pool>(PG_POOL));
  }
  const started = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-03' });
  expect(started.status).toBe(202);
  runId = started.body.runId;
  await t.runs.settled(runId);
});
afterAll(async () => {
  await t?.close();
});

describe('POST /disbursement/payment-runs/:runId/completion', () => {
  it('refuses a run the bank has not confirmed (409 problem+json), another district (403), an auditor (403), an unknown run (404)', async () => {
    const early = await http().post(`/disbursement/payment-runs/${runId}/completion`).set('Authorization', officer).send({});
    expect(early.status).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.body.code).toBe('bank_confirmation_missing');
    expect((await http().post(`/disbursement/payment-runs/${runId}/completion`).set('Authorization', otherOfficer).send({})).status).toBe(403);
    expect((await http().post(`/disbursement/payment-runs/${runId}/completion`).set('Authorization', auditor).send({})).status).toBe(403);
    const unknown = await http().post(`/disbursement/payment-runs/${randomUUID()}/completion`).set('Authorization', officer).send({});
    expect(unknown.status).toBe(404);
    expect((await http().post('/disbursement/payment-runs/not-a-uuid/completion').set('Authorization', officer).send({})).status).toBe(400);
    expect(await completedEvents()).toHaveLength(0);
  });

  it('completes a run left CONFIRMED: PaymentRunCompleted once, the payments PAID; the second call changes nothing', async () => {
    // The first half of …/bank-confirmation only (as if the service stopped before the completion).
    const run = await http().get(`/disbursement/payment-runs/${runId}`).set('Authorization', officer);
    await t.runs.executor.handle(runId, { type: 'RecordBankConfirmation', data: { fileRef: run.body.bankFileRefs[0], confirmedOn: '2026-03-06', returns: [] } }, {
      actor: { id: 'officer-disb-7', role: 'disbursement_officer', jurisdiction: district },
    });
    const confirmed = await http().get(`/disbursement/payment-runs/${runId}`).set('Authorization', officer);
    expect(confirmed.body.status).toBe('CONFIRMED');
    expect((await t.sql<{ status: string }>(`SELECT status FROM "${t.schema}".payments WHERE run_id = $1`, [runId])).map((r) => r.status)).toEqual(['ISSUED', 'ISSUED']);

    const done = await http().post(`/disbursement/payment-runs/${runId}/completion`).set('Authorization', officer).send({});
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ runId, status: 'COMPLETED' });
    const events = await completedEvents();
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ runId, district, period: '2026-03', paymentCount: 2, totalAmountFen: 134501 });
    expect(events[0]!.metadata).toMatchObject({ actor: { id: 'officer-disb-7', role: 'disbursement_officer' } });
    expect((await t.sql<{ status: string }>(`SELECT status FROM "${t.schema}".payments WHERE run_id = $1`, [runId])).map((r) => r.status)).toEqual(['PAID', 'PAID']);

    const again = await http().post(`/disbursement/payment-runs/${runId}/completion`).set('Authorization', officer).send({});
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('COMPLETED');
    expect(await completedEvents()).toHaveLength(1);
  });
});
