/**
 * Households ledger (救助对象台账) on real PostgreSQL: two households are seeded through the real path (a
 * caseload import: CaseMigrated events, the case-list projection writing `review_cases` and the sealed
 * `review_case_households`), a thousand more straight into those read models (sealed with the service's
 * key store, as the projection writes them), then GET /eligibility/ledgers/households is downloaded as .xlsx and CSV,
 * parsed, and checked: one row per member, amounts in 元 from fen, start month and status; filters by
 * community and programme; more than one keyset page; resident IDs masked unless a purpose is stated,
 * which is recorded in the read log; bad parameters are 400 problem+json naming the field; another
 * county's division is 403. No Kafka: relay and consumers off.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { residentIdCheckChar } from '@sa/contracts';
import type { KeyStore } from '@sa/crypto';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { createTestApp, KEY_STORE } from '@sa/platform';
import ExcelJS from 'exceljs';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { ELIGIBILITY_CONFIG_SPEC } from '../src/config';
import { AppModule } from '../src/app.module';
import { HOUSEHOLD_LEDGER_PAGE } from '../src/ledgers/household-ledger.controller';
import { householdContext } from '../src/read-models/review-case.processor';

jest.setTimeout(600_000); // the machine may be shared: no time is asserted

const SECRET = 'eligibility-ledger-test-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_ledger_${SUFFIX}`;
const ES_SCHEMA = `es_eligibility_ledger_${SUFFIX}`;
const district = `67${String(Math.floor(Math.random() * 9000) + 1000)}`;
const communityA = `${district}001001`;
const communityB = `${district}002003`;
/** Single-member households in community A: more than one keyset page with the others. */
const BULK = HOUSEHOLD_LEDGER_PAGE + 3;

const rid = (birth: string, seq: number) => {
  const first = `${district}${birth}${String(seq).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};
const HEADER = '户编号,保障类别,区划代码,姓名,身份证号,与户主关系,是否保障对象,残疾等级,残疾类别,月保障金额(元),保障标准(元),家庭月人均收入(元),原批准日期,本系统首次发放月份,收款账号,自理能力';
const W1 = rid('19580312', 11);
const W2 = rid('19600721', 22);
const W3 = rid('20120909', 31);
const Z1 = rid('19410102', 42);
const special = [
  `H-W,城市低保,${communityB},王建国,${W1},户主,是,,,1560.50,1160.00,640.00,2023-05-18,2027-01,6228480402564890018,`,
  `H-W,城市低保,${communityB},李秀英,${W2},配偶,是,2,肢体,,,,,,,`,
  `H-W,城市低保,${communityB},王小明,${W3},子女,否,,,,,,,,,`,
  `H-Z,特困分散供养,${communityB},赵桂兰,${Z1},本人,是,1,视力,1850,1850,0,2024-02-29,2027-02,6217001540012345678,完全失能`,
];
const bulk = Array.from({ length: BULK }, (_, i) => ({ caseId: randomUUID(), caseNumber: `B-${String(i).padStart(5, '0')}`, name: `户主${i}`, residentId: rid(`19${50 + Math.floor(i / 1000)}0101`, i % 1000) }));

let app: NestExpressApplication;
let county: string;
let keys: KeyStore;
let pg: Client;

const get = (query: Record<string, string>, auth = county) =>
  request(app.getHttpServer())
    .get('/eligibility/ledgers/households')
    .query(query)
    .set('Authorization', auth)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

async function xlsxRows(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(ws.name).toBe('救助对象台账');
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as ExcelJS.CellValue[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

const csvRows = (body: Buffer) =>
  body
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(','));

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
  county = `Bearer ${await mintLocalToken('county_approver', { secret: SECRET, sub: 'officer-county-017', jurisdiction: district })}`;
  const file = Buffer.from(`\ufeff${[HEADER, ...special].join('\r\n')}\r\n`, 'utf8');
  const imported = await request(app.getHttpServer()).post('/case-imports').query({ fileName: 'ledger.csv' }).set('Authorization', county).set('Content-Type', 'text/csv').send(file);
  expect(imported.status).toBe(201);
  expect(imported.body.households).toBe(2);
  // the bulk: single-member households written as the projection writes them (sealed under each case's key)
  const sealed = await Promise.all(
    bulk.map(async (b) =>
      JSON.stringify(
        await keys.fields.encrypt(
          { applicantMemberId: b.caseId, members: [{ memberId: b.caseId, name: b.name, residentId: b.residentId, relation: '户主', birthDate: null, included: true, covered: true }] },
          b.caseId,
          householdContext(b.caseId),
        ),
      ),
    ),
  );
  await pg.query(
    `INSERT INTO "${SCHEMA}".review_cases (case_id, case_number, program, jurisdiction, status, household_size, monthly_amount_fen, start_month, benefit_status, revision, updated_at)
     SELECT id, n, 'MINIMUM_LIVING_ALLOWANCE', $3, 'APPROVED', 1, 80000, '2027-01', 'ACTIVE', 0, now() FROM unnest($1::uuid[], $2::text[]) AS t(id, n)`,
    [bulk.map((b) => b.caseId), bulk.map((b) => b.caseNumber), communityA],
  );
  await pg.query(`INSERT INTO "${SCHEMA}".review_case_households (case_id, household, revision) SELECT id, doc::jsonb, 0 FROM unnest($1::uuid[], $2::text[]) AS t(id, doc)`, [
    bulk.map((b) => b.caseId),
    sealed,
  ]);
  // the projection writes the case list and the sealed households
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM "${SCHEMA}".review_case_households`);
    if (Number(rows[0]!.n) === BULK + 2) break;
    if (Date.now() > deadline) throw new Error(`projection: ${rows[0]!.n} households of ${BULK + 2}`);
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

