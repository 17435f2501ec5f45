/**
 * 先行救助 over HTTP on real PostgreSQL: paid at once within the limit carried by the request, with its
 * reason; the paperwork is due within N working days (holiday calendar), after which the advance is on
 * the overdue list until completed.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { toIntegrationEvent } from '../src/publishing/integration-events';
import { emergencyAdvanceStreamId } from '../src/domain';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';

jest.setTimeout(60_000);

let t: DisbursementTestApp;
let officer: string;
beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: '440305' })}`;
});
afterAll(async () => {
  await t?.close();
});
const http = () => request(t.app.getHttpServer());

const body = (over: Record<string, unknown> = {}) => ({
  advanceId: randomUUID(),
  caseId: randomUUID(),
  caseNumber: 'LS-440305001-2026-000007',
  jurisdiction: '440305001001',
  amountFen: 200000,
  advanceLimitFen: 300000,
  policyVersion: '440305-2026-01',
  reason: '火灾，房屋受损，先行救助',
  completeWithinWorkingDays: 5,
  recipient: { memberId: randomUUID(), name: '李强', bankAccountRef: 'acct-li-0001' },
  ...over,
});

describe('emergency advances', () => {
  const advance = body();

  it('pays at once within the limit, paperwork due in 5 working days', async () => {
    const res = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send(advance);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ advanceId: advance.advanceId, paidOn: '2026-03-05', paperworkDueOn: '2026-03-12' });
    const [payment] = await t.sql(`SELECT kind, amount_fen::int AS amount FROM "${t.schema}".payments WHERE payment_id = $1`, [res.body.paymentId]);
    expect(payment).toEqual({ kind: 'EMERGENCY_ADVANCE', amount: 200000 });
    const [paid] = await t.store.readStream(emergencyAdvanceStreamId(advance.advanceId));
    const published = toIntegrationEvent(paid!);
    expect(published).toMatchObject({ type: 'PaymentIssued', subject: advance.caseId, data: { kind: 'EMERGENCY_ADVANCE', amountFen: 200000 } });
  });

  it('refuses an advance above the local limit', async () => {
    const res = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send(body({ amountFen: 300001 }));
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('advance_over_limit');
  });

  it('pays a retried request only once', async () => {
    const res = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send(advance);
    expect(res.status).toBe(201);
    expect(await t.store.readStream(emergencyAdvanceStreamId(advance.advanceId))).toHaveLength(1);
    const [n] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".payments WHERE case_id = $1`, [advance.caseId]);
    expect(n!.n).toBe(1);
  });

  it('lists the advance as overdue after the due date, and not once completed', async () => {
    t.clock.set('2026-03-12T18:00:00+08:00');
    let res = await http().get('/disbursement/emergency-advances/overdue?jurisdiction=440305').set('Authorization', officer);
    expect(res.body.items).toEqual([]);
    t.clock.set('2026-03-13T09:00:00+08:00');
    res = await http().get('/disbursement/emergency-advances/overdue?jurisdiction=440305').set('Authorization', officer);
    expect(res.body.items.map((i: { advanceId: string }) => i.advanceId)).toEqual([advance.advanceId]);

    const done = await http()
      .post(`/disbursement/emergency-advances/${advance.advanceId}/completion`)
      .set('Authorization', officer)
      .send({ decisionId: randomUUID() });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ completedOn: '2026-03-13', late: true });
    res = await http().get('/disbursement/emergency-advances/overdue?jurisdiction=440305').set('Authorization', officer);
    expect(res.body.items).toEqual([]);
  });
});
