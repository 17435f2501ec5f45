/**
 * Issue 18 in disbursement's read models, on real PostgreSQL with the service's key store (field
 * encryption on, as in every service): the entitlement state, the payment rows' recipient and the
 * approved emergency advances hold the payee's name and bank-account reference only sealed under the
 * case's data key; the bank files (written for the bank) and the HTTP reads open them; after the case's
 * key is destroyed they read `已销毁` while amounts, months and counts are unchanged.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Pool } from 'pg';
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, type EmergencyAdvanceApprovedV1 } from '@sa/contracts';
import { isCiphertext, processFieldEncryptor, SHREDDED } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { recordApprovedAdvance } from '../src/messaging/approved-advances';
import { EntitlementCommands } from '../src/commands/entitlement-commands';
import { sealedColumnContext } from '../src/read-models/sealed-columns';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { grantedEvent } from './support/fixtures';

jest.setTimeout(90_000);

let t: DisbursementTestApp;
let officer: string;
const district = '440305';
const grant = grantedEvent({ monthlyAmountFen: 130000 });
const caseId = grant.data.caseId;
const name = grant.data.recipient.name;
const accountRef = grant.data.recipient.bankAccountRef;
const http = () => request(t.app.getHttpServer());
/** The advance's reason in the officer's words (free text: may name an illness); sealed in the rows and the events. */
const advanceReason = '核查记录TXT-ADV7K2 户主突发脑溢血住院，急需生活费';

beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  expect(processFieldEncryptor()).toBeDefined(); // the service opened its key store: FIELD_ENCRYPTION on
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-disb-seal' })}`;
  await t.app.get(EntitlementCommands).onAssistanceGranted(grant, t.app.get<Pool>(PG_POOL));
});
afterAll(async () => {
  await t?.close();
});

/** Every row of the service's tables as JSON text (what a pg_dump of them holds). */
async function tablesText(): Promise<string> {
  const tables = await t.sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [t.schema]);
  const out: string[] = [];
  for (const { table_name } of tables) out.push(...(await t.sql<{ r: string }>(`SELECT row_to_json(x)::text AS r FROM "${t.schema}"."${table_name}" x`)).map((r) => r.r));
  return out.join('\n');
}

