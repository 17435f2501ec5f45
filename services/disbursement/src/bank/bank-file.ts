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
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
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

/**
 * The detail lines of one batch, numbered from `firstSeq`, as the text of a part of the run's file (each
 * line ends with LF). Lines in ascending entitlement order, an entitlement's lines by payment id.
 */
export function detailLinesText(firstSeq: number, runId: string, lines: readonly BankFileLine[]): string {
  let text = '';
  lines.forEach((l, i) => (text += `${detailLine(firstSeq + i, runId, l)}\n`));
  return text;
}

/** A part of a bank file being built (a batch's detail lines), its text and what it adds up to. */
export interface BankFilePartText {
  text: string;
  lineCount: number;
  amountFen: number;
}

/** Port: where bank files go (local directory here; an SFTP drop or a bank API in production). */
export interface BankFileWriter {
  write(fileRef: string, runId: string, lines: AsyncIterable<BankFileLine>): Promise<WrittenBankFile>;
  /**
   * Stores a part of a file being built (a payment run writes one per batch, before the batch commits),
   * atomically. A part ref names one content (the run puts the text's digest in it): never overwritten
   * with something else.
   */
  writePart(partRef: string, text: string): Promise<void>;
  /** A stored part's text, or null when there is none. */
  readPart(partRef: string): Promise<string | null>;
  /** The file from its parts: header, the parts' texts in the order given, trailer with their totals; atomically, hashed as written. */
  assemble(fileRef: string, runId: string, parts: AsyncIterable<BankFilePartText>): Promise<WrittenBankFile>;
  /** Removes the parts stored under a prefix (once the file they made is recorded). */
  removeParts(prefix: string): Promise<void>;
}

export const BANK_FILE_WRITER = Symbol('BANK_FILE_WRITER');

/** Writes the file under a directory, atomically (temp file + rename), and returns its checksum and totals. */
export class LocalDirectoryBankFileWriter implements BankFileWriter {
  constructor(private readonly directory: string) {}

  async write(fileRef: string, runId: string, lines: AsyncIterable<BankFileLine>): Promise<WrittenBankFile> {
    return this.atomically(fileRef, runId, async (put) => {
      let count = 0;
      let total = 0;
      for await (const l of lines) {
        count++;
        total += l.amountFen;
        await put(`${detailLine(count, runId, l)}\n`);
      }
      return { count, total };
    });
  }

  async assemble(fileRef: string, runId: string, parts: AsyncIterable<BankFilePartText>): Promise<WrittenBankFile> {
    return this.atomically(fileRef, runId, async (put) => {
      let count = 0;
      let total = 0;
      for await (const part of parts) {
        count += part.lineCount;
        total += part.amountFen;
        await put(part.text);
      }
      return { count, total };
    });
  }

  async writePart(partRef: string, text: string): Promise<void> {
    const path = this.pathOf(partRef);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  }

  async readPart(partRef: string): Promise<string | null> {
    try {
      return await readFile(this.pathOf(partRef), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async removeParts(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }

  private pathOf(ref: string): string {
    const path = resolve(this.directory, ref);
    if (!path.startsWith(resolve(this.directory) + sep)) throw new Error(`bank file ref outside the directory: ${ref}`);
    return path;
  }

  /** Header, the body `fill` writes (detail lines), trailer: to a temp file renamed into place; hashed as written. */
  private async atomically(
    fileRef: string,
    runId: string,
    fill: (put: (text: string) => Promise<void>) => Promise<{ count: number; total: number }>,
  ): Promise<WrittenBankFile> {
    const path = this.pathOf(fileRef);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const out = createWriteStream(tmp, { encoding: 'utf8' });
    const hash = createHash('sha256');
    const put = async (text: string): Promise<void> => {
      hash.update(text);
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
    };
    let totals: { count: number; total: number };
    try {
      await put(`${BANK_FILE_HEADER}\n`);
      totals = await fill(put);
      await put(`${trailerLine(totals.count, totals.total, runId)}\n`);
    } finally {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    await rename(tmp, path);
    return { fileRef, sha256: hash.digest('hex'), paymentCount: totals.count, totalAmountFen: totals.total };
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
