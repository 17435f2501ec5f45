import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * RFC 4180 CSV (quoted fields, "" escapes, CRLF or LF), UTF-8 with or without BOM, parsed
 * incrementally: `push` takes the text chunk by chunk (a chunk may end anywhere, inside a quoted cell
 * or between CR and LF) and returns the rows completed so far; `end` returns the last one.
 */
export class CsvRowParser {
  private row: string[] = [];
  private cell = '';
  private quoted = false;
  /** The previous chunk ended on a quote inside a quoted cell: an escape ("") or the closing quote. */
  private quoteAtEnd = false;
  /** The previous chunk ended on CR: an LF starting the next one belongs to it. */
  private crAtEnd = false;
  private started = false;

  push(chunk: string): string[][] {
    const rows: string[][] = [];
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (chunk[i] === '\n') i++;
    }
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (chunk[i] === '"') {
        this.cell += '"';
        i++;
      } else this.quoted = false;
    }
    for (; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.quoted) {
        if (ch === '"') {
          if (i + 1 === chunk.length) this.quoteAtEnd = true;
          else if (chunk[i + 1] === '"') {
            this.cell += '"';
            i++;
          } else this.quoted = false;
        } else this.cell += ch;
      } else if (ch === '"' && this.cell === '') this.quoted = true;
      else if (ch === ',') {
        this.row.push(this.cell);
        this.cell = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') {
          if (i + 1 === chunk.length) this.crAtEnd = true;
          else if (chunk[i + 1] === '\n') i++;
        }
        this.row.push(this.cell);
        rows.push(this.row);
        this.row = [];
        this.cell = '';
      } else this.cell += ch;
    }
    return rows;
  }

  end(): string[][] {
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    if (this.cell === '' && this.row.length === 0) return [];
    this.row.push(this.cell);
    const last = this.row;
    this.row = [];
    this.cell = '';
    return [last];
  }
}

/** A whole CSV text → rows of cell text. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvRowParser();
  return [...parser.push(text), ...parser.end()];
}

/** CSV rows read from a byte stream (a spooled upload), decoded as UTF-8 chunk by chunk. */
export async function* csvRowsOf(bytes: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  const parser = new CsvRowParser();
  for await (const chunk of bytes) yield* parser.push(decoder.write(chunk));
  yield* parser.push(decoder.end());
  yield* parser.end();
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

/** A row of a ledger file: its 1-based row number and its cells' text. */
export interface LedgerRow {
  row: number;
  cells: string[];
}

/** The rows of the first worksheet of an .xlsx, one at a time (exceljs WorkbookReader; rows with no cell are skipped). */
export async function* xlsxRowsOf(bytes: Buffer | Readable): AsyncGenerator<LedgerRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells: string[] = [];
      const values = row.values as ExcelJS.CellValue[];
      for (let c = 1; c < values.length; c++) cells[c - 1] = cellText(values[c]);
      for (let c = 0; c < cells.length; c++) cells[c] ??= '';
      yield { row: row.number, cells };
    }
    break; // the first worksheet only
  }
}

/** The first worksheet of an .xlsx, streamed (exceljs WorkbookReader) → rows of cell text. */
export async function readXlsxRows(bytes: Buffer | Readable): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const { row, cells } of xlsxRowsOf(bytes)) rows[row - 1] = cells;
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  return rows;
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The rows of a ledger spooled to a file (the upload is never held whole): CSV or .xlsx by its first
 * bytes (a zip is an .xlsx, never by the client's Content-Type), read as a stream (the CSV chunk by chunk, the .xlsx through exceljs' WorkbookReader).
 */
export async function readLedgerFile(path: string): Promise<{ format: 'csv' | 'xlsx'; rows: string[][] }> {
  const format = await ledgerFormatOf(path);
  const rows: string[][] = [];
  for await (const { row, cells } of ledgerRowsOf(path, format)) rows[row - 1] = cells;
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  return { format, rows };
}

/** CSV or .xlsx, by the file's first bytes (a zip is an .xlsx), never by the client's Content-Type. */
export async function ledgerFormatOf(path: string): Promise<'csv' | 'xlsx'> {
  const head = Buffer.alloc(4);
  const fh = await open(path, 'r');
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  return head.equals(XLSX_MAGIC) ? 'xlsx' : 'csv';
}

/** The rows of a spooled ledger one at a time, read from the file as a stream (each pass of an import reads it again). */
export async function* ledgerRowsOf(path: string, format: 'csv' | 'xlsx'): AsyncGenerator<LedgerRow> {
  if (format === 'xlsx') {
    yield* xlsxRowsOf(createReadStream(path));
    return;
  }
  let row = 0;
  for await (const cells of csvRowsOf(createReadStream(path, { highWaterMark: 256 * 1024 }))) yield { row: ++row, cells };
}
