/**
 * The bank's return file (银行回盘), read the same way by the disbursement service (which parses it and
 * stays the authority: `services/disbursement/src/bank/bank-file.ts`, `parseReturnFile`) and by the
 * workbench's upload preview (`services/workbench/web/src/return-file.ts`). Pure and dependency-free:
 * the web build bundles this file by itself.
 *
 * Format: UTF-8 CSV (RFC 4180 quoting), header `payment_id,reason_code,bank_message`, one line per
 * payment the bank sent back; the header alone means every payment of the run arrived.
 */
export const RETURN_FILE_HEADER = 'payment_id,reason_code,bank_message';

/** One line of a return file, as written (trimmed fields; not yet validated). */
export interface ReturnFileRow {
  /** Line number in the file (the header is line 1; blank lines are not counted). */
  line: number;
  paymentId: string;
  reasonCode: string;
  bankMessage: string;
}

/** Splits one CSV line: quoted fields, doubled quotes inside them; fields trimmed. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/**
 * The file's header check and its rows (byte-order mark and blank lines dropped); `null` for an
 * empty file. Validating the payment ids and reason codes is the reader's business.
 */
export function readReturnFile(text: string): { headerOk: boolean; rows: ReturnFileRow[] } | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const [header, ...rows] = lines;
  return {
    headerOk: splitCsvLine(header!).join(',') === RETURN_FILE_HEADER,
    rows: rows.map((row, i) => {
      const [paymentId = '', reasonCode = '', bankMessage = ''] = splitCsvLine(row);
      return { line: i + 2, paymentId, reasonCode, bankMessage };
    }),
  };
}
