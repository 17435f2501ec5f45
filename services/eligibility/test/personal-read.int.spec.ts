/**
 * Accountable reads (issue #18 item 6): the eligibility case file shows the household members' names
 * in clear (it holds no resident ID); each read is recorded in the shared read log (who, case, fields,
 * purpose — `?purpose=` or the case-work purpose 经办查阅). A purpose not stated in words is
 * 400 naming `purpose`, nothing recorded. The case comes through the real path (a caseload import:
 * CaseMigrated). No Kafka.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { residentIdCheckChar } from '@sa/contracts';
import type { KeyStore } from '@sa/crypto';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { createTestApp, KEY_STORE } from '@sa/platform';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { ELIGIBILITY_CONFIG_SPEC } from '../src/config';
import { AppModule } from '../src/app.module';

jest.setTimeout(300_000); // the machine may be shared: no time is asserted

const SECRET = 'eligibility-personal-read-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_pread_${SUFFIX}`;
const ES_SCHEMA = `es_eligibility_pread_${SUFFIX}`;
const district = `68${String(Math.floor(Math.random() * 9000) + 1000)}`;
const community = `${district}001001`;
const first = `${district}19410102042`;
const Z1 = first + residentIdCheckChar(first);
const HEADER = '户编号,保障类别,区划代码,姓名,身份证号,与户主关系,是否保障对象,残疾等级,残疾类别,月保障金额(元),保障标准(元),家庭月人均收入(元),原批准日期,本系统首次发放月份,收款账号,自理能力';
const ROW = `H-Z,特困分散供养,${community},赵桂兰,${Z1},本人,是,1,视力,1850,1850,0,2024-02-29,2027-02,6217001540012345678,完全失能`;

let app: NestExpressApplication;
let keys: KeyStore;
let pg: Client;
let county: string;
let caseId: string;

beforeAll(async () => {
  ({ app } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      EVENTSTORE_SCHEMA: ES_SCHEMA,
      ELIGIBILITY_RELAY_ENABLED: 'false',
      ELIGIBILITY_CONSUMERS_ENABLED: 'false',
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    },
  }));
  keys = app.get<KeyStore>(KEY_STORE);
  pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  county = `Bearer ${await mintLocalToken('county_approver', { secret: SECRET, sub: 'officer-county-018', jurisdiction: district })}`;
  const file = Buffer.from(`\ufeff${[HEADER, ROW].join('\r\n')}\r\n`, 'utf8');
  const imported = await request(app.getHttpServer()).post('/case-imports').query({ fileName: 'one.csv' }).set('Authorization', county).set('Content-Type', 'text/csv').send(file);
  expect(imported.status).toBe(201);
  const deadline = Date.now() + 240_000;
  for (;;) {
    const { rows } = await pg.query<{ case_id: string }>(`SELECT case_id FROM "${SCHEMA}".review_cases`).catch(() => ({ rows: [] as { case_id: string }[] }));
    if (rows.length === 1) {
      caseId = rows[0]!.case_id;
      break;
    }
    if (Date.now() > deadline) throw new Error('projection: the imported case is not listed');
    await new Promise((r) => setTimeout(r, 250));
  }
});

afterAll(async () => {
  await app?.close();
  if (pg) {
    await pg.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await pg.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
    await pg.end();
  }
});

const http = () => request(app.getHttpServer());

it('records each read of the case file: who, case, fields (the members’ names), purpose', async () => {
  const bad = await http().get(`/review-cases/${caseId}`).query({ purpose: 'x' }).set('Authorization', county).expect(400);
  expect(bad.body.errors[0].field).toBe('purpose');
  expect(await keys.readLog.report({ subjects: [caseId] })).toEqual([]);

  const res = await http().get(`/review-cases/${caseId}`).query({ purpose: '年度复核' }).set('Authorization', county).expect(200);
  expect(res.body.household.members[0].name).toBe('赵桂兰');
  expect(JSON.stringify(res.body)).not.toContain(Z1); // the case file holds no resident ID
  await http().get(`/review-cases/${caseId}`).set('Authorization', county).expect(200);

  const reads = await keys.readLog.report({ subjects: [caseId] });
  expect(reads.map((r) => r.purpose)).toEqual(['年度复核', '经办查阅']);
  expect(reads[0]).toEqual(
    expect.objectContaining({
      actor: { id: 'officer-county-018', role: 'county_approver', jurisdiction: district },
      subject: caseId,
      persons: [],
      fields: ['household.members[].name'],
      channel: 'http GET /review-cases/:caseId',
    }),
  );
  expect((await keys.readLog.verify()).ok).toBe(true);
});

it('records a read of the case’s events (the household snapshot in the event data), not the officers’ names in the metadata', async () => {
  const res = await http().get(`/review-cases/${caseId}/events`).query({ purpose: '审计抽查' }).set('Authorization', county).expect(200);
  expect(JSON.stringify(res.body)).toContain('赵桂兰');
  const reads = (await keys.readLog.report({ subjects: [caseId] })).filter((r) => r.purpose === '审计抽查');
  expect(reads).toHaveLength(1);
  expect(reads[0]).toEqual(expect.objectContaining({ subject: caseId, channel: 'http GET /review-cases/:caseId/events' }));
  expect(reads[0]!.fields.length).toBeGreaterThan(0);
  expect(reads[0]!.fields.every((f) => f.startsWith('[].data.'))).toBe(true);
  expect((await keys.readLog.verify()).ok).toBe(true);
});
