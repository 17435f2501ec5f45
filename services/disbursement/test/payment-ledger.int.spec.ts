/**
 * 发放台账 export (real disbursement AppModule, real PostgreSQL): 3,200 payment rows over two months,
 * two programmes and two districts (more than one keyset page), exported as a streamed .xlsx filtered
 * by division, months and programme; the workbook is read back and reconciled with the table.
 */
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { LEDGER_PAGE } from '../src/ledgers/payment-ledger/payment-ledger.handler';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';

jest.setTimeout(120_000);

let t: DisbursementTestApp;
const district = `67${String(Math.floor(Math.random() * 9000) + 1000)}`;

beforeAll(async () => {
  t = await startDisbursement();
  const values: string[] = [];
  const params: unknown[] = [];
  for (let i = 0; i < 3200; i++) {
    const d = i % 13 === 0 ? '110101' : district;
    const program = i % 4 === 0 ? 'LOW_INCOME_MARGINAL' : 'MINIMUM_LIVING_ALLOWANCE';
    const period = i % 2 === 0 ? '2026-03' : '2026-04';
    params.push(randomUUID(), randomUUID(), randomUUID(), `C-${i}`, period, program, `${d}00${1 + (i % 3)}001`, 10000 + i);
    const b = params.length - 8;
    values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, 'REGULAR', $${b + 6}, $${b + 7}, $${b + 8}, '{}'::jsonb, '${period}-15')`);
  }
  await t.sql(
    `INSERT INTO "${t.schema}".payments (payment_id, entitlement_id, case_id, case_number, period, kind, program, jurisdiction, amount_fen, recipient, issued_on) VALUES ${values.join(',')}`,
    params,
  );
});

afterAll(async () => {
  await t?.close();
});

async function xlsx(query: Record<string, string>, auth: string) {
  const res = await request(t.app.getHttpServer())
    .get('/disbursement/ledgers/payments')
    .query(query)
    .set('Authorization', auth)
    .buffer(true)
    .parse((r, cb) => {
      const c: Buffer[] = [];
      r.on('data', (d: Buffer) => c.push(d));
      r.on('end', () => cb(null, Buffer.concat(c)));
    });
  return res;
}

describe('发放台账 (payments ledger) export', () => {
  it('streams every payment of the division, months and programme; reconciles with the table', async () => {
    const officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district })}`;
    const res = await xlsx({ division: district, from: '2026-03', to: '2026-04', program: 'MINIMUM_LIVING_ALLOWANCE' }, officer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer);
    const ws = wb.getWorksheet('发放台账')!;
    expect(ws.getRow(1).getCell(1).value).toBe('发放月份');
    const [expected] = await t.sql<{ n: number; fen: string }>(
      `SELECT count(*)::int AS n, sum(amount_fen)::text AS fen FROM "${t.schema}".payments WHERE jurisdiction LIKE $1 AND program = 'MINIMUM_LIVING_ALLOWANCE'`,
      [`${district}%`],
    );
    expect(expected!.n).toBeGreaterThan(LEDGER_PAGE);
    const rows = ws.getRows(2, ws.rowCount - 1)!;
    expect(rows).toHaveLength(expected!.n);
    expect(rows.reduce((s, r) => s + Number(r.getCell(7).value), 0)).toBe(Number(expected!.fen));
    expect(new Set(rows.map((r) => r.getCell(4).value))).toEqual(new Set(['最低生活保障']));
    const periods = rows.map((r) => String(r.getCell(1).value));
    expect(periods).toEqual([...periods].sort());
    // a street and one month
    const street = await xlsx({ division: `${district}002`, from: '2026-04' }, officer);
    const wb2 = new ExcelJS.Workbook();
    const b2 = street.body as Buffer;
    await wb2.xlsx.load(b2.buffer.slice(b2.byteOffset, b2.byteOffset + b2.length) as ArrayBuffer);
    const [n2] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".payments WHERE jurisdiction LIKE $1 AND period = '2026-04'`, [`${district}002%`]);
    expect(wb2.getWorksheet('发放台账')!.rowCount - 1).toBe(n2!.n);
  });

  it('format=csv: the same rows as CSV (UTF-8 with BOM), amounts in exact 元', async () => {
    const officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district })}`;
    const res = await xlsx({ division: district, from: '2026-03', program: 'LOW_INCOME_MARGINAL', format: 'csv' }, officer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (res.body as Buffer).toString('utf8').split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('\ufeff发放月份,社区(村)代码,案件编号,保障类别,发放类型,状态,金额(分),金额(元),发放日期,付款编号');
    const expected = await t.sql<{ case_number: string; amount_fen: string }>(
      `SELECT case_number, amount_fen FROM "${t.schema}".payments WHERE jurisdiction LIKE $1 AND period = '2026-03' AND program = 'LOW_INCOME_MARGINAL'`,
      [`${district}%`],
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(expected.length);
    const byCase = new Map(expected.map((e) => [e.case_number, Number(e.amount_fen)]));
    for (const r of rows) {
      const fen = byCase.get(r[2]!)!;
      expect([r[0], r[3], Number(r[6])]).toEqual(['2026-03', '低保边缘家庭', fen]);
      expect(r[7]).toBe(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
    }
  });

  it('bad months or programme → 400 naming the fields; another district → 403', async () => {
    const officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district })}`;
    const bad = await request(t.app.getHttpServer()).get('/disbursement/ledgers/payments').query({ division: district, from: '2026-13', program: 'X' }).set('Authorization', officer);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'program', 'to']);
    const badFormat = await request(t.app.getHttpServer()).get('/disbursement/ledgers/payments').query({ division: district, from: '2026-03', format: 'pdf' }).set('Authorization', officer);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.errors.map((e: { field: string }) => e.field)).toEqual(['format']);
    const other = await request(t.app.getHttpServer()).get('/disbursement/ledgers/payments').query({ division: '110101', from: '2026-03' }).set('Authorization', officer);
    expect(other.status).toBe(403);
  });
});
