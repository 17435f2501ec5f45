/**
 * Accountable reads (issue #18 item 6): the entitlement view shows the payee's and the covered
 * members' names; each read is recorded in the shared read log (who, case, fields, purpose), with
 * the stated `?purpose=` or the case-work purpose; a purpose not stated in words is 400 naming
 * `purpose`, and nothing is recorded.
 */
import request from 'supertest';
import type { KeyStore } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { KEY_STORE } from '@sa/platform';
import type { Pool } from 'pg';
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, type EmergencyAdvanceApprovedV1 } from '@sa/contracts';
import { randomUUID } from 'node:crypto';
import { EntitlementCommands } from '../src/commands/entitlement-commands';
import { recordApprovedAdvance } from '../src/messaging/approved-advances';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { grantedEvent } from './support/fixtures';

jest.setTimeout(60_000);

let t: DisbursementTestApp;
let keys: KeyStore;
let officer: string;
const district = '440305';

beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  keys = t.app.get<KeyStore>(KEY_STORE);
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-pay-1' })}`;
});
afterAll(async () => {
  await t?.close();
});
const http = () => request(t.app.getHttpServer());

it('records each read of an entitlement showing the payee’s name: who, case, fields, purpose', async () => {
  const grant = grantedEvent();
  const caseId = grant.data.caseId;
  await t.app.get(EntitlementCommands).onAssistanceGranted(grant, t.app.get<Pool>(PG_POOL));

  const bad = await http().get(`/disbursement/entitlements/${caseId}`).query({ purpose: 'x' }).set('Authorization', officer).expect(400);
  expect(bad.body.errors[0].field).toBe('purpose');
  expect(await keys.readLog.report({ subjects: [caseId] })).toEqual([]);

  const res = await http().get(`/disbursement/entitlements/${caseId}`).query({ purpose: '核对发放对象' }).set('Authorization', officer).expect(200);
  expect(res.body.recipient.name).toBe(grant.data.recipient.name);
  await http().get(`/disbursement/entitlements/${caseId}`).set('Authorization', officer).expect(200);

  const reads = await keys.readLog.report({ subjects: [caseId] });
  expect(reads.map((r) => r.purpose)).toEqual(['核对发放对象', '经办查阅']);
  expect(reads[0]).toEqual(
    expect.objectContaining({
      actor: { id: 'officer-pay-1', role: 'disbursement_officer', jurisdiction: district },
      subject: caseId,
      fields: expect.arrayContaining(['recipient.name']),
      channel: 'http GET /disbursement/entitlements/:caseId',
    }),
  );
  expect((await keys.readLog.verify()).ok).toBe(true);
});

it('a list read (待遇名单) is recorded once per case shown with a payee’s name, field items[].recipientName', async () => {
  const pool = t.app.get<Pool>(PG_POOL);
  const a = grantedEvent();
  const b = grantedEvent();
  await t.app.get(EntitlementCommands).onAssistanceGranted(a, pool);
  await t.app.get(EntitlementCommands).onAssistanceGranted(b, pool);

  const res = await http().get('/disbursement/entitlements').query({ jurisdiction: district, limit: 100, purpose: '月度名单核对' }).set('Authorization', officer).expect(200);
  const shown = (res.body.items as { caseId: string; recipientName: string | null }[]).filter((i) => i.recipientName);
  expect(shown.map((i) => i.caseId)).toEqual(expect.arrayContaining([a.data.caseId, b.data.caseId]));

  const reads = (await keys.readLog.report({ subjects: shown.map((i) => i.caseId) })).filter((r) => r.purpose === '月度名单核对');
  expect(reads.map((r) => r.subject).sort()).toEqual(shown.map((i) => i.caseId).sort());
  expect(reads[0]).toEqual(
    expect.objectContaining({
      actor: { id: 'officer-pay-1', role: 'disbursement_officer', jurisdiction: district },
      fields: ['items[].recipientName'],
      channel: 'http GET /disbursement/entitlements',
    }),
  );
  expect((await keys.readLog.verify()).ok).toBe(true);
});

it('a read of the 先行救助 list is recorded once per case shown with the payee’s name, field items[].recipientName', async () => {
  const data: EmergencyAdvanceApprovedV1 = { ...EXAMPLE_EVENT_DATA.EmergencyAdvanceApproved, advanceId: randomUUID(), caseId: randomUUID(), jurisdiction: '440305001001' };
  const event = createIntegrationEvent('EmergencyAdvanceApproved', data, { id: randomUUID(), time: '2026-03-05T08:30:00+08:00', metadata: { ...exampleMetadata('EmergencyAdvanceApproved'), correlationId: data.caseId } });
  await recordApprovedAdvance(t.app.get<Pool>(PG_POOL), t.schema, event);

  const res = await http().get('/disbursement/emergency-advances').query({ jurisdiction: district, purpose: '先行救助核对' }).set('Authorization', officer).expect(200);
  const mine = (res.body.items as { caseId: string; recipientName: string | null }[]).filter((i) => i.caseId === data.caseId);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.recipientName).toBeTruthy();

  const reads = (await keys.readLog.report({ subjects: [data.caseId] })).filter((r) => r.purpose === '先行救助核对');
  expect(reads).toEqual([
    expect.objectContaining({
      actor: { id: 'officer-pay-1', role: 'disbursement_officer', jurisdiction: district },
      subject: data.caseId,
      fields: ['items[].recipientName'],
      channel: 'http GET /disbursement/emergency-advances',
    }),
  ]);
  expect((await keys.readLog.verify()).ok).toBe(true);
});