describe('sealed disbursement read models (issue 18)', () => {
  let runId: string;
  let advance: EmergencyAdvanceApprovedV1;

  it('stores the entitlement, the payments and the approved advance with the payee sealed; the bank files carry the payee in clear', async () => {
    const [ent] = await t.sql<{ state: { recipient: { memberId: string; name: string; bankAccountRef: string }; membersCovered: { name: string }[] } }>(
      `SELECT state FROM "${t.schema}".entitlements WHERE case_id = $1`,
      [caseId],
    );
    expect(isCiphertext(ent!.state.recipient.name)).toBe(true);
    expect(isCiphertext(ent!.state.recipient.bankAccountRef)).toBe(true);
    expect(ent!.state.recipient.memberId).toBe(grant.data.recipient.memberId); // not personal: stays queryable
    expect(ent!.state.membersCovered.every((m) => isCiphertext(m.name))).toBe(true);

    const started = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-03' });
    expect(started.status).toBe(202);
    runId = started.body.runId;
    await t.runs.settled(runId);

    advance = {
      ...EXAMPLE_EVENT_DATA.EmergencyAdvanceApproved,
      advanceId: randomUUID(),
      caseId,
      caseNumber: grant.data.caseNumber,
      jurisdiction: grant.data.jurisdiction,
      amountFen: 200000,
      advanceLimitFen: 300000,
      policyVersion: '440305-2026-01',
      paperworkWorkingDays: 5,
      recipient: { memberId: grant.data.recipient.memberId, name, bankAccountRef: accountRef },
      reason: advanceReason,
    };
    const approved = createIntegrationEvent('EmergencyAdvanceApproved', advance, {
      id: randomUUID(),
      time: '2026-03-05T08:30:00+08:00',
      metadata: { ...exampleMetadata('EmergencyAdvanceApproved'), correlationId: caseId },
    });
    await recordApprovedAdvance(t.app.get<Pool>(PG_POOL), t.schema, approved);
    const paid = await http().post('/disbursement/emergency-advances').set('Authorization', officer).send({ advanceId: advance.advanceId });
    expect(paid.status).toBe(201);

    const payments = await t.sql<{ kind: string; recipient: { name: string; bankAccountRef: string }; amount_fen: string }>(
      `SELECT kind, recipient, amount_fen FROM "${t.schema}".payments WHERE case_id = $1 ORDER BY kind`,
      [caseId],
    );
    expect(payments.map((p) => [p.kind, Number(p.amount_fen)])).toEqual([
      ['EMERGENCY_ADVANCE', 200000],
      ['REGULAR', 130000],
    ]);
    for (const p of payments) expect([isCiphertext(p.recipient.name), isCiphertext(p.recipient.bankAccountRef)]).toEqual([true, true]);
    const [stored] = await t.sql<{ recipient: { name: string } }>(`SELECT recipient FROM "${t.schema}".approved_advances WHERE advance_id = $1`, [advance.advanceId]);
    expect(isCiphertext(stored!.recipient.name)).toBe(true);

    // No table of the service holds the name or the account reference in clear.
    const text = await tablesText();
    expect(text).not.toContain(name);
    expect(text).not.toContain(accountRef);
    // the advance's reason: sealed in approved_advances, emergency_advances and the EmergencyAdvancePaid event
    for (const needle of ['TXT-ADV7K2', '脑溢血']) expect(text).not.toContain(needle);
    const events = await t.sql<{ d: string; m: string }>(`SELECT data::text AS d, metadata::text AS m FROM "${t.eventStoreSchema}".events WHERE type = 'EmergencyAdvancePaid'`);
    expect(events).toHaveLength(1);
    for (const needle of ['TXT-ADV7K2', '脑溢血']) expect(`${events[0]!.d}${events[0]!.m}`).not.toContain(needle);
    const [reasons] = await t.sql<{ a: string; e: string }>(
      `SELECT a.reason AS a, e.reason AS e FROM "${t.schema}".approved_advances a JOIN "${t.schema}".emergency_advances e USING (advance_id) WHERE advance_id = $1`,
      [advance.advanceId],
    );
    expect([isCiphertext(reasons!.a), isCiphertext(reasons!.e)]).toEqual([true, true]);
    // the officer's list opens it
    const listed = await http().get('/disbursement/emergency-advances').query({ jurisdiction: grant.data.jurisdiction }).set('Authorization', officer);
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((i: { advanceId: string }) => i.advanceId === advance.advanceId)).toMatchObject({ reason: advanceReason, recipientName: name });

    // The bank files are written for the bank: opened as they are written.
    const run = (await http().get(`/disbursement/payment-runs/${runId}`).set('Authorization', officer)).body;
    const runFile = await readFile(join(t.bankDir, run.bankFileRefs[0]), 'utf8');
    expect(runFile).toContain(`,${name},${accountRef},130000,`);
    const advanceFile = await readFile(join(t.bankDir, paid.body.bankFileRef), 'utf8');
    expect(advanceFile).toContain(`,${name},${accountRef},200000,`);

    // The officer's read of the entitlement opens it.
    const read = await http().get(`/disbursement/entitlements/${caseId}`).set('Authorization', officer);
    expect(read.status).toBe(200);
    expect(read.body.recipient).toMatchObject({ name, bankAccountRef: accountRef });
  });

  it('after the case key is destroyed the payee reads 已销毁 everywhere; amounts and counts are unchanged', async () => {
    const totals = () => t.sql(`SELECT kind, count(*)::int AS n, sum(amount_fen)::text AS fen FROM "${t.schema}".payments WHERE case_id = $1 GROUP BY kind ORDER BY kind`, [caseId]);
    const before = await totals();
    const fields = processFieldEncryptor()!;
    expect(await fields.keys.shred(caseId, 'int test: retention period ended')).toBeGreaterThan(0);

    const read = await http().get(`/disbursement/entitlements/${caseId}`).set('Authorization', officer);
    expect(read.status).toBe(200);
    expect(read.body.recipient).toMatchObject({ name: SHREDDED, bankAccountRef: SHREDDED, memberId: grant.data.recipient.memberId });
    expect(read.body.current).toMatchObject({ amountFen: 130000 });
    const [stored] = await t.sql<{ recipient: unknown }>(`SELECT recipient FROM "${t.schema}".payments WHERE case_id = $1 AND kind = 'REGULAR'`, [caseId]);
    expect((await fields.decrypt(stored!.recipient, sealedColumnContext('payments.recipient', caseId))).value).toMatchObject({ name: SHREDDED, bankAccountRef: SHREDDED });
    expect(await totals()).toEqual(before);
    // the advance's reason too, in the list and in the stored event
    const listed = await http().get('/disbursement/emergency-advances').query({ jurisdiction: grant.data.jurisdiction }).set('Authorization', officer);
    expect(listed.body.items.find((i: { advanceId: string }) => i.advanceId === advance.advanceId)).toMatchObject({ reason: SHREDDED, amountFen: 200000 });
    const [paid] = (await t.store.readAll()).filter((e) => e.type === 'EmergencyAdvancePaid');
    expect((paid!.data as { reason: string }).reason).toBe(SHREDDED);
    expect(paid!.metadata.reason).toBe(SHREDDED);
  });
});