describe('households ledger', () => {
  it('the read model holds the members sealed: neither names nor resident IDs in clear', async () => {
    const { rows } = await pg.query<{ household: unknown }>(`SELECT household FROM "${SCHEMA}".review_case_households`);
    const raw = JSON.stringify(rows.map((r) => r.household));
    expect(raw).not.toContain('王建国');
    expect(raw).not.toContain(W1);
    expect(raw).not.toContain('户主7');
    expect(raw).not.toContain(bulk[7]!.residentId);
  });

  it('a community’s ledger as .xlsx: one row per member, current benefit in 元, resident IDs masked, nothing logged', async () => {
    const res = await get({ division: communityB });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`households-ledger-${communityB}.xlsx`);
    const rows = await xlsxRows(res.body as Buffer);
    expect(rows[0]).toEqual(['社区(村)代码', '案件编号', '保障类别', '保障状态', '月保障金额(元)', '起始月份', '家庭人口', '姓名', '身份证号', '与户主关系', '是否保障对象', '案件ID']);
    const body = rows.slice(1).map((r) => r.slice(0, 11));
    const mask = (id: string) => `${id.slice(0, 4)}**********${id.slice(14)}`;
    expect(body).toEqual(
      expect.arrayContaining([
        [communityB, 'H-W', '最低生活保障', '在保', '1560.5', '2027-01', '3', '王建国', mask(W1), '户主', '是'],
        [communityB, 'H-W', '最低生活保障', '在保', '1560.5', '2027-01', '3', '李秀英', mask(W2), '配偶', '是'],
        [communityB, 'H-W', '最低生活保障', '在保', '1560.5', '2027-01', '3', '王小明', mask(W3), '子女', '否'],
        [communityB, 'H-Z', '特困人员救助供养', '在保', '1850', '2027-02', '1', '赵桂兰', mask(Z1), '本人', '是'],
      ]),
    );
    expect(body).toHaveLength(4);
    const caseIds = [...new Set(rows.slice(1).map((r) => r[11]!))];
    expect(await keys.readLog.report({ subjects: caseIds })).toEqual([]);
  });

  it('the county’s ledger spans several keyset pages, ordered by community; the programme filter narrows it', async () => {
    const res = await get({ division: district });
    expect(res.status).toBe(200);
    const rows = (await xlsxRows(res.body as Buffer)).slice(1);
    expect(rows).toHaveLength(BULK + 4);
    expect(new Set(rows.map((r) => r[11])).size).toBe(BULK + 2); // every household once
    expect(rows.slice(0, BULK).every((r) => r[0] === communityA && r[4] === '800' && r[2] === '最低生活保障')).toBe(true);
    expect(rows.slice(BULK).every((r) => r[0] === communityB)).toBe(true);
    expect(new Set(rows.slice(0, BULK).map((r) => r[7]))).toEqual(new Set(bulk.map((b) => b.name)));

    const poverty = await get({ division: district, programme: 'EXTREME_POVERTY_SUPPORT' });
    const only = (await xlsxRows(poverty.body as Buffer)).slice(1);
    expect(only.map((r) => [r[1], r[7]])).toEqual([['H-Z', '赵桂兰']]);
    const none = await get({ division: `${district}009`, programme: 'MINIMUM_LIVING_ALLOWANCE' });
    expect(none.status).toBe(200);
    expect(await xlsxRows(none.body as Buffer)).toHaveLength(1); // the heading only
  });

  it('CSV with a stated purpose: resident IDs in full, amounts as exact 元, each household’s read recorded with the purpose', async () => {
    const res = await get({ division: communityB, format: 'csv', purpose: '年度复核' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = csvRows(res.body as Buffer);
    expect(rows[0]![0]).toBe('社区(村)代码');
    expect(rows.slice(1).map((r) => [r[1], r[4], r[7], r[8]])).toEqual(
      expect.arrayContaining([
        ['H-W', '1560.50', '王建国', W1],
        ['H-W', '1560.50', '李秀英', W2],
        ['H-W', '1560.50', '王小明', W3],
        ['H-Z', '1850.00', '赵桂兰', Z1],
      ]),
    );
    const caseIds = [...new Set(rows.slice(1).map((r) => r[11]!))];
    const reads = await keys.readLog.report({ subjects: caseIds });
    expect(reads).toHaveLength(2);
    for (const r of reads) {
      expect(r).toMatchObject({ purpose: '年度复核', channel: 'http GET /eligibility/ledgers/households', actor: { id: 'officer-county-017', role: 'county_approver', jurisdiction: district } });
    }
    const wang = reads.find((r) => r.persons.length === 3)!;
    expect(wang.persons.every((p) => /^[0-9a-f]{64}$/.test(p))).toBe(true);
    expect((await keys.readLog.verify()).ok).toBe(true);
  });

  it('bad parameters: 400 problem+json naming the field; another county: 403; nothing logged', async () => {
    const caseIds = (await pg.query<{ case_id: string }>(`SELECT case_id FROM "${SCHEMA}".review_cases`)).rows.map((r) => r.case_id);
    const before = (await keys.readLog.report({ subjects: caseIds })).length;
    for (const [query, field] of [
      [{ division: district, programme: 'LOW_INCOME' }, 'programme'],
      [{ division: district, format: 'pdf' }, 'format'],
      [{ division: district, purpose: ' ' }, 'purpose'],
      [{ division: district, purpose: 'x' }, 'purpose'],
    ] as [Record<string, string>, string][]) {
      const res = await request(app.getHttpServer()).get('/eligibility/ledgers/households').query(query).set('Authorization', county);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const missing = await request(app.getHttpServer()).get('/eligibility/ledgers/households').set('Authorization', county);
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(missing.body)).toContain('division');
    const other = await request(app.getHttpServer()).get('/eligibility/ledgers/households').query({ division: '330105' }).set('Authorization', county);
    expect(other.status).toBe(403);
    const community = `Bearer ${await mintLocalToken('community_officer', { secret: SECRET, jurisdiction: communityB })}`;
    expect((await request(app.getHttpServer()).get('/eligibility/ledgers/households').query({ division: communityB }).set('Authorization', community)).status).toBe(403);
    expect((await keys.readLog.report({ subjects: caseIds })).length).toBe(before);
  });
});
