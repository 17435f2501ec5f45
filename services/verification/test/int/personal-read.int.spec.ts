/**
 * Accountable reads (issue #18 item 6), in-process over HTTP on real PostgreSQL: the verification view
 * shows the members' names in clear (resident IDs masked); each read is recorded in the shared read
 * log (who, case, fields, purpose — `?purpose=` or 经办查阅), also when read by verification id.
 * A purpose not stated in words is 400 naming `purpose`, nothing recorded. No Kafka, no dispatcher.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { KeyStore } from '@sa/crypto';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { createTestApp, KEY_STORE } from '@sa/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../../deploy/auth/mint-token';
import { systemActor, VerificationPipeline } from '../../src/commands/verification-pipeline';
import { VERIFICATION_CONFIG_SPEC } from '../../src/config';
import { AppModule } from '../../src/app.module';
import { dueIn5WorkingDays, IDS, MEMBERS, openCommand, RETRY, rid } from '../support/household';

jest.setTimeout(300_000);

const SECRET = 'verification-personal-read-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `verification_pread_${SUFFIX}`;
const ES_SCHEMA = `es_verification_pread_${SUFFIX}`;
const caseId = randomUUID();
const verificationId = randomUUID();
/** A case number as intake assigns it (the shared fixture's is not in that form). */
const CASE_NUMBER = '440305-2025-000123';

let app: NestExpressApplication;
let keys: KeyStore;
let officer: string;

beforeAll(async () => {
  ({ app } = await createTestApp({
    name: 'verification',
    configSpec: VERIFICATION_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      EVENTSTORE_SCHEMA: ES_SCHEMA,
      VERIFICATION_RELAY_ENABLED: 'false',
      VERIFICATION_CONSUMERS_ENABLED: 'false',
      VERIFICATION_DISPATCHER_ENABLED: 'false',
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    },
  }));
  keys = app.get<KeyStore>(KEY_STORE);
  officer = `Bearer ${await mintLocalToken('street_officer', { secret: SECRET, sub: 'officer-street-031', jurisdiction: IDS.jurisdiction.slice(0, 9) })}`;
  const open = openCommand();
  await app.get(VerificationPipeline).inBackground(verificationId, { ...open, data: { ...open.data, verificationId, caseId, caseNumber: CASE_NUMBER } } as never, {
    commandId: randomUUID(),
    caseId,
    actor: systemActor(IDS.jurisdiction),
  });
});

afterAll(async () => {
  await app?.close();
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  await pg.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await pg.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await pg.end();
});

const http = () => request(app.getHttpServer());

