/**
 * 银行回盘 (the bank's return file): what the officer is about to upload, read for the preview, and the
 * disbursement service's refusals in Chinese. The service parses the file again and stays the
 * authority (`services/disbursement/src/bank/bank-file.ts`, `parseReturnFile`); nothing here decides.
 *
 * Format: CSV, header `payment_id,reason_code,bank_message`, one line per payment the bank sent back;
 * the header alone means every payment of the run arrived.
 */
import { RETURN_REASON } from './back-office-labels';

export const RETURN_FILE_HEADER = 'payment_id,reason_code,bank_message';

export interface ReturnedLine {
  /** Line number in the file (the header is line 1). */
  line: number;
  paymentId: string;
  reasonCode: string;
  bankMessage: string;
}

export interface ReturnFilePreview {
  headerOk: boolean;
  returned: ReturnedLine[];
}

/** Splits one CSV line (quoted fields, doubled quotes) as the service does. */
function csvFields(line: string): string[] {
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

/** The preview of a return file: its header and the payments it says were sent back. */
export function previewReturnFile(text: string): ReturnFilePreview {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return { headerOk: false, returned: [] };
  const [header, ...rows] = lines;
  return {
    headerOk: csvFields(header!).join(',') === RETURN_FILE_HEADER,
    returned: rows.map((row, i) => {
      const [paymentId = '', reasonCode = '', bankMessage = ''] = csvFields(row);
      return { line: i + 2, paymentId: paymentId.toLowerCase(), reasonCode, bankMessage };
    }),
  };
}

/** The Chinese label of a return reason code (unknown codes as they are). */
export function returnReasonText(code: string): string {
  return RETURN_REASON[code] ?? `未知原因代码 ${code}`;
}

/**
 * A refusal of `POST /disbursement/payment-runs/:runId/bank-confirmation` in Chinese, from the
 * problem's code and field (`returnFile` or `returnFile[<line>]`).
 */
export function returnFileProblemText(code: string, field: string | undefined): string | null {
  const line = field ? /^returnFile\[(\d+)\]$/.exec(field)?.[1] : undefined;
  if (code === 'invalid_return_file') {
    return line ? `第 ${line} 行不是有效的支付编号和退回原因代码` : `回盘文件格式不正确:首行应为 ${RETURN_FILE_HEADER}`;
  }
  if (code === 'payment_not_in_run') return `第 ${line ?? '?'} 行的支付编号不属于本发放批次`;
  if (code === 'payment_already_returned') return '回盘文件中同一笔支付出现了两次';
  if (code === 'bank_file_not_written') return '本批次的银行文件尚未生成或已登记过回盘,不能再次登记';
  return null;
}
