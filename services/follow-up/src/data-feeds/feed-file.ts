import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';

/** One non-blank row of a file: its 1-based row number (the header is row 1) and its cells' text. */
export interface FeedRow {
  row: number;
  cells: string[];
}

/** A department's file as rows of cell text (the first is the header). */
export interface FeedTable {
  format: 'csv' | 'xlsx';
  rows: FeedRow[];
}

const nonBlank = (rows: FeedRow[]) => rows.filter((r) => r.cells.some((c) => c.trim() !== ''));

export class FeedFileError extends Error {}

const isXlsx = (bytes: Buffer) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** CSV (UTF-8, optional BOM, RFC 4180 quotes, CRLF or LF) or Excel .xlsx (first worksheet), sniffed from the bytes. */
export async function readFeedFile(bytes: Buffer): Promise<FeedTable> {
  if (isXlsx(bytes)) return { format: 'xlsx', rows: await readXlsx(bytes) };
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) throw new FeedFileError('The file is neither an .xlsx workbook nor UTF-8 CSV');
  return { format: 'csv', rows: nonBlank(parseCsv(text).map((cells, i) => ({ row: i + 1, cells }))) };
}

export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      cell = '';
      rows.push(row);
      row = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else cell += ch;
    i++;
  }
  if (quoted) throw new FeedFileError('A quoted CSV cell is not closed');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/**
 * The first worksheet, read with exceljs's streaming reader: the workbook is never held whole (the
 * non-streaming `Workbook.xlsx.load` held 1.8 GB for 100,000 rows); only the rows' cell text is kept.
 * Styles are cached (small) so that date-formatted cells arrive as dates, not Excel serial numbers.
 */
async function readXlsx(bytes: Buffer): Promise<FeedRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const rows: FeedRow[] = [];
  try {
    for await (const sheet of reader) {
      for await (const r of sheet) {
        const cells: string[] = [];
        for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
        if (cells.some((cell) => cell.trim() !== '')) rows.push({ row: r.number, cells });
      }
      // The first worksheet only: the rest of the archive is not parsed.
      break;
    }
  } catch {
    throw new FeedFileError('The .xlsx workbook cannot be read');
  }
  return rows;
}
