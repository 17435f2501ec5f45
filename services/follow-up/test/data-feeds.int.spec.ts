/**
 * Data-comparison feeds (数据比对) over HTTP on real PostgreSQL: import a department's file (CSV and
 * .xlsx), match by the resident-ID blind index, one DataAlertRaised per match on the case's stream
 * (and a DATA_ALERT review in the queue's row), the same file twice raises nothing, a malformed file
 * is refused whole with row and column, bad input is a 4xx naming the field.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../src/commands/follow-up-pipelines';
import { followUpStreamId } from '../src/domain';
import { DATABASE_URL, startFollowUp, type FollowUpTestApp } from './support/follow-up-app';
import { on } from './support/commands';

jest.setTimeout(180_000);

const STREET = '440305001';
const COMMUNITY = '440305001001';
const OTHER_STREET_COMMUNITY = '440305002001';
const caseA = randomUUID();
const caseOutside = randomUUID();
const memberA = randomUUID();
const memberOutside = randomUUID();
const SAMPLE = join(__dirname, '../../../deploy/samples/data-feeds');

let t: FollowUpTestApp;
let pool: Pool;
let officer: string;

async function openCase(caseId: string, jurisdiction: string, members: { memberId: string; name: string; residentId: string }[]) {
  await t.app.get(FollowUpPipelines).followUp.handle(
    caseId,
    on('2026-01-20', {
      type: 'OpenFollowUp',
      data: {
        caseId,
        caseNumber: `DB-${jurisdiction}-2026-${caseId.slice(0, 6)}`,
        decisionId: randomUUID(),
        program: 'MINIMUM_LIVING_ALLOWANCE',
        jurisdiction,
        reviewClass: 'UNSTABLE',
        reviewIntervalMonths: 6,
        startMonth: '2026-02',
        monthlyAmountFen: 80000,
        membersCovered: members.map((m) => ({ memberId: m.memberId, name: m.name }))
      }
    }),
    { commandId: randomUUID(), actor: SYSTEM_ACTOR(jurisdiction) },
  );
  // The household snapshot, as the inbox writes it from ApplicationAccepted.
  await pool.query(`INSERT INTO "${t.schema}".case_households (case_id, members, consents, source_event_id) VALUES ($1, $2, '[]', $3)`, [
    caseId,
    JSON.stringify(members),
    randomUUID(),
  ]);
}

const settle = async (caseId: string) => {
  const [last] = await t.store.readStream(followUpStreamId(caseId), { direction: 'backwards', maxCount: 1 });
  await t.projection.waitFor(last!.position, 60_000);
};
const eventsOf = async (caseId: string) => (await t.store.readStream(followUpStreamId(caseId))).map((e) => e.type);
const http = () => request(t.app.getHttpServer());
const post = (kind: string, body: Buffer | string, contentType = 'text/csv', auth = officer, code = STREET) =>
  http().post(`/follow-up/jurisdictions/${code}/data-feeds?kind=${kind}&fileName=f.csv`).set('Authorization', auth).set('Content-Type', contentType).send(body);

beforeAll(async () => {
  t = await startFollowUp({ now: '2026-04-02T10:00:00+08:00' });
  pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
  officer = `Bearer ${await t.token('street_officer', { jurisdiction: STREET, sub: 'so-1' })}`;
  await openCase(caseA, COMMUNITY, [
    { memberId: memberA, name: '张三', residentId: '440305195001011231' },
    { memberId: randomUUID(), name: '李四', residentId: '440305196203152344' },
  ]);
  await openCase(caseOutside, OTHER_STREET_COMMUNITY, [{ memberId: memberOutside, name: '赵六', residentId: '440305197709095679' }]);
  await settle(caseA);
  await settle(caseOutside);
});

afterAll(async () => {
  await pool?.end();
  await t?.close();
});

describe('POST /follow-up/jurisdictions/:code/data-feeds', () => {
  it('raises one DataAlert per match within the jurisdiction and reports the counts; the same file again raises nothing', async () => {
    const file = readFileSync(join(SAMPLE, 'DEATH.csv'));
    const first = await post('DEATH', file).expect(200);
    expect(first.body).toEqual(
      expect.objectContaining({ kind: 'DEATH', format: 'csv', rows: 2, matchedRows: 1, matched: 1, alertsRaised: 1, alreadyRaised: 0, unmatched: 1 }),
    );
    expect(await eventsOf(caseA)).toEqual(['FollowUpOpened', 'ReviewOpened', 'DataAlertRaised']);
    expect(await eventsOf(caseOutside)).toEqual(['FollowUpOpened']); // 赵六's case is in another street
    const [alert] = await t.store.readStream(followUpStreamId(caseA), { direction: 'backwards', maxCount: 1 });
    expect(alert!.data).toEqual(
      expect.objectContaining({
        memberId: memberA,
        record: { residentId: '440305195001011231', name: '张三', eventDate: '2026-03-10', detail: '深圳市南山区殡仪馆' },
        source: expect.objectContaining({ kind: 'DEATH', rowNumber: 2, fileDigest: first.body.fileDigest }),
      }),
    );
    expect(alert!.metadata.actor).toEqual(expect.objectContaining({ id: 'so-1', role: 'street_officer' }));
    await settle(caseA);
    const { rows } = await pool.query(`SELECT open_review_type FROM "${t.schema}".cases WHERE case_id = $1`, [caseA]);
    expect(rows[0].open_review_type).toBe('TRIGGERED');

    const again = await post('DEATH', file).expect(200);
    expect(again.body).toEqual(expect.objectContaining({ matched: 1, alertsRaised: 0, alreadyRaised: 1, fileDigest: first.body.fileDigest }));
    expect(await eventsOf(caseA)).toEqual(['FollowUpOpened', 'ReviewOpened', 'DataAlertRaised']);
  });

  it('imports an .xlsx workbook (first sheet, dates as Excel dates) into the open review', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('养老');
    ws.addRow(['公民身份号码', '姓名', '起始日期', '单位或险种', '月金额（分）']);
    ws.addRow(['440305196203152344', '李四', new Date(Date.UTC(2026, 0, 1)), '城镇职工基本养老保险', 320000]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await post('PENSION_EMPLOYMENT', bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').expect(200);
    expect(res.body).toEqual(expect.objectContaining({ format: 'xlsx', rows: 1, matched: 1, alertsRaised: 1 }));
    const events = await t.store.readStream(followUpStreamId(caseA));
    expect(events.map((e) => e.type)).toEqual(['FollowUpOpened', 'ReviewOpened', 'DataAlertRaised', 'DataAlertRaised']); // joins the open review
    expect((events[3]!.data as { record: Record<string, string> }).record).toEqual(
      expect.objectContaining({ eventDate: '2026-01-01', valueFen: '320000' }),
    );
  });

  it('refuses a malformed file whole, with the row and column of each error, and imports nothing', async () => {
    const before = await eventsOf(caseA);
    const csv = '公民身份号码,姓名,入院日期,医疗机构\n440305196203152344,李四,2026-03-01,深圳市人民医院\n12345,王五,2026-13-01,\n';
    const res = await post('HOSPITALISATION', csv).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { row: number; column: number; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, 1, 'invalid_resident_id'],
      [3, 3, 'invalid_date'],
      [3, 4, 'required'],
    ]);
    expect(res.body.errors[0].field).toBe('file.rows[3].公民身份号码');
    expect(await eventsOf(caseA)).toEqual(before);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${t.schema}".data_feed_imports WHERE kind = 'HOSPITALISATION'`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses an unknown column in the header, naming row 1 and its column', async () => {
    const res = await post('VEHICLE', '公民身份号码,姓名,登记日期,号牌号码,颜色\n440305198511203456,王五,2026-02-20,粤B12345,白\n').expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 1, column: 5, code: 'unknown_column' })]);
  });

  it('answers bad input with a 4xx naming the field', async () => {
    const noKind = await post('CAT', 'x').expect(400);
    expect(noKind.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    const empty = await http().post(`/follow-up/jurisdictions/${STREET}/data-feeds?kind=DEATH`).set('Authorization', officer).set('Content-Type', 'text/csv').expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    const json = await http().post(`/follow-up/jurisdictions/${STREET}/data-feeds?kind=DEATH`).set('Authorization', officer).send({ rows: [] }).expect(415);
    expect(json.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    // An archive that is not a workbook (the streaming .xlsx reader refuses it): 422 naming the file, nothing recorded.
    const before = await eventsOf(caseA);
    const notAWorkbook = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    const unreadable = await post('DEATH', notAWorkbook, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').expect(422);
    expect(unreadable.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unreadable.body).toMatchObject({ code: 'data_feed_unreadable', errors: [expect.objectContaining({ field: 'file' })] });
    expect(await eventsOf(caseA)).toEqual(before);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${t.schema}".data_feed_imports WHERE kind = 'DEATH' AND file_digest = $1`, [createHash('sha256').update(notAWorkbook).digest('hex')]);
    expect(rows[0].n).toBe(0);
  });

  it('is for street and county officers of the jurisdiction only', async () => {
    const community = `Bearer ${await t.token('community_officer', { jurisdiction: COMMUNITY, sub: 'co-1' })}`;
    await post('DEATH', readFileSync(join(SAMPLE, 'DEATH.csv')), 'text/csv', community).expect(403);
    await post('DEATH', readFileSync(join(SAMPLE, 'DEATH.csv')), 'text/csv', officer, '440305002').expect(403);
  });
});
