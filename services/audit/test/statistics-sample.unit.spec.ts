/**
 * The README's sample monthly report (deploy/samples/statistics-2027-01.csv / .xlsx) is what the sample ledger gives:
 * regenerated here from deploy/samples/caseload-ledger.csv (eligibility's reader and decider → CaseMigrated, a payment
 * batch, a return after the month end) and compared with the committed CSV; the .xlsx's sheets and figures are read back.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statisticsCsv } from '../src/domain/statistics';
import { sampleReport, SAMPLE_MONTH } from '../../../deploy/samples/statistics-sample';

const SAMPLES = join(__dirname, '../../../deploy/samples');

describe('the sample monthly report (README)', () => {
  const report = sampleReport();

  it('the committed CSV is the report of the sample ledger, 特困分散供养 counted as 分散供养', () => {
    expect(readFileSync(join(SAMPLES, `statistics-${SAMPLE_MONTH}.csv`), 'utf8')).toBe(statisticsCsv(report));
    expect(report.rows.find((r) => r.program === 'EXTREME_POVERTY_SUPPORT')).toMatchObject({ persons: 1, dispersedPersons: 1, centralizedPersons: 0, elderly: 1, disabled: 1 });
    expect(report.totals).toMatchObject({ households: 2, persons: 4, elderly: 3, minors: 1, householdsWithoutCoverage: 0, standardFenTotal: 116000 + 185000 });
    // the return after the month end is a correction: 月末数 vs 更正后
    expect(report.asReported.totals.returnedFen).toBe(0);
    expect(report.corrections).toEqual(
      expect.arrayContaining([{ table: 'rows', division: '330106', program: 'EXTREME_POVERTY_SUPPORT', field: 'returnedFen', reported: 0, corrected: 185000 }]),
    );
  });

  it('the committed .xlsx has the four sheets with the same figures', async () => {
    const wb = new ExcelJS.Workbook();
    const bytes = readFileSync(join(SAMPLES, `statistics-${SAMPLE_MONTH}.xlsx`));
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([`${SAMPLE_MONTH} 月报`, '月末数', '过程指标', '更正明细']);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('社会救助民政统计月报（2027年1月）');
    const headings = (ws.getRow(3).values as unknown[]).slice(1);
    const total = ws.getRow(4 + report.rows.length);
    expect(total.getCell(1).value).toBe('合计');
    for (const [heading, value] of [['户数', report.totals.households], ['人数', report.totals.persons], ['特困分散供养人数', report.totals.dispersedPersons], ['净支出(分)', report.totals.netFen]] as const) {
      expect(total.getCell(headings.indexOf(heading) + 1).value).toBe(value);
    }
    expect(wb.getWorksheet('更正明细')!.rowCount).toBe(3 + report.corrections.length);
  });
});
