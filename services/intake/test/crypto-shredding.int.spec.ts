/**
 * Issue 18 end to end on real PostgreSQL and real Kafka: a complete application is taken, accepted
 * (ApplicationAccepted published), withdrawn (closed), then the shredding job runs after the
 * retention period (INTAKE_RETENTION_MONTHS from closure). Before: no clear personal value in the
 * event store, intake's tables or the topic. After: the case's fields read `已销毁` in the event
 * store, the read model and every message of the case on Kafka; the hash chain still verifies;
 * the figures (status counts, household sizes, case numbers, dates) are unchanged; the read log
 * still answers "who looked at my file".
 */
import { EncryptingEventStore, processFieldEncryptor, SHREDDED } from '@sa/crypto';
import { verifyStore } from '@sa/eventstore';
import { assertKafkaReachable, openIntegrationEvent } from '@sa/messaging';
import request from 'supertest';
import { ShreddingJob } from '../src/privacy/shredding';
import { IDS } from './support/fixtures';
import { startIntake, type IntakeTestApp } from './support/intake-app';
import { completeApplicationBody } from './support/requests';
import { IntakeTopicReader } from './support/topic-reader';

jest.setTimeout(180_000);

let t: IntakeTestApp;
let reader: IntakeTopicReader;
let community: string;
let street: string;
let auditor: string;
const http = () => request(t.app.getHttpServer());

const CLEAR = ['张伟', '李娜', '张小明', '尿毒症', '13800000000', '北山街道某社区1幢1单元101室', IDS.applicant, IDS.spouse, IDS.minor, '6228480402564890018'];
/** The withdrawal's free-text note (issue 18, free text): sealed in the event store and on Kafka as well. */
const WITHDRAWAL_NOTE = '全家迁往外省';
/** The members' birth dates as ApplicationAccepted carries them (issue 18): sealed in the store and on Kafka. */
const BIRTH_DATES = ['1980-03-15', '1982-07-20'];

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000); // a missing broker fails loudly, never a silent pass
  t = await startIntake({ relay: true });
  reader = new IntakeTopicReader();
  await reader.start();
  community = `Bearer ${await t.token('community_officer')}`;
  street = `Bearer ${await t.token('street_officer')}`;
  auditor = `Bearer ${await t.token('auditor', { jurisdiction: '330106' })}`;
});

afterAll(async () => {
  await reader?.stop();
  await t?.close();
});

async function storedText(): Promise<string> {
  const events = await t.sql<{ d: string }>(`SELECT data::text || metadata::text AS d FROM "${t.eventStoreSchema}".events`);
  const tables = await t.sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [t.schema]);
  const rows: string[] = [];
  for (const { table_name } of tables) {
    rows.push(...(await t.sql<{ r: string }>(`SELECT row_to_json(x)::text AS r FROM "${t.schema}"."${table_name}" x`)).map((r) => r.r));
  }
  return [...events.map((e) => e.d), ...rows].join('\n');
}

