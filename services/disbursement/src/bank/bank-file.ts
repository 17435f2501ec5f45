/**
 * Bank payment file (代发文件) — layout, version 1. UTF-8 CSV (RFC 4180), LF line ends:
 *
 *   line 1        header:  record,seq,payment_id,case_number,recipient_name,bank_account_ref,amount_fen,amount_yuan,program,period,run_id
 *   lines 2..n+1  one per payment, record = D, seq from 1, in ascending entitlement order;
 *                 amount_fen an integer, amount_yuan the same amount as yuan with two decimals (`1300.00`)
 *   last line     trailer: record = T, seq = payment count, amount_fen / amount_yuan = totals, run_id
 *
 * The account is a reference into the bank-account registry (events and files never carry the
 * number); the bank's gateway resolves it. A return file comes back as
 *
 *   payment_id,reason_code,bank_message        (header, then one line per returned payment;
 *                                               reason_code one of ACCOUNT_CLOSED, ACCOUNT_FROZEN,
 *                                               ACCOUNT_NOT_FOUND, NAME_MISMATCH, RECIPIENT_DECEASED, OTHER)
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DomainError } from '@sa/decider';
import { readReturnFile, RETURN_FILE_HEADER } from '@sa/contracts';
import { RETURN_REASON_CODES, type ReturnReasonCode } from '../domain';

export const BANK_FILE_HEADER =
  'record,seq,payment_id,case_number,recipient_name,bank_account_ref,amount_fen,amount_yuan,program,period,run_id';

export interface BankFileLine {
  paymentId: string;
  caseNumber: string;
  recipientName: string;
  bankAccountRef: string;
  amountFen: number;
  program: string;
  period: string;
}

/** Integer fen → yuan text with two decimals, without floating point. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function detailLine(seq: number, runId: string, l: BankFileLine): string {
  return ['D', seq, l.paymentId, l.caseNumber, l.recipientName, l.bankAccountRef, l.amountFen, fenToYuan(l.amountFen), l.program, l.period, runId]
    .map(csvField)
    .join(',');
}

export function trailerLine(count: number, totalFen: number, runId: string): string {
  return ['T', count, '', '', '', '', totalFen, fenToYuan(totalFen), '', '', runId].join(',');
}

export interface WrittenBankFile {
  fileRef: string;
  sha256: string;
  paymentCount: number;
  totalAmountFen: number;
}

/** Port: where bank files go (local directory here; an SFTP drop or a bank API in production). */
export interface BankFileWriter {
  write(fileRef: string, runId: string, lines: AsyncIterable<BankFileLine>): Promise<WrittenBankFile>;
}

export const BANK_FILE_WRITER = Symbol('BANK_FILE_WRITER');

/** Writes the file under a directory, atomically (temp file + rename), and returns its checksum and totals. */
export class LocalDirectoryBankFileWriter implements BankFileWriter {
  constructor(private readonly directory: string) {}

  async write(fileRef: string, runId: string, lines: AsyncIterable<BankFileLine>): Promise<WrittenBankFile> {
    const path = join(this.directory, fileRef);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const out = createWriteStream(tmp, { encoding: 'utf8' });
    const hash = createHash('sha256');
    const put = async (text: string): Promise<void> => {
      const line = `${text}\n`;
      hash.update(line);
      if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', resolve));
    };
    let count = 0;
    let total = 0;
    try {
      await put(BANK_FILE_HEADER);
      for await (const l of lines) {
        count++;
        total += l.amountFen;
        await put(detailLine(count, runId, l));
      }
      await put(trailerLine(count, total, runId));
    } finally {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    await rename(tmp, path);
    return { fileRef, sha256: hash.digest('hex'), paymentCount: count, totalAmountFen: total };
  }
}

export interface ReturnLine {
  paymentId: string;
  reason: { code: ReturnReasonCode; bankMessage?: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a return file (read as @sa/contracts reads it for everyone); refuses it whole (naming the line) when a line is malformed. */
export function parseReturnFile(text: string): ReturnLine[] {
  const file = readReturnFile(text);
  if (file === null) return [];
  if (!file.headerOk) {
    throw new DomainError('invalid_return_file', `The return file must start with the header ${RETURN_FILE_HEADER}`, { field: 'returnFile' });
  }
  return file.rows.map(({ line, paymentId, reasonCode: code, bankMessage }) => {
    if (!UUID.test(paymentId) || !(RETURN_REASON_CODES as readonly string[]).includes(code)) {
      throw new DomainError('invalid_return_file', `Line ${line} of the return file is not a payment id and a known reason code`, {
        field: `returnFile[${line}]`,
      });
    }
    return { paymentId: paymentId.toLowerCase(), reason: { code: code as ReturnReasonCode, ...(bankMessage ? { bankMessage } : {}) } };
  });
}
