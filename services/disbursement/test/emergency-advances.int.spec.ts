/**
 * 先行救助 over HTTP on real PostgreSQL: paid at once for an advance eligibility approved
 * (EmergencyAdvanceApproved: amount, limit, policy version, payee, paperwork period) and only then —
 * the paying request names the advance, nothing else; the paperwork is due within the policy's working
 * days (holiday calendar), after which the advance is on the overdue list until completed.
 */
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, type EmergencyAdvanceApprovedV1 } from '@sa/contracts';
import { readdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { recordApprovedAdvance } from '../src/messaging/approved-advances';
import { toIntegrationEvent } from '../src/messaging/integration-events';
import { emergencyAdvanceStreamId } from '../src/domain';
import { PG_POOL } from '@sa/database';
import { PublishedHolidayCalendars } from '@sa/messaging';
import type { Pool } from 'pg';
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

/** Eligibility's decision, as the consumer records it. */
async function approve(over: Partial<EmergencyAdvanceApprovedV1> = {}): Promise<EmergencyAdvanceApprovedV1> {
  const data: EmergencyAdvanceApprovedV1 = {
    ...EXAMPLE_EVENT_DATA.EmergencyAdvanceApproved,
    advanceId: randomUUID(),
    caseId: randomUUID(),
    caseNumber: 'LS-440305001-2026-000007',
    jurisdiction: '440305001001',
    amountFen: 200000,
    advanceLimitFen: 300000,
    policyVersion: '440305-2026-01',
    paperworkWorkingDays: 5,
    recipient: { memberId: randomUUID(), name: '李强', bankAccountRef: 'acct-li-0001' },
    reason: '火灾，房屋受损，先行救助',
    ...over,
  };
  const event = createIntegrationEvent('EmergencyAdvanceApproved', data, {
    id: randomUUID(),
    time: '2026-03-05T08:30:00+08:00',
    metadata: { ...exampleMetadata('EmergencyAdvanceApproved'), correlationId: data.caseId },
  });
  await recordApprovedAdvance(t.app.get<Pool>(PG_POOL), t.schema, event);
  return data;
}

async function bankFiles(): Promise<string[]> {
  return (await readdir(t.bankDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('emergency advances', () => {
  let advance: EmergencyAdvanceApprovedV1;
  beforeAll(async () => {
    advance = await approve();
  });

  it('refuses an advance eligibility did not approve (the case may not even exist): 404, no event, no bank file', async () => {
    const advanceId = randomUUID();
    const res = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send({ advanceId });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('advance_not_approved');
    expect(await t.store.readStream(emergencyAdvanceStreamId(advanceId)).catch(() => [])).toEqual([]);
    expect(await bankFiles()).toEqual([]);
  });

  it('refuses a request that carries its own amount, limit, policy or account (400, nothing paid)', async () => {
    const res = await http()
      .post('/disbursement/emergency-advances')
      .set('Authorization', officer)
      .send({ advanceId: advance.advanceId, amountFen: 99999900, advanceLimitFen: 99999900, policyVersion: 'made-up', recipient: { bankAccountRef: 'acct-x' } });
    expect(res.status).toBe(400);
    expect(await bankFiles()).toEqual([]);
  });

  it('refuses an approved advance of another district (403)', async () => {
    const other = await approve({ jurisdiction: '110101001001' });
    const res = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send({ advanceId: other.advanceId });
    expect(res.status).toBe(403);
  });

  it('pays at once the approved amount under its policy, paperwork due after the policy’s 5 working days', async () => {
    const res = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send({ advanceId: advance.advanceId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ advanceId: advance.advanceId, amountFen: 200000, policyVersion: '440305-2026-01', paidOn: '2026-03-05', paperworkDueOn: '2026-03-12' });
    const [payment] = await t.sql(`SELECT kind, amount_fen::int AS amount FROM "${t.schema}".payments WHERE payment_id = $1`, [res.body.paymentId]);
    expect(payment).toEqual({ kind: 'EMERGENCY_ADVANCE', amount: 200000 });
    const [paid] = await t.store.readStream(emergencyAdvanceStreamId(advance.advanceId));
    const published = toIntegrationEvent(paid!);
    expect(published).toMatchObject({ type: 'PaymentIssued', subject: advance.caseId, data: { kind: 'EMERGENCY_ADVANCE', amountFen: 200000 } });
  });

  it('pays a retried request only once', async () => {
    const res = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send({ advanceId: advance.advanceId });
    expect(res.status).toBe(201); // the same command again: recognised, nothing new
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

  it('lists the approved advances of the jurisdiction, newest first, paged on the server, each traced to its approval and payment', async () => {
    const fresh = await approve({ approvedOn: '2026-03-13', caseNumber: 'LS-440305001-2026-000009' });
    const first = await http().get('/disbursement/emergency-advances').query({ limit: 1 }).set('Authorization', officer);
    expect(first.status).toBe(200);
    // the other district's approval is not in this officer's list
    expect(first.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(first.body.items[0]).toMatchObject({ advanceId: fresh.advanceId, status: 'APPROVED', paymentId: null, amountFen: 200000, policyVersion: '440305-2026-01', approvedOn: '2026-03-13', recipientName: '李强' });
    const second = await http().get('/disbursement/emergency-advances').query({ limit: 1, offset: 1 }).set('Authorization', officer);
    const [paid] = await t.sql<{ approval_event_id: string }>(`SELECT approval_event_id FROM "${t.schema}".approved_advances WHERE advance_id = $1`, [advance.advanceId]);
    expect(second.body.items[0]).toMatchObject({
      advanceId: advance.advanceId,
      status: 'COMPLETED',
      approvalEventId: paid!.approval_event_id,
      approvedBy: advance.approvedBy,
      paidOn: '2026-03-05',
      paperworkDueOn: '2026-03-12',
      completedOn: '2026-03-13',
      late: true,
    });
    expect(second.body.items[0].paymentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(second.body)).not.toContain('acct-li-0001'); // the registry reference stays in the service
    const toPay = await http().get('/disbursement/emergency-advances').query({ status: 'APPROVED', caseNumber: 'LS-440305001-2026-000009' }).set('Authorization', officer);
    expect(toPay.body.items.map((i: { advanceId: string }) => i.advanceId)).toEqual([fresh.advanceId]);
  });

  it('refuses a bad status or paging naming the field, and another district (403)', async () => {
    const bad = await http().get('/disbursement/emergency-advances').query({ status: 'PAYED', limit: 0 }).set('Authorization', officer);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('limit');
    const badStatus = await http().get('/disbursement/emergency-advances').query({ status: 'PAYED' }).set('Authorization', officer);
    expect(JSON.stringify(badStatus.body)).toContain('status');
    const other = await http().get('/disbursement/emergency-advances').query({ jurisdiction: '110101' }).set('Authorization', officer);
    expect(other.status).toBe(403);
  });
});

describe('emergency advances across the year end, without and then with the 节假日安排 of 2027 (issue 14 item 1)', () => {
  /** HolidayCalendarPublished as the inbox consumer records it. */
  async function publish2027(): Promise<void> {
    const event = createIntegrationEvent('HolidayCalendarPublished', EXAMPLE_EVENT_DATA.HolidayCalendarPublished, {
      id: randomUUID(),
      time: '2026-12-30T10:00:00+08:00',
      metadata: exampleMetadata('HolidayCalendarPublished'),
    });
    const client = await t.app.get<Pool>(PG_POOL).connect();
    try {
      await t.app.get(PublishedHolidayCalendars).record(event, client);
    } finally {
      client.release();
    }
  }

  it('pays on 2026-12-29 with the paperwork due date open (calendar_missing 2027), listed as CALENDAR_MISSING and never overdue; dated once 2027 is published; the completion is judged on that date', async () => {
    expect(t.app.get(PublishedHolidayCalendars).calendar.knows(2027)).toBe(false);
    t.clock.set('2026-12-29T09:00:00+08:00');
    const open = await approve({ approvedOn: '2026-12-29', caseNumber: 'LS-440305001-2026-000027' });
    const paid = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send({ advanceId: open.advanceId });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ paidOn: '2026-12-29', paperworkDueOn: null, calendarMissing: 2027 });
    const [stored] = await t.store.readStream(emergencyAdvanceStreamId(open.advanceId));
    expect(stored!.data).toMatchObject({ paperworkDueOn: null, paperworkCalendarMissing: 2027 });

    t.clock.set('2027-03-01T09:00:00+08:00');
    const missing = await http().get('/disbursement/emergency-advances').query({ status: 'CALENDAR_MISSING' }).set('Authorization', officer);
    expect(missing.status).toBe(200);
    expect(missing.body.items).toEqual([expect.objectContaining({ advanceId: open.advanceId, paperworkDueOn: null, paperworkCalendarMissing: 2027, status: 'CALENDAR_MISSING' })]);
    const overdue = await http().get('/disbursement/emergency-advances/overdue?jurisdiction=440305').set('Authorization', officer);
    expect(overdue.body.items.map((i: { advanceId: string }) => i.advanceId)).not.toContain(open.advanceId);

    // 2027 published: 1–3 January are holidays, so 5 working days after 29 December end on 6 January (a Monday–Friday guess said the 5th).
    await publish2027();
    t.clock.set('2027-01-06T18:00:00+08:00');
    const dated = await http().get('/disbursement/emergency-advances').query({ caseNumber: 'LS-440305001-2026-000027' }).set('Authorization', officer);
    expect(dated.body.items).toEqual([expect.objectContaining({ advanceId: open.advanceId, paperworkDueOn: '2027-01-06', paperworkCalendarMissing: null, status: 'PAID' })]);
    const done = await http().post(`/disbursement/emergency-advances/${open.advanceId}/completion`).set('Authorization', officer).send({ decisionId: randomUUID() });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ completedOn: '2027-01-06', late: false, paperworkDueOn: '2027-01-06' });
    const [, completed] = await t.store.readStream(emergencyAdvanceStreamId(open.advanceId));
    expect(completed).toMatchObject({ type: 'EmergencyAdvancePaperworkCompleted' });
    expect(completed!.data).toMatchObject({ late: false, paperworkDueOn: '2027-01-06' });
  });
});
