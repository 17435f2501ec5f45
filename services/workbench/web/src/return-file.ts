/**
 * 银行回盘 (the bank's return file): what the officer is about to upload, read for the preview, and the
 * disbursement service's refusals in Chinese. The service parses the file again and stays the
 * authority (`services/disbursement/src/bank/bank-file.ts`, `parseReturnFile`); nothing here decides.
 *
 * Format: CSV, header `payment_id,reason_code,bank_message`, one line per payment the bank sent back;
 * the header alone means every payment of the run arrived.
 */
import { RETURN_REASON } from './back-office-labels';
// The reading shared with the service (pure, dependency-free: bundled by itself, not the contracts index).
import { readReturnFile, RETURN_FILE_HEADER, type ReturnFileRow } from '../../../../libs/contracts/src/bank-return-file';

export { RETURN_FILE_HEADER };

export type ReturnedLine = ReturnFileRow;

export interface ReturnFilePreview {
  headerOk: boolean;
  returned: ReturnedLine[];
}

/** The preview of a return file: its header and the payments it says were sent back. */
export function previewReturnFile(text: string): ReturnFilePreview {
  const file = readReturnFile(text);
  if (file === null) return { headerOk: false, returned: [] };
  return { headerOk: file.headerOk, returned: file.rows.map((r) => ({ ...r, paymentId: r.paymentId.toLowerCase() })) };
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
