/**
 * 民政统计 月报 over HTTP (real audit AppModule, real PostgreSQL event store in a fresh schema):
 * eligibility approvals produced by the pure decider and a district's payment run (issued, returned,
 * re-issued) are appended; the month's figures per district and programme are reconciled with the
 * payments (the run's own PaymentRunCompleted totals and the payment lines), as JSON and CSV; `asOf`
 * reproduces the figures as recorded before a later return.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { digestTables, PostgresEventStore, ProjectionProcessor } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { ensureDatabase } from '../../../libs/eventstore/test/pg-test-utils';
import type { PaymentIssued, PaymentReissued, PaymentReturned, PaymentRunCompleted } from '../../disbursement/src/domain/payment-run';
import { A, decideCase, history, notice, open, opinion, receiveFacts, submit, SYSTEM, visit } from '../../eligibility/src/domain/__tests__/review-case-fixtures';
import { createReviewCaseDecider, initialReviewCaseState, readCaseloadLedger, type MigrateCase, type ReviewCaseEvent } from '../../eligibility/src/domain';
import { migrateCommand } from '../../eligibility/src/case-imports/case-import.service';
import { parseCsv } from '../../eligibility/src/case-imports/ledger-file';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidV5 } from '@sa/eventstore';
import { AppModule } from '../src/app.module';
import { AUDIT_CONFIG_SPEC } from '../src/config';
import { monthlyReport, STATISTICS_STREAM_CATEGORIES, statisticsFact, type StatisticsEvent } from '../src/domain';
import { STATISTICS_PROJECTION, STATISTICS_TABLES, StatisticsFacts } from '../src/read-models/statistics-projection';

jest.setTimeout(120_000);

const SECRET = 'audit-stats-test-secret-0123456789abcdefgh';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const ES_SCHEMA = `audit_stats_es_${SUFFIX}`;
const AUDIT_SCHEMA = `audit_stats_${SUFFIX}`;
const MONTH = '2026-04';

let pool: Pool;
let store: PostgresEventStore;
let app: NestExpressApplication;
let county: string;

const meta = (caseId: string) => ({ correlationId: caseId, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-04-10T09:00:00+08:00' });
async function append(streamId: string, events: { type: string; data: unknown }[], caseId: string = randomUUID()) {
  await store.appendToStream(
    streamId,
    events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: meta(caseId) })),
    { expectedRevision: 'any' },
  );
}

type Line = PaymentIssued['data'];
const line = (caseId: string, jurisdiction: string, amountFen: number, program: Line['program'] = 'MINIMUM_LIVING_ALLOWANCE', period = MONTH): Line => ({
  paymentId: randomUUID(),
  entitlementId: randomUUID(),
  caseId,
  caseNumber: `${jurisdiction.slice(0, 6)}-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`,
  program,
  jurisdiction,
  amountFen,
  decisionId: randomUUID(),
  recipient: { memberId: randomUUID(), name: '收款人', bankAccountRef: 'acct-1' },
  runId: 'run-330106-2026-04',
  period,
  kind: 'REGULAR',
  issuedOn: `${period}-15`,
});

const caseA = randomUUID();
const caseB = randomUUID();
const caseC = randomUUID(); // paid, but no eligibility events in the log: persons unknown
const single = { applicantMemberId: A, members: [{ memberId: A, name: '欧阳娜娜', relation: 'APPLICANT', birthDate: '1950-01-01', included: true, disability: null, severeIllness: null, workAbility: 'NONE' as const }] };
const approved = (caseId: string, household?: typeof single): ReviewCaseEvent[] =>
  history(open({ caseId, caseNumber: `330106-2026-${caseId.slice(0, 6)}`, ...(household ? { household } : {}) }), receiveFacts(household ? 0 : 180000, { caseId }), visit(), opinion(), notice(), submit(), decideCase());

const standardOf = (events: ReviewCaseEvent[]) => (events.find((e) => e.type === 'CaseApproved')!.data as { assessment: { subsistenceStandardFen: number } }).assessment.subsistenceStandardFen;

let issued: Line[] = [];
let returned: PaymentReturned['data'];
let reissued: PaymentReissued['data'];
let beforeLateReturn = '';

beforeAll(async () => {
  await ensureDatabase(DATABASE_URL);
  pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
  await PostgresEventStore.migrate(pool, ES_SCHEMA);
  store = new PostgresEventStore({ pool, schema: ES_SCHEMA });
  await append(`reviewCase-${caseA}`, approved(caseA), caseA); // 3 members covered, from 2026-04
  await append(`reviewCase-${caseB}`, approved(caseB, single), caseB); // 1 member covered
  const amountA = (approved(caseA).find((e) => e.type === 'CaseApproved')!.data as { assessment: { monthlyAmountFen: number } }).assessment.monthlyAmountFen;
  const amountB = (approved(caseB, single).find((e) => e.type === 'CaseApproved')!.data as { assessment: { monthlyAmountFen: number } }).assessment.monthlyAmountFen;
  issued = [line(caseA, '330106001001', amountA), line(caseB, '330106001001', amountB), line(caseC, '330106002001', 45000, 'LOW_INCOME_MARGINAL')];
  const march = line(caseA, '330106001001', amountA, 'MINIMUM_LIVING_ALLOWANCE', '2026-03');
  const otherDistrict = line(randomUUID(), '330105001001', 99900);
  const completed: PaymentRunCompleted['data'] = {
    runId: 'run-330106-2026-04',
    district: '330106',
    period: MONTH,
    completedAt: '2026-04-15T10:00:00+08:00',
    paymentCount: issued.length,
    totalAmountFen: issued.reduce((s, l) => s + l.amountFen, 0),
    heldCount: 0,
    byProgram: ['MINIMUM_LIVING_ALLOWANCE', 'LOW_INCOME_MARGINAL'].map((program) => ({
      program: program as Line['program'],
      paymentCount: issued.filter((l) => l.program === program).length,
      totalAmountFen: issued.filter((l) => l.program === program).reduce((s, l) => s + l.amountFen, 0),
    })),
    bankFileRefs: ['bank/330106/2026-04/run.csv'],
  };
  await append('paymentRun-run-330106-2026-03', [{ type: 'PaymentIssued', data: march }]);
  await append('paymentRun-run-330105-2026-04', [{ type: 'PaymentIssued', data: otherDistrict }]);
  await append('paymentRun-run-330106-2026-04', [...issued.map((data) => ({ type: 'PaymentIssued', data })), { type: 'PaymentRunCompleted', data: completed }]);
  const { kind: _k, issuedOn: _i, runId: _r, ...paymentOfB } = issued[1]!;
  returned = { payment: { ...paymentOfB, period: MONTH }, runId: 'run-330106-2026-04', returnedOn: '2026-04-18', reason: { code: 'ACCOUNT_FROZEN' } };
  reissued = { ...paymentOfB, paymentId: randomUUID(), runId: 'run-330106-2026-04', period: MONTH, kind: 'REISSUE', reissueOfPaymentId: issued[1]!.paymentId, issuedOn: '2026-04-22', bankFileRef: 'bank/330106/2026-04/reissue.csv' };
  await new Promise((r) => setTimeout(r, 50));
  beforeLateReturn = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 50));
  await append('paymentRun-run-330106-2026-04', [
    { type: 'PaymentReturned', data: returned },
    { type: 'PaymentReissued', data: reissued },
  ]);
  ({ app } = await createTestApp({
    name: 'audit',
    configSpec: AUDIT_CONFIG_SPEC,
    imports: [AppModule],
    env: { JWT_SECRET: SECRET, DATABASE_URL, DATABASE_SCHEMA: AUDIT_SCHEMA, EVENTSTORE_SCHEMA: ES_SCHEMA, AUDIT_CHECKPOINT_INTERVAL_MS: '0', LOG_LEVEL: 'silent' },
  }));
  county = `Bearer ${await mintLocalToken('county_approver', { secret: SECRET, jurisdiction: '330106' })}`;
  // The global log is read below the database's transaction horizon: a transaction another test left open in this
  // database (the suites share it) withholds the events appended above until it ends. Wait until they are readable.
  for (let tries = 0; tries < 120; tries++) {
    const res = await request(app.getHttpServer()).get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', county);
    if (res.status === 200 && res.body.rows?.length > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
});

afterAll(async () => {
  await app?.close();
  await pool?.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await pool?.query(`DROP SCHEMA IF EXISTS "${AUDIT_SCHEMA}" CASCADE`);
  await pool?.end();
});

const http = () => request(app.getHttpServer());

describe('民政统计 月报', () => {
  it('per district and programme: households, persons, payments and amounts reconcile with the run and its payment lines', async () => {
    const res = await http().get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', county);
    expect(res.status).toBe(200);
    const mla = issued.filter((l) => l.program === 'MINIMUM_LIVING_ALLOWANCE');
    const lim = issued.filter((l) => l.program === 'LOW_INCOME_MARGINAL');
    const sum = (ls: { amountFen: number }[]) => ls.reduce((s, l) => s + l.amountFen, 0);
    expect(res.body.rows).toEqual([
      {
        month: MONTH,
        district: '330106',
        division: '330106',
        program: 'LOW_INCOME_MARGINAL',
        programLabel: '低保边缘家庭',
        households: 1,
        persons: 0,
        householdsWithoutCoverage: 1,
        elderly: 0,
        minors: 0,
        disabled: 0,
        centralizedPersons: 0,
        dispersedPersons: 0,
        personTimes: 0,
        payments: 1,
        issuedFen: sum(lim),
        reissuedFen: 0,
        returnedFen: 0,
        netFen: sum(lim),
        // caseC has no decision in the log: no standard known
        standardFenTotal: 0,
        householdsWithStandard: 0,
      },
      {
        month: MONTH,
        district: '330106',
        division: '330106',
        program: 'MINIMUM_LIVING_ALLOWANCE',
        programLabel: '最低生活保障',
        households: 2,
        persons: 3 + 1,
        householdsWithoutCoverage: 0,
        // 张小明 (born 2012) is a minor, 李娜 has a grade-3 disability, 欧阳娜娜 (born 1950) is elderly.
        elderly: 1,
        minors: 1,
        disabled: 1,
        centralizedPersons: 0,
        dispersedPersons: 0,
        // 人次: the persons of each payment line (A's 3, B's 1, B's re-issue 1)
        personTimes: 3 + 1 + 1,
        payments: 3,
        issuedFen: sum(mla),
        reissuedFen: reissued.amountFen,
        returnedFen: returned.payment.amountFen,
        netFen: sum(mla) + reissued.amountFen - returned.payment.amountFen,
        // the subsistence standard of each household's approval (its assessment), summed over both households
        standardFenTotal: standardOf(approved(caseA)) + standardOf(approved(caseB, single)),
        householdsWithStandard: 2,
      },
    ]);
    // Reconciled with the run's own totals (PaymentRunCompleted.byProgram, written by the executor).
    const run = (await store.readStream('paymentRun-run-330106-2026-04')).find((e) => e.type === 'PaymentRunCompleted')!.data as PaymentRunCompleted['data'];
    for (const p of run.byProgram) {
      const row = res.body.rows.find((r: { program: string }) => r.program === p.program);
      expect(row.issuedFen).toBe(p.totalAmountFen);
    }
    expect(res.body.totals).toMatchObject({ households: 3, persons: 4, issuedFen: run.totalAmountFen, netFen: run.totalAmountFen });
  });

  it('the same figures as CSV for Excel (BOM, Chinese header, a 合计 line)', async () => {
    const json = (await http().get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', county)).body;
    const res = await http().get('/statistics/monthly').query({ month: MONTH, division: '330106', format: 'csv' }).set('Authorization', county);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('月份,区县,项目,项目名称,户数,人数,人数未知户数,老年人,未成年人,残疾人,特困集中供养人数,特困分散供养人数,人次,笔数,发放金额(分),补发金额(分),退回金额(分),净支出(分)');
    const r = json.rows[1];
    expect(lines[2]).toBe([MONTH, '330106', 'MINIMUM_LIVING_ALLOWANCE', '最低生活保障', r.households, r.persons, 0, 1, 1, 1, 0, 0, 5, r.payments, r.issuedFen, r.reissuedFen, r.returnedFen, r.netFen].join(','));
    const t = json.totals;
    expect(lines[3]).toBe(
      [MONTH, '330106', 'TOTAL', '合计', t.households, t.persons, t.householdsWithoutCoverage, t.elderly, t.minors, t.disabled, t.centralizedPersons, t.dispersedPersons, t.personTimes, t.payments, t.issuedFen, t.reissuedFen, t.returnedFen, t.netFen].join(','),
    );
  });

  it('the same figures as the monthly-report workbook (.xlsx): title, header, one row per district × programme, 合计 with 元 as a formula', async () => {
    const json = (await http().get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', county)).body;
    const res = await http()
      .get('/statistics/monthly')
      .query({ month: MONTH, division: '330106', format: 'xlsx' })
      .set('Authorization', county)
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (d: Buffer) => c.push(d));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((res.body as Buffer).buffer.slice((res.body as Buffer).byteOffset, (res.body as Buffer).byteOffset + (res.body as Buffer).length) as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('社会救助民政统计月报（2026年4月）');
    expect(ws.getRow(3).getCell(1).value).toBe('区县');
    // the columns by their headings (row 3), in the order of the report form
    const headings = (ws.getRow(3).values as unknown[]).slice(1);
    expect(headings).toEqual([
      '区县', '项目', '户数', '人数', '其中：老年人', '未成年人', '残疾人', '特困集中供养人数', '特困分散供养人数', '救助人次', '人数未知户数', '发放笔数',
      '发放金额(分)', '补发金额(分)', '退回金额(分)', '净支出(分)', '净支出(元)', '户均救助(元)', '人均救助(元)', '保障标准合计(分)', '保障标准已知户数', '平均保障标准(元/人·月)',
    ]);
    const at = (heading: string) => headings.indexOf(heading) + 1;
    const letter = (heading: string) => ws.getColumn(at(heading)).letter;
    const mla = ws.getRow(5);
    const r = json.rows[1];
    expect(['区县', '项目', '户数', '人数', '救助人次', '净支出(分)'].map((h) => mla.getCell(at(h)).value)).toEqual(['330106', '最低生活保障', r.households, r.persons, r.personTimes, r.netFen]);
    const total = ws.getRow(6);
    expect(['区县', '户数', '发放金额(分)', '净支出(分)'].map((h) => total.getCell(at(h)).value)).toEqual(['合计', json.totals.households, json.totals.issuedFen, json.totals.netFen]);
    const [net, households, persons] = [letter('净支出(分)'), letter('户数'), letter('人数')];
    expect(total.getCell(at('净支出(元)')).value).toEqual({ formula: `${net}6/100` });
    // 户均, 人均 and the average standard: formulas over the fen sums and the counts, the standard's sum and count as data
    expect(total.getCell(at('户均救助(元)')).value).toEqual({ formula: `IF(${households}6=0,"",ROUND(${net}6/${households}6,0)/100)` });
    expect(total.getCell(at('人均救助(元)')).value).toEqual({ formula: `IF(${persons}6=0,"",ROUND(${net}6/${persons}6,0)/100)` });
    expect([mla.getCell(at('保障标准合计(分)')).value, mla.getCell(at('保障标准已知户数')).value]).toEqual([r.standardFenTotal, r.householdsWithStandard]);
    expect([total.getCell(at('保障标准合计(分)')).value, total.getCell(at('保障标准已知户数')).value]).toEqual([json.totals.standardFenTotal, json.totals.householdsWithStandard]);
    const [sumStd, withStd] = [letter('保障标准合计(分)'), letter('保障标准已知户数')];
    expect(total.getCell(at('平均保障标准(元/人·月)')).value).toEqual({ formula: `IF(${withStd}6=0,"",ROUND(${sumStd}6/${withStd}6,0)/100)` });
  });

  it('asOf reproduces the month as recorded before the later return and re-issue', async () => {
    const res = await http().get('/statistics/monthly').query({ month: MONTH, division: '330106', asOf: beforeLateReturn }).set('Authorization', county);
    expect(res.status).toBe(200);
    const mla = res.body.rows.find((r: { program: string }) => r.program === 'MINIMUM_LIVING_ALLOWANCE');
    expect(mla).toMatchObject({ payments: 2, reissuedFen: 0, returnedFen: 0, netFen: mla.issuedFen });
  });

  it('both views: as reported (reportedAsOf) and as corrected since, with the corrections; per street; process figures; the workbook has both', async () => {
    const res = await http().get('/statistics/monthly').query({ month: MONTH, division: '330106', level: 'street', reportedAsOf: beforeLateReturn }).set('Authorization', county);
    expect(res.status).toBe(200);
    expect(res.body.level).toBe('street');
    expect(res.body.rows.map((r: { division: string; program: string }) => `${r.division}/${r.program}`)).toEqual(['330106001/MINIMUM_LIVING_ALLOWANCE', '330106002/LOW_INCOME_MARGINAL']);
    const reported = res.body.asReported.rows.find((r: { program: string }) => r.program === 'MINIMUM_LIVING_ALLOWANCE');
    const corrected = res.body.rows.find((r: { program: string }) => r.program === 'MINIMUM_LIVING_ALLOWANCE');
    expect(reported).toMatchObject({ payments: 2, returnedFen: 0, reissuedFen: 0 });
    expect(corrected).toMatchObject({ payments: 3, returnedFen: returned.payment.amountFen, reissuedFen: reissued.amountFen });
    expect(res.body.corrections).toEqual(
      expect.arrayContaining([{ table: 'rows', division: '330106001', program: 'MINIMUM_LIVING_ALLOWANCE', field: 'returnedFen', reported: 0, corrected: returned.payment.amountFen }]),
    );
    // the two approvals of the fixtures were decided on time, on 2026-03-16 (the decider's `overdue` false)
    const approvals = [caseA, caseB];
    expect(res.body.processTotals).toMatchObject({ decided: 0, withinDeadlineShare: null });
    const march = (await http().get('/statistics/monthly').query({ month: '2026-03', division: '330106', level: 'community' }).set('Authorization', county)).body;
    expect(march.process).toEqual([{ division: '330106001001', decided: approvals.length, decidedWithinDeadline: approvals.length, withinDeadlineShare: 1, overdueReviews: 0, terminationsAfterDataAlert: 0, reapplications: 0 }]);
    // by default the "as reported" view is the month as known at its end: the events were all recorded after it
    const byDefault = (await http().get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', county)).body;
    expect(byDefault.reportedAsOf).toBe('2026-04-30T16:00:00.000Z');
    expect(byDefault.asReported.totals.households).toBe(0);
    const xlsx = await http()
      .get('/statistics/monthly')
      .query({ month: MONTH, division: '330106', level: 'street', reportedAsOf: beforeLateReturn, format: 'xlsx' })
      .set('Authorization', county)
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (d: Buffer) => c.push(d));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });
    const wb = new ExcelJS.Workbook();
    const body = xlsx.body as Buffer;
    await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([`${MONTH} 月报`, '月末数', '过程指标', '更正明细']);
    expect(wb.worksheets[0]!.getRow(3).getCell(1).value).toBe('街道(乡镇)');
    expect(wb.getWorksheet('月末数')!.getRow(4).getCell(12).value).toBe(reported.payments); // 发放笔数
    expect(wb.getWorksheet('过程指标')!.getRow(3).getCell(5).value).toBe('时限内办结率');
    expect(wb.getWorksheet('更正明细')!.rowCount).toBe(3 + res.body.corrections.length);
  });

  it('a caseload migrated from the sample ledger: persons, groups, standard and the 特困 分散供养 split from CaseMigrated; 人次', async () => {
    // The sample ledger read and decided by eligibility's own reader and decider (CaseMigrated, as POST /case-imports appends it).
    const NS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    const rows = parseCsv(readFileSync(join(__dirname, '../../../deploy/samples/caseload-ledger.csv'), 'utf8'));
    const suffix = randomBytes(3).toString('hex'); // fresh case ids per run
    const { households, errors } = readCaseloadLedger(rows, { jurisdiction: '330106', idFor: (n) => uuidV5(`${suffix}/${n}`, NS), today: '2026-12-07' });
    expect(errors).toEqual([]);
    const decider = createReviewCaseDecider({ calendar: { addWorkingDays: () => null } as never });
    const source = { importId: uuidV5(`${suffix}/import`, NS), fileName: 'caseload-ledger.csv', fileDigest: 'b'.repeat(64) };
    const JAN = '2027-01';
    for (const h of households) {
      const command = { ...migrateCommand(h, source), metadata: { actor: SYSTEM, now: '2026-12-07T09:00:00+08:00' } } as MigrateCase;
      await append(`reviewCase-${h.caseId}`, decider.decide(command, initialReviewCaseState), h.caseId);
    }
    const lines = households.map((h) => line(h.caseId, h.jurisdiction, h.monthlyAmountFen || 1, h.program, JAN));
    await append(`paymentRun-run-330106-${JAN}-${suffix}`, lines.map((data) => ({ type: 'PaymentIssued', data })));
    let body: { rows: Record<string, unknown>[]; totals: Record<string, number> } = { rows: [], totals: {} };
    for (let tries = 0; tries < 120 && body.rows.length < 3; tries++) {
      const res = await http().get('/statistics/monthly').query({ month: JAN, division: '330106' }).set('Authorization', county);
      expect(res.status).toBe(200);
      body = res.body;
      if (body.rows.length < 3) await new Promise((r) => setTimeout(r, 250));
    }
    const row = (program: string) => body.rows.find((r) => r.program === program);
    // 王建国 (1958) and 李秀英 (1960, 肢体 2级) elderly, 王小明 (2012) a minor; standard 1,160 元
    expect(row('MINIMUM_LIVING_ALLOWANCE')).toMatchObject({ households: 1, persons: 3, householdsWithoutCoverage: 0, elderly: 2, minors: 1, disabled: 1, standardFenTotal: 116000, householdsWithStandard: 1, personTimes: 3 });
    // 赵桂兰: 特困分散供养 in the ledger → 分散供养; born 1941, 视力 1级
    expect(row('EXTREME_POVERTY_SUPPORT')).toMatchObject({ households: 1, persons: 1, elderly: 1, disabled: 1, dispersedPersons: 1, centralizedPersons: 0, standardFenTotal: 185000 });
    // 低保边缘: 周丽 is not a covered member
    expect(row('LOW_INCOME_MARGINAL')).toMatchObject({ households: 1, persons: 1, householdsWithoutCoverage: 0 });
    expect(body.totals).toMatchObject({ households: 3, persons: 5, dispersedPersons: 1, centralizedPersons: 0, personTimes: 5 });
  });

  it('bad month or format → 400 naming the field; another district → 403; a disbursement officer may read it', async () => {
    const bad = await http().get('/statistics/monthly').query({ month: '2026-13', division: '330106', format: 'xls', level: 'province', reportedAsOf: 'yesterday' }).set('Authorization', county);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['format', 'level', 'month', 'reportedAsOf']);
    const other = await http().get('/statistics/monthly').query({ month: MONTH, division: '330105' }).set('Authorization', county);
    expect(other.status).toBe(403);
    const disb = `Bearer ${await mintLocalToken('disbursement_officer', { secret: SECRET, jurisdiction: '330106' })}`;
    expect((await http().get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', disb)).status).toBe(200);
    const community = `Bearer ${await mintLocalToken('community_officer', { secret: SECRET, jurisdiction: '330106001001' })}`;
    expect((await http().get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', community)).status).toBe(403);
  });
});

describe('the statistics read model (statistics_facts, fed by a projection)', () => {
  const everything = async () => {
    const events: StatisticsEvent[] = [];
    let last;
    for (const r of await store.readAll({ filter: { streamCategories: [...STATISTICS_STREAM_CATEGORIES] } })) {
      events.push({ streamId: r.streamId, type: r.type, data: r.data, recordedAt: r.recordedAt });
      last = r.position;
    }
    return { events, last: last! };
  };

  it('keeps the slim facts of the log (no personal data); a request reads them, not the store, and gives the figures of the whole log', async () => {
    const processor = app.get(ProjectionProcessor);
    const { events, last } = await everything();
    await processor.waitFor(last, 60_000, STATISTICS_PROJECTION);
    const { rows } = await pool.query<{ type: string; data: unknown }>(`SELECT type, data FROM "${AUDIT_SCHEMA}".statistics_facts`);
    // every event the fold reads has its row (PaymentRunCompleted, a home visit … have none)
    expect(rows.length).toBe(events.filter((e) => statisticsFact(e) !== null).length);
    expect(rows.length).toBeLessThan(events.length);
    expect(rows.some((r) => r.type === 'PaymentRunCompleted')).toBe(false);
    const text = JSON.stringify(rows);
    for (const personal of ['欧阳娜娜', 'acct-1', '"name"', '"recipient"', '"bankAccountRef"', '"explanation"']) expect(text).not.toContain(personal);
    const read = await app.get(StatisticsFacts).read();
    expect(read).toMatchObject({ fromReadModel: rows.length, fromStore: 0 });
    const res = await http().get('/statistics/monthly').query({ month: MONTH, division: '330106' }).set('Authorization', county);
    expect(res.status).toBe(200);
    // the same figures as the fold of every full event of the log (the replay the request used to do)
    expect(res.body).toEqual(JSON.parse(JSON.stringify(monthlyReport(events, { month: MONTH, division: '330106' }))));
    const asOf = await http().get('/statistics/monthly').query({ month: MONTH, division: '330106', asOf: beforeLateReturn }).set('Authorization', county);
    const until = new Date(beforeLateReturn);
    const known = events.filter((e) => e.recordedAt! <= until);
    expect(asOf.body).toEqual(JSON.parse(JSON.stringify({ ...monthlyReport(known, { month: MONTH, division: '330106', correctedAsOf: until }), asOf: beforeLateReturn })));
  });

  it('events the projection has not applied yet are read from the store after its checkpoint; a rebuild gives the same rows', async () => {
    const processor = app.get(ProjectionProcessor);
    await processor.stop();
    const extra = line(randomUUID(), '330106001002', 12345, 'LOW_INCOME_MARGINAL');
    await append('paymentRun-run-330106-2026-04-late', [{ type: 'PaymentIssued', data: extra }]);
    const { events, last } = await everything();
    let read = await app.get(StatisticsFacts).read();
    for (let tries = 0; tries < 120 && read.events.length < events.filter((e) => statisticsFact(e) !== null).length; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      read = await app.get(StatisticsFacts).read();
    }
    expect(read.fromStore).toBeGreaterThanOrEqual(1);
    expect(monthlyReport(read.events, { month: MONTH, division: '330106' })).toEqual(monthlyReport(events, { month: MONTH, division: '330106' }));
    await processor.catchUp(STATISTICS_PROJECTION);
    await processor.waitFor(last, 60_000, STATISTICS_PROJECTION);
    const live = await digestTables(pool, AUDIT_SCHEMA, STATISTICS_TABLES);
    await processor.rebuild(STATISTICS_PROJECTION);
    expect(await digestTables(pool, AUDIT_SCHEMA, STATISTICS_TABLES)).toEqual(live);
    expect(live.tables[0]!.rows).toBe(events.filter((e) => statisticsFact(e) !== null).length);
  });
});
