/**
 * Caseload import (存量台账迁入) end to end on real PostgreSQL and real Kafka: a ledger is posted to
 * eligibility (real AppModule, field encryption on); a file with errors is refused whole (422, every
 * row and column, nothing recorded); a good file creates one case per household whose history starts
 * with CaseMigrated (file digest and rows; names and resident IDs sealed in the store); the relay
 * publishes AssistanceGranted, disbursement (real AppModule, consuming the topic) registers the
 * entitlements and the next payment run pays them; importing the same file again records nothing.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { residentIdCheckChar } from '@sa/contracts';
import type { EncryptingEventStore } from '@sa/crypto';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { assertKafkaReachable } from '@sa/messaging';
import { createTestApp } from '@sa/platform';
import { AdjustableClock, CLOCK } from '@sa/time';
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { eventually, startDisbursement, type DisbursementTestApp } from '../../disbursement/test/support/disbursement-app';
import { ELIGIBILITY_CONFIG_SPEC } from '../src/config';
import { AppModule } from '../src/app.module';

jest.setTimeout(240_000);

const SECRET = 'eligibility-import-test-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_import_${SUFFIX}`;
const ES_SCHEMA = `es_eligibility_import_${SUFFIX}`;
// A district of its own, so that other grants on the shared topic do not join this run.
const district = `66${String(Math.floor(Math.random() * 9000) + 1000)}`;
const clock = new AdjustableClock(new Date('2026-12-20T02:00:00Z'));

let app: NestExpressApplication;
let store: EventStore;
let disbursement: DisbursementTestApp;
let county: string;

const rid = (birth: string, seq: string) => {
  const first = `${district}${birth}${seq}`;
  return first + residentIdCheckChar(first);
};
const HEADER = '户编号,保障类别,区划代码,姓名,身份证号,与户主关系,是否保障对象,残疾等级,残疾类别,月保障金额(元),保障标准(元),家庭月人均收入(元),原批准日期,本系统首次发放月份,收款账号,自理能力';
const lines = [
  `H-1,城市低保,${district}001001,王建国,${rid('19580312', '011')},户主,是,,,1560.00,1160.00,640.00,2023-05-18,2027-01,6228480402564890018,`,
  `H-1,城市低保,${district}001001,李秀英,${rid('19600721', '022')},配偶,是,2,肢体,,,,,,,`,
  `H-1,城市低保,${district}001001,王小明,${rid('20120909', '031')},子女,是,,,,,,,,,`,
  `H-2,特困分散供养,${district}002001,赵桂兰,${rid('19410102', '042')},本人,是,1,视力,1850,1850,0,2024-02-29,2027-01,6217001540012345678,完全失能`,
];
const csv = (rows: string[]) => Buffer.from(`\ufeff${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8');
const post = (body: Buffer, fileName = 'ledger.csv', auth = county) =>
  request(app.getHttpServer()).post('/case-imports').query({ fileName }).set('Authorization', auth).set('Content-Type', 'text/csv').send(body);

beforeAll(async () => {
  await assertKafkaReachable(undefined, 30_000);
  ({ app } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      EVENTSTORE_SCHEMA: ES_SCHEMA,
      ELIGIBILITY_CONSUMER_GROUP: `sa-eligibility-import-${SUFFIX}`,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
  }));
  store = app.get<EventStore>(EVENT_STORE);
  county = `Bearer ${await mintLocalToken('county_approver', { secret: SECRET, sub: 'officer-county-003', jurisdiction: district })}`;
  disbursement = await startDisbursement({ kafka: true, now: '2027-01-05T09:00:00+08:00' });
});

afterAll(async () => {
  await disbursement?.close();
  await app?.close();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await client.end();
});

const migratedStreams = async () => {
  const all = await store.readAll({ maxCount: 1000, filter: { streamCategories: ['reviewCase'] } });
  return all.filter((e) => e.type === 'CaseMigrated');
};

describe('caseload import', () => {
  it('a file with errors is refused whole: 422 problem+json with every error’s row and column; nothing recorded', async () => {
    const bad = [...lines];
    bad[1] = bad[1]!.replace(rid('19600721', '022'), rid('19600721', '022').slice(0, 17) + (rid('19600721', '022').endsWith('0') ? '1' : '0'));
    bad[3] = bad[3]!.replace('2024-02-29', '2024-02-30').replace(`${district}002001`, `${district}0020`);
    const res = await post(csv(bad));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('caseload_ledger_invalid');
    expect(res.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual(['3:身份证号', '5:区划代码', '5:原批准日期']);
    expect(res.body.errors[0].field).toBe('row 3: 身份证号');
    expect(await migratedStreams()).toEqual([]);
    // outside the officer's district: refused per row, naming the column
    const other = `Bearer ${await mintLocalToken('county_approver', { secret: SECRET, sub: 'officer-county-900', jurisdiction: '330105' })}`;
    const outside = await post(csv(lines), 'ledger.csv', other);
    expect(outside.status).toBe(422);
    expect(new Set(outside.body.errors.map((e: { column: string }) => e.column))).toEqual(new Set(['区划代码']));
    // not a county approver; no file name; an empty body
    const street = `Bearer ${await mintLocalToken('street_officer', { secret: SECRET, jurisdiction: `${district}001` })}`;
    expect((await post(csv(lines), 'ledger.csv', street)).status).toBe(403);
    const noName = await request(app.getHttpServer()).post('/case-imports').set('Authorization', county).set('Content-Type', 'text/csv').send(csv(lines));
    expect(noName.status).toBe(400);
    expect(noName.body.errors[0].field).toBe('fileName');
    expect((await post(Buffer.alloc(0))).status).toBe(400);
    expect(await migratedStreams()).toEqual([]);
  });

  it('a good file: one case per household starting with CaseMigrated, personal data sealed; disbursement pays them in the next run; a re-import records nothing', async () => {
    const file = csv(lines);
    const digest = createHash('sha256').update(file).digest('hex');
    const res = await post(file);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileDigest: digest, format: 'csv', rows: 4, households: 2, created: 2, alreadyImported: 0 });
    const [h1, h2] = res.body.cases as { caseId: string; rows: number[] }[];
    expect(h1!.rows).toEqual([2, 3, 4]);
    const history = await store.readStream(`reviewCase-${h1!.caseId}`);
    expect(history.map((e) => e.type)).toEqual(['CaseMigrated']);
    expect(history[0]!.data).toMatchObject({ source: { fileName: 'ledger.csv', fileDigest: digest, rows: [2, 3, 4] }, monthlyAmountFen: 156000, startMonth: '2027-01', decidedOn: '2023-05-18' });
    expect(history[0]!.metadata).toMatchObject({ actor: { id: 'officer-county-003', role: 'county_approver' }, evidenceRefs: [`caseload-import:${digest}#rows=2,3,4`] });
    expect(history[0]!.data).not.toHaveProperty('supplyMode'); // 城市低保
    // 特困分散供养 in the ledger: the 特困 case keeps its 供养方式 (the monthly statistics split 集中 / 分散供养 by it)
    expect((await store.readStream(`reviewCase-${h2!.caseId}`))[0]!.data).toMatchObject({ program: 'EXTREME_POVERTY_SUPPORT', supplyMode: 'DISPERSED', selfCareLevel: 'FULLY_DEPENDENT' });
    // sealed at rest: the stored form holds neither the name nor the resident ID
    const raw = JSON.stringify((await (store as EncryptingEventStore).raw.readStream(`reviewCase-${h1!.caseId}`))[0]!.data);
    expect(raw).not.toContain('王建国');
    expect(raw).not.toContain(rid('19580312', '011'));
    expect(raw).not.toContain('6228480402564890018');

    // the relay publishes AssistanceGranted; disbursement registers the entitlements …
    await eventually(async () => {
      const rows = await disbursement.sql<{ case_id: string; case_number: string }>(`SELECT case_id, case_number FROM "${disbursement.schema}".entitlements WHERE district = $1`, [district]);
      expect(rows.map((r) => [r.case_id, r.case_number]).sort()).toEqual([[h1!.caseId, 'H-1'], [h2!.caseId, 'H-2']].sort());
    }, 120_000);
    // … and the month's run pays them
    const officer = `Bearer ${await disbursement.token('disbursement_officer', { jurisdiction: district })}`;
    const started = await request(disbursement.app.getHttpServer()).post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2027-01' });
    expect([201, 202]).toContain(started.status);
    await eventually(async () => {
      const paid = await disbursement.sql<{ case_id: string; amount_fen: string }>(`SELECT case_id, amount_fen FROM "${disbursement.schema}".payments WHERE period = '2027-01' AND case_id = ANY($1)`, [[h1!.caseId, h2!.caseId]]);
      expect(paid.map((p) => [p.case_id, Number(p.amount_fen)]).sort()).toEqual([[h1!.caseId, 156000], [h2!.caseId, 185000]].sort());
    }, 60_000);

    // the same file again: nothing recorded
    const before = (await migratedStreams()).length;
    const again = await post(file);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ fileDigest: digest, households: 2, created: 0, alreadyImported: 2 });
    expect((await migratedStreams()).length).toBe(before);
    expect((await store.readStream(`reviewCase-${h1!.caseId}`)).length).toBe(1);
  });
});
