import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';

/** RFC 4180 CSV (quoted fields, "" escapes, CRLF or LF), UTF-8 with or without BOM → rows of cell text. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel dates have no zone: exceljs reads them as UTC midnight of the civil date.
    return v.toISOString().slice(0, 10);
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** The first worksheet of an .xlsx, streamed (exceljs WorkbookReader) → rows of cell text. */
export async function readXlsxRows(bytes: Buffer): Promise<string[][]> {
  const rows: string[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells: string[] = [];
      const values = row.values as ExcelJS.CellValue[];
      for (let c = 1; c < values.length; c++) cells[c - 1] = cellText(values[c]);
      for (let c = 0; c < cells.length; c++) cells[c] ??= '';
      rows[row.number - 1] = cells;
    }
    break; // the first worksheet only
  }
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  return rows;
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** CSV or .xlsx by the bytes (a zip is an .xlsx), never by the client's Content-Type. */
export async function readLedgerRows(bytes: Buffer): Promise<{ format: 'csv' | 'xlsx'; rows: string[][] }> {
  if (bytes.subarray(0, 4).equals(XLSX_MAGIC)) return { format: 'xlsx', rows: await readXlsxRows(bytes) };
  return { format: 'csv', rows: parseCsv(bytes.toString('utf8')) };
}
