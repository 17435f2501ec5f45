/**
 * What the file imports of the workbench share (数据比对导入, 存量台账迁入): the shape of a refused file's error rows,
 * the counts of a done import, and the refusals as a CSV the officer downloads to correct the file at their desk.
 * Pure (no DOM), for the unit tests; `components/FileImportResult.vue` shows it.
 */

/** One error of a refused file: its row (null when the whole file or a header), the column, the message in Chinese. */
export interface ImportErrorRow {
  row: number | null;
  column: string;
  message: string;
}

/** One figure of a done import (行数, 相符, 新建案件…); `test` is its data-test name. */
export interface ImportCount {
  label: string;
  value: number | string;
  test?: string;
}

/** A done import as the result block shows it: the sentence, the figures, the file's SHA-256. */
export interface ImportDone {
  summary: string;
  counts: ImportCount[];
  fileDigest: string;
}

/** A CSV cell: quoted when needed; a leading = + - @ is kept as text, so a spreadsheet never runs it as a formula. */
function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The refusals as CSV (UTF-8 with BOM, so Excel opens the Chinese right; CRLF): 行号,列,问题, one line per error. */
export function refusalsCsv(rows: readonly ImportErrorRow[]): string {
  const lines = [['行号', '列', '问题'].join(','), ...rows.map((r) => [cell(r.row), cell(r.column), cell(r.message)].join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `DEATH.csv` → `DEATH-错误清单.csv`; no file name → `错误清单.csv`. */
export function refusalsFileName(fileName: string | null | undefined): string {
  const base = (fileName ?? '').replace(/\.(csv|xlsx)$/i, '').replace(/[\\/:*?"<>|]/g, '_').trim();
  return base ? `${base}-错误清单.csv` : '错误清单.csv';
}
