/**
 * The README's sample households ledger (deploy/samples/households-ledger-330106.csv / .xlsx) is what the service's own
 * row mapping and sink give for the sample caseload ledger once imported: regenerated from
 * deploy/samples/caseload-ledger.csv and compared with the committed CSV; the .xlsx read back.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_LEDGER_NAME, sampleLedgerCsv } from '../../../deploy/samples/ledger-sample';

const SAMPLES = join(__dirname, '../../../deploy/samples');

describe('the sample households ledger (README)', () => {
  it('the committed CSV is the ledger of the imported sample: one row per member, resident IDs masked, amounts in 元', async () => {
    const csv = await sampleLedgerCsv();
    expect(readFileSync(join(SAMPLES, `${SAMPLE_LEDGER_NAME}.csv`), 'utf8')).toBe(csv);
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(1 + 6);
    expect(lines[1]).toMatch(/^330106001001,XH-2023-0001,最低生活保障,在保,1560\.00,2027-01,3,王建国,3301\*{10}0114,户主,是,/);
    expect(csv).not.toContain('330106195803120114');
  });

  it('the committed .xlsx has the same rows', async () => {
    const wb = new ExcelJS.Workbook();
    const bytes = readFileSync(join(SAMPLES, `${SAMPLE_LEDGER_NAME}.xlsx`));
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    const ws = wb.getWorksheet('救助对象台账')!;
    expect(ws.rowCount).toBe(1 + 6);
    expect([ws.getCell('B2').value, ws.getCell('E2').value, ws.getCell('H2').value]).toEqual(['XH-2023-0001', 1560, '王建国']);
  });
});