describe('crypto-shredding of a closed case past its retention period', () => {
  let caseId: string;
  let caseNumber: string;
  let figuresBefore: unknown;

  it('takes, accepts and withdraws a case; no personal value is stored or published in clear', async () => {
    const created = await http().post('/applications').set('Authorization', community).send(completeApplicationBody());
    expect(created.status).toBe(201);
    ({ caseId, caseNumber } = created.body);
    expect((await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({})).body.status).toBe('SUBMITTED');
    t.clock.set('2026-03-03T14:00:00+08:00');
    expect((await http().post(`/applications/${caseId}/acceptance`).set('Authorization', street).send()).status).toBe(200);
    const withdrawn = await http()
      .post(`/applications/${caseId}/withdrawal`)
      .set('Authorization', community)
      .send({ reason: 'MOVED_AWAY', note: '全家迁往外省', requestedBy: 'APPLICANT', documentRef: 'doc:withdrawal:0001' });
    expect(withdrawn.status).toBe(200);
    await reader.waitFor((m) => m.event.subject === caseId && m.event.type === 'ApplicationWithdrawn');
    await t.projection.catchUp();

    // The officers read the file (a masked read and a reveal with its purpose): both recorded.
    expect((await http().get(`/applications/${caseId}`).set('Authorization', street)).body.form.household.members[0].name).toBe('张伟');
    expect((await http().get(`/applications/${caseId}`).query({ reveal: '核实身份' }).set('Authorization', street)).status).toBe(200);
    const found = await http().get('/applications').query({ residentId: IDS.spouse }).set('Authorization', street);
    expect(found.body.items.map((i: { caseId: string; applicantName: string }) => [i.caseId, i.applicantName])).toEqual([[caseId, '张伟']]);

    const stored = await storedText();
    for (const clear of [...CLEAR, WITHDRAWAL_NOTE, ...BIRTH_DATES]) expect(stored).not.toContain(clear);
    const wire = reader.about(caseId).map((m) => m.value?.toString('utf8') ?? '').join('\n');
    expect(wire).toContain('sa3.s4.');
    for (const clear of [...CLEAR, WITHDRAWAL_NOTE, ...BIRTH_DATES]) expect(wire).not.toContain(clear);
    const withdrawal = reader.about(caseId).find((m) => m.event.type === 'ApplicationWithdrawn')!;
    expect(((await openIntegrationEvent(withdrawal.event, processFieldEncryptor()!)).data as { note?: string }).note).toBe(WITHDRAWAL_NOTE);

    figuresBefore = await t.sql(
      `SELECT case_number, status, household_size, to_char(drafted_on, 'YYYY-MM-DD') AS d, to_char(closed_on, 'YYYY-MM-DD') AS c FROM "${t.schema}".applications ORDER BY case_number`,
    );
  });

  it('answers "who looked at my file" by the blind index of the resident ID, within the jurisdiction only', async () => {
    const res = await http().get('/privacy/read-log').query({ residentId: IDS.spouse }).set('Authorization', auditor);
    expect(res.status).toBe(200);
    expect(res.body.cases).toEqual([{ caseId, caseNumber }]);
    const purposes = res.body.reads.map((r: { purpose: string }) => r.purpose);
    expect(purposes).toEqual(expect.arrayContaining(['受理经办', '核实身份']));
    expect(res.body.reads.every((r: { actor: { role: string } }) => r.actor.role === 'street_officer')).toBe(true);
    const outsider = `Bearer ${await t.token('auditor', { jurisdiction: '330102' })}`;
    expect((await http().get('/privacy/read-log').query({ residentId: IDS.spouse }).set('Authorization', outsider)).status).toBe(404);
    const bad = await http().get('/privacy/read-log').query({ residentId: '330106198207200021' }).set('Authorization', auditor);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('residentId');
  });

  it('exports everything held about the person across contexts (JSON download), recorded in the read log with its purpose', async () => {
    const res = await http().get('/privacy/personal-data').query({ residentId: IDS.spouse, purpose: '本人查阅复制申请' }).set('Authorization', auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="personal-data-.+\.json"$/);
    expect(res.body.cases.map((c: { caseId: string; caseNumber: string }) => [c.caseId, c.caseNumber])).toEqual([[caseId, caseNumber]]);
    const events = res.body.cases[0].events as { context: string; type: string; data: unknown }[];
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ApplicationDrafted', 'ApplicationAccepted', 'ApplicationWithdrawn']));
    const text = JSON.stringify(events);
    for (const clear of ['李娜', IDS.spouse, '13800000000']) expect(text).toContain(clear); // opened for the person
    expect(text).not.toMatch(/"sa[123]\./);
    expect(res.body.reads.map((r: { purpose: string }) => r.purpose)).toEqual(expect.arrayContaining(['受理经办', '核实身份']));
    // the export is itself a recorded read
    const log = await http().get('/privacy/read-log').query({ residentId: IDS.spouse }).set('Authorization', auditor);
    expect(log.body.reads).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: '本人查阅复制申请', channel: 'export', aboutThisPerson: true })]));
    // no purpose: 400 naming the field, nothing recorded
    const before = (await http().get('/privacy/read-log').query({ residentId: IDS.spouse }).set('Authorization', auditor)).body.reads.length;
    const bad = await http().get('/privacy/personal-data').query({ residentId: IDS.spouse }).set('Authorization', auditor);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('purpose');
    expect((await http().get('/privacy/read-log').query({ residentId: IDS.spouse }).set('Authorization', auditor)).body.reads.length).toBe(before);
    const outsider = `Bearer ${await t.token('auditor', { jurisdiction: '330102' })}`;
    expect((await http().get('/privacy/personal-data').query({ residentId: IDS.spouse, purpose: 'x' }).set('Authorization', outsider)).status).toBe(404);
  });

  it('destroys the key only after the retention period, then the fields read 已销毁 in the store, the read model and on Kafka', async () => {
    const job = t.app.get(ShreddingJob);
    expect((await job.run('2031-03-02')).shredded).toEqual([]); // 60 months from closure on 2026-03-03: not yet
    expect((await job.run('2031-03-03')).shredded).toEqual([{ caseId, closedOn: '2026-03-03' }]);
    expect((await job.run('2031-03-04')).shredded).toEqual([]); // idempotent

    // event store
    const events = await t.store.readStream(`application-${caseId}`);
    const drafted = events.find((e) => e.type === 'ApplicationDrafted')!.data as { form: { household: { phone: string; members: { name: string; residentId: string; relation: string }[] } } };
    expect(drafted.form.household.phone).toBe(SHREDDED);
    expect(drafted.form.household.members.map((m) => [m.name, m.residentId, m.relation])[0]).toEqual([SHREDDED, SHREDDED, 'APPLICANT']);
    expect(events.find((e) => e.type === 'ApplicationWithdrawn')!.data).toMatchObject({ reason: 'MOVED_AWAY', note: SHREDDED });
    // the hash chain (over the stored ciphertext) still verifies
    expect(t.store).toBeInstanceOf(EncryptingEventStore);
    expect(await verifyStore((t.store as EncryptingEventStore).raw)).toMatchObject({ ok: true });

    // read model: the list shows 已销毁 for the applicant's name
    const listed = await http().get('/applications').query({ caseNumber }).set('Authorization', street);
    expect(listed.body.items.map((i: { applicantName: string }) => i.applicantName)).toEqual([SHREDDED]);
    const file = await http().get(`/applications/${caseId}`).set('Authorization', street);
    expect(file.status).toBe(200);
    expect(file.body.form.household.members[0].name).toBe(SHREDDED);

    // Kafka history: every message of the case, opened with the key store, reads 已销毁
    const fields = processFieldEncryptor()!;
    const accepted = reader.about(caseId).find((m) => m.event.type === 'ApplicationAccepted')!;
    const opened = (await openIntegrationEvent(accepted.event, fields)).data as { household: { members: { name: string; residentId: string }[] } };
    expect(opened.household.members.map((m) => m.name)).toEqual(opened.household.members.map(() => SHREDDED));
    expect(opened.household.members.map((m) => m.residentId)).toEqual(opened.household.members.map(() => SHREDDED));
    expect(opened.household.members.map((m) => (m as { birthDate?: string }).birthDate)).toEqual(opened.household.members.map(() => SHREDDED));

    // figures unchanged
    expect(
      await t.sql(
        `SELECT case_number, status, household_size, to_char(drafted_on, 'YYYY-MM-DD') AS d, to_char(closed_on, 'YYYY-MM-DD') AS c FROM "${t.schema}".applications ORDER BY case_number`,
      ),
    ).toEqual(figuresBefore);
    // a rebuild of the read model from the store gives the same figures, and names stay destroyed
    await t.projection.rebuild();
    const rebuilt = await http().get('/applications').query({ caseNumber }).set('Authorization', street);
    expect(rebuilt.body.items.map((i: { applicantName: string; status: string }) => [i.applicantName, i.status])).toEqual([[SHREDDED, 'WITHDRAWN']]);
    // the person's export: nothing identifiable is held any more (the rebuilt read model has no blind index of them)
    const exported = await http().get('/privacy/personal-data').query({ residentId: IDS.spouse, purpose: '本人查阅复制申请' }).set('Authorization', auditor);
    expect(exported.status).toBe(404);
  });

  it("seals the officer's reason of a one-time materials notice (MaterialsRequested.reason): stored sealed, read in clear, 已销毁 after shredding", async () => {
    const reason = '核查记录TXT-MAT5N3 申请人称患精神疾病，需补残疾等级鉴定';
    t.clock.set('2026-03-10T10:00:00+08:00');
    const created = await http().post('/applications').set('Authorization', community).send(completeApplicationBody());
    expect(created.status).toBe(201);
    const other: string = created.body.caseId;
    expect((await http().post(`/applications/${other}/submission`).set('Authorization', community).send({})).body.status).toBe('SUBMITTED');
    const requested = await http().post(`/applications/${other}/materials-request`).set('Authorization', community).send({ items: ['残疾等级鉴定材料'], reason });
    expect(requested.status).toBe(200);
    const raw = await t.sql<{ d: Record<string, unknown> }>(`SELECT data AS d FROM "${t.eventStoreSchema}".events WHERE stream_id = $1 AND type = 'MaterialsRequested'`, [`application-${other}`]);
    expect(raw).toHaveLength(1);
    expect(String(raw[0]!.d.reason)).toMatch(/^sa3\./);
    expect(JSON.stringify(raw[0]!.d)).not.toContain('TXT-MAT5N3');
    const read = async () => (await t.store.readStream(`application-${other}`)).find((e) => e.type === 'MaterialsRequested')!.data as { reason: string };
    expect((await read()).reason).toBe(reason);
    await processFieldEncryptor()!.keys.shred(other, 'int test: retention period ended');
    expect((await read()).reason).toBe(SHREDDED);
  });
});