it('records each read of the verification: who, case, fields (the members’ names), purpose', async () => {
  // the projection has the verification
  const deadline = Date.now() + 240_000;
  while ((await http().get(`/cases/${caseId}/verification`).query({ purpose: '核对' }).set('Authorization', officer)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the verification is not projected');
    await new Promise((r) => setTimeout(r, 250));
  }
  const bad = await http().get(`/cases/${caseId}/verification`).query({ purpose: 'x' }).set('Authorization', officer).expect(400);
  expect(bad.body.errors[0].field).toBe('purpose');
  const before = (await keys.readLog.report({ subjects: [caseId] })).length;
  expect(before).toBe(1); // the read that found it projected

  const res = await http().get(`/cases/${caseId}/verification`).query({ purpose: '核对家庭成员' }).set('Authorization', officer).expect(200);
  expect(res.body.members.map((m: { name: string }) => m.name).sort()).toEqual(MEMBERS.map((m) => m.name).sort());
  for (const m of MEMBERS) expect(JSON.stringify(res.body)).not.toContain(m.residentId); // masked
  await http().get(`/verifications/${verificationId}`).set('Authorization', officer).expect(200);

  const reads = await keys.readLog.report({ subjects: [caseId] });
  expect(reads.map((r) => [r.purpose, r.channel])).toEqual([
    ['核对', 'http GET /cases/:caseId/verification'],
    ['核对家庭成员', 'http GET /cases/:caseId/verification'],
    ['经办查阅', 'http GET /verifications/:verificationId'],
  ]);
  expect(reads[1]).toEqual(
    expect.objectContaining({
      actor: { id: 'officer-street-031', role: 'street_officer', jurisdiction: IDS.jurisdiction.slice(0, 9) },
      subject: caseId,
      persons: [],
      fields: expect.arrayContaining(['members[].name']),
    }),
  );
  expect((await keys.readLog.verify()).ok).toBe(true);
});

it('a read of the manual-task list (信函索证: the member’s name opened) is recorded once per case shown, field tasks[].memberName', async () => {
  const pipeline = app.get(VerificationPipeline);
  const requestId = rid('HOUSING_FUND', IDS.spouse);
  const meta = (id: string) => ({ commandId: id, caseId, actor: systemActor(IDS.jurisdiction) });
  await pipeline.inBackground(verificationId, { type: 'RecordSubmission', data: { requestId, attempt: 1, submissionId: 's-manual', answerDueAt: '2025-03-07T10:01:00+08:00' } } as never, meta(randomUUID()));
  await pipeline.inBackground(
    verificationId,
    { type: 'RecordQueryFailure', data: { requestId, attempt: 1, failure: 'TIMEOUT', retry: { ...RETRY, maxAttempts: 1 }, manualTaskDueOn: dueIn5WorkingDays('2025-03-07T10:01:00+08:00') } } as never,
    meta(randomUUID()),
  );
  const deadline = Date.now() + 240_000;
  let tasks: { caseId: string; memberName: string | null }[] = [];
  while (!tasks.some((task) => task.caseId === caseId)) {
    if (Date.now() > deadline) throw new Error('the manual task is not projected');
    await new Promise((r) => setTimeout(r, 250));
    tasks = (await http().get('/manual-tasks').query({ purpose: '预热' }).set('Authorization', officer).expect(200)).body.tasks;
  }
  const res = await http().get('/manual-tasks').query({ purpose: '信函索证' }).set('Authorization', officer).expect(200);
  const mine = (res.body.tasks as { caseId: string; memberName: string | null }[]).filter((task) => task.caseId === caseId);
  expect(mine.map((task) => task.memberName)).toEqual([MEMBERS.find((m) => m.memberId === IDS.spouse)!.name]);

  const reads = (await keys.readLog.report({ subjects: [caseId] })).filter((r) => r.purpose === '信函索证');
  expect(reads).toEqual([
    expect.objectContaining({
      actor: { id: 'officer-street-031', role: 'street_officer', jurisdiction: IDS.jurisdiction.slice(0, 9) },
      subject: caseId,
      fields: ['tasks[].memberName'],
      channel: 'http GET /manual-tasks',
    }),
  ]);
  expect((await keys.readLog.verify()).ok).toBe(true);
});

it('finds the verification by the case’s 案件编号 (GET /verifications?caseNumber=): the read recorded on the case; 400 naming caseNumber, 404, 403', async () => {
  const caseNumber = CASE_NUMBER;
  const res = await http().get('/verifications').query({ caseNumber, purpose: '按案件编号查阅' }).set('Authorization', officer).expect(200);
  expect(res.body).toMatchObject({ verificationId, caseId, caseNumber });
  const reads = (await keys.readLog.report({ subjects: [caseId] })).filter((r) => r.purpose === '按案件编号查阅');
  expect(reads).toEqual([expect.objectContaining({ subject: caseId, channel: 'http GET /verifications', fields: expect.arrayContaining(['members[].name']) })]);

  for (const bad of ['330106-2026-12', 'abc', '']) {
    const r = await http().get('/verifications').query({ caseNumber: bad }).set('Authorization', officer).expect(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'caseNumber' })]);
  }
  const none = await http().get('/verifications').query({ caseNumber: '330106-2026-999999' }).set('Authorization', officer).expect(404);
  expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
  const outsider = `Bearer ${await mintLocalToken('street_officer', { secret: SECRET, jurisdiction: '330102001' })}`;
  await http().get('/verifications').query({ caseNumber }).set('Authorization', outsider).expect(403);
});
