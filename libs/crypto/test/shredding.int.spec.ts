import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyStore } from '@sa/eventstore';
import { createPgFixture, randomSchema, type PgFixture } from '../../eventstore/test/pg-test-utils';
import { DataKeys, EncryptingEventStore, FieldEncryptor, LocalKeyring, ReadLog, SHREDDED } from '../src';

describe('encrypting event store, data keys, shredding and the read log (PostgreSQL)', () => {
  let pg: PgFixture;
  let keys: DataKeys;
  let store: EncryptingEventStore;
  const caseId = 'c0a80101-0000-4000-8000-000000000001';
  const meta = { correlationId: caseId, causationId: 'cmd-1', actor: { id: 'o1', role: 'street_reviewer', jurisdiction: '110101001' }, occurredAt: '2026-12-06T10:00:00+08:00' };

  beforeAll(async () => {
    pg = await createPgFixture();
    keys = new DataKeys(pg.pool, new LocalKeyring(join(mkdtempSync(join(tmpdir(), 'sa-kr-')), 'keyring.json')), { schema: randomSchema('crypto_test') });
    store = new EncryptingEventStore(pg.store, new FieldEncryptor(keys));
  });
  afterAll(async () => pg?.teardown());

  it('stores personal fields encrypted, reads them back, shreds them to 已销毁 and the chain still verifies', async () => {
    const data = { caseId, household: { phone: '13912345678', members: [{ name: '王小明', residentId: '110101199003077777', relation: 'APPLICANT' }] } };
    await store.appendToStream(`application-${caseId}`, [{ eventId: '6f1c2a3e-1111-4222-8333-444455556666', type: 'ApplicationDrafted', schemaVersion: 1, data, metadata: meta }]);
    const raw = await pg.pool.query(`SELECT data::text AS d FROM ${pg.schema}.events`);
    const dump = raw.rows.map((r: { d: string }) => r.d).join('\n');
    for (const clear of ['13912345678', '王小明', '110101199003077777']) expect(dump).not.toContain(clear);
    expect((await store.readStream(`application-${caseId}`))[0]!.data).toEqual(data);

    expect(await keys.shred(caseId, 'retention period ended')).toBe(1);
    const after = (await store.readStream(`application-${caseId}`))[0]!.data as typeof data;
    expect(after.household.phone).toBe(SHREDDED);
    expect(after.household.members[0]!.name).toBe(SHREDDED);
    expect(after.household.members[0]!.relation).toBe('APPLICANT');
    expect((await verifyStore(store.raw)).ok).toBe(true);
  });

  it("seals an event type's own free text (CaseApproved.reason, LeadReported.description) and a text metadata.reason; codes stay in clear; shredded: 已销毁, chain verifies", async () => {
    const subject = 'c0a80101-0000-4000-8000-0000000000d1';
    const words = '核查记录TXT-R8K2 长子住院，妻子无业，月工资3300元';
    const streamId = `review-${subject}`;
    await store.appendToStream(streamId, [
      {
        eventId: '6f1c2a3e-1111-4222-8333-4444555500d1',
        type: 'CaseApproved',
        schemaVersion: 1,
        data: { caseId: subject, decisionId: 'd-1', reason: words, monthlyAmountFen: 71_000, collectiveDecision: null },
        metadata: { ...meta, correlationId: subject, reason: words, policyVersion: 'P-2026' },
      },
      {
        eventId: '6f1c2a3e-1111-4222-8333-4444555500d2',
        type: 'LeadReported',
        schemaVersion: 1,
        data: { leadId: 'l-1', description: words, hardships: ['ILLNESS'] },
        metadata: { ...meta, correlationId: subject, reason: 'NO_CHANGE/CONTINUE' },
      },
      {
        // the same names in another event type are codes: not sealed
        eventId: '6f1c2a3e-1111-4222-8333-4444555500d3',
        type: 'LeadClosed',
        schemaVersion: 1,
        data: { leadId: 'l-1', reason: 'NOT_ELIGIBLE', description: 'LABEL' },
        metadata: { ...meta, correlationId: subject },
      },
    ]);
    const raw = await pg.pool.query<{ type: string; d: string; m: string }>(`SELECT type, data::text AS d, metadata::text AS m FROM ${pg.schema}.events WHERE stream_id = $1 ORDER BY revision`, [streamId]);
    const dump = raw.rows.map((r) => `${r.d}\n${r.m}`).join('\n');
    for (const clear of ['TXT-R8K2', '长子住院', '3300']) expect(dump).not.toContain(clear);
    const stored = raw.rows.map((r) => ({ data: JSON.parse(r.d) as Record<string, unknown>, metadata: JSON.parse(r.m) as Record<string, unknown> }));
    expect(stored[0]!.data.reason).toMatch(/^sa3\./);
    expect(stored[0]!.metadata.reason).toMatch(/^sa3\.s4\./);
    expect(stored[0]!.data.monthlyAmountFen).toBe(71_000);
    expect(stored[1]!.data.description).toMatch(/^sa3\./);
    expect(stored[1]!.data.hardships).toEqual(['ILLNESS']);
    expect(stored[1]!.metadata.reason).toBe('NO_CHANGE/CONTINUE'); // a code stays queryable
    expect(stored[2]!.data).toEqual({ leadId: 'l-1', reason: 'NOT_ELIGIBLE', description: 'LABEL' });

    const read = await store.readStream(streamId);
    expect((read[0]!.data as { reason: string }).reason).toBe(words);
    expect(read[0]!.metadata.reason).toBe(words);
    expect((read[1]!.data as { description: string }).description).toBe(words);

    await keys.shred(subject, 'retention period ended');
    const after = await store.readStream(streamId);
    expect((after[0]!.data as { reason: string }).reason).toBe(SHREDDED);
    expect(after[0]!.metadata.reason).toBe(SHREDDED);
    expect((after[0]!.data as { monthlyAmountFen: number }).monthlyAmountFen).toBe(71_000);
    expect((after[1]!.data as { description: string }).description).toBe(SHREDDED);
    expect(after[2]!.data).toEqual({ leadId: 'l-1', reason: 'NOT_ELIGIBLE', description: 'LABEL' });
    expect((await verifyStore(store.raw)).ok).toBe(true);
  });

  it('seals birth dates (and an 18th birthday), a materials request\'s and a repayment\'s reasons; the age groups, fixed sentences and codes stay in clear; shredded: 已销毁', async () => {
    const subject = 'c0a80101-0000-4000-8000-0000000000e1';
    const words = '核查记录TXT-B5M1 申请人称患精神疾病，长子住院';
    const streamId = `mixed-${subject}`;
    const m = { ...meta, correlationId: subject };
    const ev = (n: number, type: string, data: Record<string, unknown>) => ({ eventId: `6f1c2a3e-1111-4222-8333-4444555500e${n}`, type, schemaVersion: 1, data, metadata: m });
    await store.appendToStream(streamId, [
      ev(1, 'ReviewCaseOpened', { caseId: subject, household: { members: [{ memberId: 'm1', name: '王小明', birthDate: '1957-11-23', relation: 'APPLICANT' }] }, ageGroups: [{ memberId: 'm1', adultFrom: '1975-12', elderlyFrom: '2017-12' }] }),
      ev(2, 'AgeOutFlagged', { memberId: 'm2', adultOn: '2027-04-19', reviewId: 'r-1', flaggedOn: '2027-02-01' }),
      ev(3, 'MaterialsRequested', { caseId: subject, items: [{ key: 'OTHER', label: '残疾证' }], reason: words, noticeDate: '2026-12-06' }),
      ev(4, 'RepaymentPlanRecorded', { caseId: subject, planId: 'p-1', totalFen: 120_000, reason: words }),
      ev(5, 'OverpaymentRepaid', { caseId: subject, planId: 'p-1', amountFen: 40_000, reason: words }),
      // fixed sentences and codes: ConflictOfInterestFlagged.reason (the rule's sentence), VerificationCancelled.reason (a code)
      ev(6, 'ConflictOfInterestFlagged', { caseId: subject, reason: '家庭成员为经办人员或村（居）委会成员的近亲属，应单独登记备案，由县级民政部门入户调查' }),
      ev(7, 'VerificationCancelled', { reason: 'APPLICATION_WITHDRAWN:APPLICANT_REQUEST', cancelledAt: '2026-12-06T10:00:00+08:00' }),
    ]);
    const raw = await pg.pool.query<{ d: string }>(`SELECT data::text AS d FROM ${pg.schema}.events WHERE stream_id = $1 ORDER BY revision`, [streamId]);
    const dump = raw.rows.map((r) => r.d).join('\n');
    for (const clear of ['1957-11-23', '2027-04-19', 'TXT-B5M1', '精神疾病']) expect(dump).not.toContain(clear);
    const stored = raw.rows.map((r) => JSON.parse(r.d) as Record<string, unknown>);
    expect(stored[0]!.ageGroups).toEqual([{ memberId: 'm1', adultFrom: '1975-12', elderlyFrom: '2017-12' }]);
    expect(stored[1]!.flaggedOn).toBe('2027-02-01');
    expect(stored[3]!.totalFen).toBe(120_000);
    expect(stored[5]!.reason).toMatch(/^家庭成员为经办人员/);
    expect(stored[6]!.reason).toBe('APPLICATION_WITHDRAWN:APPLICANT_REQUEST');

    const read = (await store.readStream(streamId)).map((r) => r.data as Record<string, unknown> & { household?: { members: { birthDate: string }[] } });
    expect(read[0]!.household!.members[0]!.birthDate).toBe('1957-11-23');
    expect(read[1]!.adultOn).toBe('2027-04-19');
    expect([read[2]!.reason, read[3]!.reason, read[4]!.reason]).toEqual([words, words, words]);

    await keys.shred(subject, 'retention period ended');
    const after = (await store.readStream(streamId)).map((r) => r.data as Record<string, unknown> & { household?: { members: { birthDate: string }[] } });
    expect(after[0]!.household!.members[0]!.birthDate).toBe(SHREDDED);
    expect(after[0]!.ageGroups).toEqual([{ memberId: 'm1', adultFrom: '1975-12', elderlyFrom: '2017-12' }]);
    expect(after[1]!.adultOn).toBe(SHREDDED);
    expect([after[2]!.reason, after[3]!.reason, after[4]!.reason]).toEqual([SHREDDED, SHREDDED, SHREDDED]);
    expect(after[3]!.totalFen).toBe(120_000);
    expect(after[6]!.reason).toBe('APPLICATION_WITHDRAWN:APPLICANT_REQUEST');
    expect((await verifyStore(store.raw)).ok).toBe(true);
  });

  it('seals a repayment plan\'s and a repayment\'s reason inside a folded entitlement (by place); the plan\'s figures stay in clear', async () => {
    const subject = 'c0a80101-0000-4000-8000-0000000000e9';
    const fields = new FieldEncryptor(keys);
    const words = '长子住院TXT-P3L7，分期退还';
    const state = { caseId: subject, reason: 'CODE', repaymentPlans: [{ planId: 'p-1', totalFen: 120_000, reason: words, repayments: [{ repaymentId: 'r-1', amountFen: 40_000, reason: words }] }] };
    const sealed = await fields.encrypt(state, subject, 'disbursement.entitlements.state:test');
    expect(JSON.stringify(sealed)).not.toContain('TXT-P3L7');
    expect(sealed.reason).toBe('CODE');
    expect(sealed.repaymentPlans[0]!.totalFen).toBe(120_000);
    expect(sealed.repaymentPlans[0]!.repayments[0]!.amountFen).toBe(40_000);
    expect((await fields.decrypt(sealed, 'disbursement.entitlements.state:test')).value).toEqual(state);
    await keys.shred(subject, 'retention period ended');
    const opened = (await fields.decrypt(sealed, 'disbursement.entitlements.state:test')).value;
    expect([opened.repaymentPlans[0]!.reason, opened.repaymentPlans[0]!.repayments[0]!.reason]).toEqual([SHREDDED, SHREDDED]);
  });

  it('appendBatch encrypts the personal fields of every item (each case under its own key)', async () => {
    const cases = ['c0a80101-0000-4000-8000-0000000000b1', 'c0a80101-0000-4000-8000-0000000000b2'];
    const items = cases.map((c, i) => ({
      streamId: `application-${c}`,
      expectedRevision: 'no_stream' as const,
      events: [
        {
          eventId: `6f1c2a3e-1111-4222-8333-44445555000${i}`,
          type: 'ApplicationDrafted',
          schemaVersion: 1,
          data: { caseId: c, household: { phone: `1391234000${i}`, members: [{ name: `批量${i}`, residentId: `11010119900307000${i}`, relation: 'APPLICANT' }] } },
          metadata: { ...meta, correlationId: c },
        },
      ],
    }));
    const results = await store.appendBatch(items);
    expect(results.map((r) => r.written)).toEqual([true, true]);
    const raw = await pg.pool.query(`SELECT data::text AS d FROM ${pg.schema}.events WHERE stream_id = ANY($1)`, [items.map((i) => i.streamId)]);
    expect(raw.rows).toHaveLength(2);
    const dump = raw.rows.map((r: { d: string }) => r.d).join('\n');
    for (const clear of ['13912340000', '批量1', '110101199003070001']) expect(dump).not.toContain(clear);
    for (const item of items) expect((await store.readStream(item.streamId))[0]!.data).toEqual(item.events[0]!.data);
    expect(await keys.shred(cases[0]!, 'retention period ended')).toBe(1);
    expect(((await store.readStream(items[0]!.streamId))[0]!.data as { household: { phone: string } }).household.phone).toBe(SHREDDED);
    expect(((await store.readStream(items[1]!.streamId))[0]!.data as { household: { phone: string } }).household.phone).toBe('13912340001');
  });

  it('re-wraps data keys under a rotated master key without touching events', async () => {
    await keys.keyFor('case-rotate');
    const old = await keys.keyProvider.activeKekId();
    await keys.keyProvider.rotate();
    expect(await keys.rewrapAll()).toBeGreaterThan(0);
    await keys.keyProvider.retire(old);
    const fresh = new DataKeys(pg.pool, keys.keyProvider, { schema: (keys as unknown as { schema: string }).schema });
    expect((await fresh.lookup('case-rotate~1')).status).toBe('active');
  });

  it('records reads with who and why in a verifiable chain and reports them per person', async () => {
    const log = new ReadLog(pg.pool, randomSchema('readlog_test'));
    const person = await keys.blindIndex('residentId', '110101199003077777');
    await log.record({ actor: meta.actor, subject: caseId, persons: [person], fields: ['name'], purpose: '受理审核', channel: 'test' });
    await log.record({ actor: { ...meta.actor, id: 'o2' }, subject: 'other', fields: ['phone'], purpose: '入户调查', channel: 'test' });
    await expect(log.record({ actor: meta.actor, subject: caseId, fields: [], purpose: ' ', channel: 'test' })).rejects.toThrow(/purpose/);
    const report = await log.report({ person });
    expect(report.map((r) => [r.actor.id, r.purpose])).toEqual([['o1', '受理审核']]);
    expect((await log.verify()).ok).toBe(true);
  });
});
