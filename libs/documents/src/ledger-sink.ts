import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** One column of a ledger (台账): its Chinese heading, the row key, the .xlsx column width. */
export interface LedgerColumn {
  header: string;
  key: string;
  width?: number;
}

export type LedgerFormat = 'xlsx' | 'csv';
export const LEDGER_FORMATS: readonly LedgerFormat[] = ['xlsx', 'csv'];

export const LEDGER_MEDIA_TYPES: Record<LedgerFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export type LedgerCell = string | number | null | undefined;

/** Where ledger rows go, one at a time: nothing but the current row (and exceljs' zip window) is held. */
export interface LedgerSink {
  /** Writes one row; resolves when the output can take more (backpressure). */
  add(row: Record<string, LedgerCell>): Promise<void>;
  /** Finishes the file (the .xlsx's closing parts; the CSV's last bytes). */
  end(): Promise<void>;
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. */
export function csvCell(value: LedgerCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** 元 from integer 分, exactly (no floating point): 104050 → "1040.50". */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk, 'utf8')) await once(out, 'drain');
}

/**
 * A streamed ledger: .xlsx through exceljs' WorkbookWriter (each row committed as it is added, no
 * shared strings, so memory does not grow with the rows), or CSV (UTF-8 with BOM, so Excel reads the
 * Chinese headings; CRLF) written straight to `out` with backpressure.
 */
export function openLedgerSink(out: Writable, format: LedgerFormat, sheetName: string, columns: readonly LedgerColumn[]): LedgerSink {
  if (format === 'csv') {
    let started = false;
    const line = (cells: LedgerCell[]) => `${cells.map(csvCell).join(',')}\r\n`;
    return {
      async add(row) {
        if (!started) {
          started = true;
          await write(out, `\ufeff${line(columns.map((c) => c.header))}`);
        }
        await write(out, line(columns.map((c) => row[c.key])));
      },
      async end() {
        if (!started) await write(out, `\ufeff${line(columns.map((c) => c.header))}`);
        out.end();
      },
    };
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  wb.creator = 'social-assistance';
  const ws = wb.addWorksheet(sheetName);
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, ...(c.width ? { width: c.width } : {}) }));
  return {
    async add(row) {
      ws.addRow(row).commit();
      // exceljs writes to `out` through its zip stream: wait when the response is full
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      ws.commit();
      await wb.commit();
    },
  };
}
