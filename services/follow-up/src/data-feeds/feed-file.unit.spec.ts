import ExcelJS from 'exceljs';
import { FeedFileError, readFeedFile } from './feed-file';

/** A workbook as a department sends it: a header, a date-formatted cell, a blank row, rich text, a second sheet. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('死亡登记');
  ws.addRow(['公民身份号码', '死亡日期', '备注']);
  const dated = ws.addRow(['440305195001011234', new Date(Date.UTC(2026, 2, 1)), 42]);
  dated.getCell(2).numFmt = 'yyyy-mm-dd';
  ws.addRow([]);
  ws.addRow(['440305195001015678', '2026-03-02', { richText: [{ text: '住院' }, { text: '期间' }] }]);
  wb.addWorksheet('说明').addRow(['这张表不读']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readFeedFile (.xlsx through the streaming reader)', () => {
  it('reads the first worksheet only, with row numbers, dates as YYYY-MM-DD, rich text joined and blank rows left out', async () => {
    const table = await readFeedFile(await workbook());
    expect(table).toEqual({
      format: 'xlsx',
      rows: [
        { row: 1, cells: ['公民身份号码', '死亡日期', '备注'] },
        { row: 2, cells: ['440305195001011234', '2026-03-01', '42'] },
        { row: 4, cells: ['440305195001015678', '2026-03-02', '住院期间'] },
      ],
    });
  });

  it('refuses an archive that is not a workbook, and a truncated workbook, as unreadable', async () => {
    const garbage = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]);
    await expect(readFeedFile(garbage)).rejects.toThrow(FeedFileError);
    const bytes = await workbook();
    await expect(readFeedFile(bytes.subarray(0, Math.floor(bytes.length / 2)))).rejects.toThrow(FeedFileError);
  });

  it('reads CSV with a BOM, quotes and CRLF', async () => {
    const table = await readFeedFile(Buffer.from('\uFEFF公民身份号码,备注\r\n440305195001011234,"a,""b"""\r\n\r\n', 'utf8'));
    expect(table).toEqual({ format: 'csv', rows: [{ row: 1, cells: ['公民身份号码', '备注'] }, { row: 2, cells: ['440305195001011234', 'a,"b"'] }] });
  });
});
