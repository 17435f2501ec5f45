/** The ledger's CSV read chunk by chunk gives the same rows as the whole text, wherever the chunks end. */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRowsOf, ledgerFormatOf, ledgerRowsOf, parseCsv } from './ledger-file';

const SAMPLE = readFileSync(join(__dirname, '../../../../deploy/samples/caseload-ledger.csv'));
const TRICKY = Buffer.from('\ufeff户编号,姓名,备注\r\nH-1,"王,建国","说""是""\r\n第二行"\r\nH-2,李娜,\nH-3,"",末尾', 'utf8');

async function chunked(bytes: Buffer, size: number): Promise<string[][]> {
  const chunks = function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
  const rows: string[][] = [];
  for await (const row of csvRowsOf((async function* () { yield* chunks(); })())) rows.push(row);
  return rows;
}

describe('ledger CSV read as a stream', () => {
  it('given the whole text, quoted commas, doubled quotes, line breaks in a cell, CRLF and LF and no final newline', () => {
    expect(parseCsv(TRICKY.toString('utf8'))).toEqual([
      ['户编号', '姓名', '备注'],
      ['H-1', '王,建国', '说"是"\r\n第二行'],
      ['H-2', '李娜', ''],
      ['H-3', '', '末尾'],
    ]);
  });

  it('when read in chunks of any size (splitting quotes, CRLF and multi-byte characters), then the same rows', async () => {
    for (const file of [TRICKY, SAMPLE]) {
      const whole = parseCsv(file.toString('utf8'));
      for (const size of [1, 2, 3, 5, 7, 64, 4096]) expect(await chunked(file, size)).toEqual(whole);
    }
  });
});

describe('a spooled ledger read row by row (each pass of an import)', () => {
  it('CSV and .xlsx (told apart by their bytes) give the same numbered rows; an .xlsx row left empty keeps the numbering', async () => {
    const rows = parseCsv(SAMPLE.toString('utf8'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    rows.forEach((r, i) => ws.getRow(i === 0 ? 1 : i + 2).values = r); // a blank row 2: data from row 3
    const dir = await mkdtemp(join(tmpdir(), 'ledger-file-'));
    try {
      await writeFile(join(dir, 'csv'), SAMPLE);
      await writeFile(join(dir, 'xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
      expect(await ledgerFormatOf(join(dir, 'csv'))).toBe('csv');
      expect(await ledgerFormatOf(join(dir, 'xlsx'))).toBe('xlsx');
      const read = async (name: string, format: 'csv' | 'xlsx') => {
        const out: { row: number; cells: string[] }[] = [];
        for await (const r of ledgerRowsOf(join(dir, name), format)) out.push(r);
        return out;
      };
      expect(await read('csv', 'csv')).toEqual(rows.map((cells, i) => ({ row: i + 1, cells })));
      const fromXlsx = await read('xlsx', 'xlsx');
      expect(fromXlsx.map((r) => r.row)).toEqual([1, ...rows.slice(1).map((_, i) => i + 3)]);
      // exceljs leaves trailing empty cells out: compare the cells it gives
      fromXlsx.forEach((r, i) => expect(r.cells).toEqual(rows[i]!.slice(0, r.cells.length)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
