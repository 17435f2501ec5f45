/**
 * Payment run (发放批次): one district's payments for one month. Stream `paymentRun-<runId>`, the run
 * id derived from (district, period), so a second start of the same run lands on the same stream.
 *
 * Entitlements are paid in ascending entitlement-id order, batch by batch. The run remembers the last
 * entitlement id it covered (its cursor): a batch must continue exactly from the cursor and may only
 * name entitlements after it, so no entitlement can be paid twice for the run's month — the domain
 * refuses — however often a batch is retried, by however many executors.
 *
 * A batch is ONE event, `PaymentBatchIssued`, carrying every payment line with the decision it traces
 * to (a 1,000,000-entitlement run is a thousand appends, not a million). Streams written before it hold
 * one `PaymentIssued` per payment and a `PaymentBatchProcessed` per batch; both are still folded.
 */
import { DomainError, type Decider, type DomainEvent } from '@sa/decider';
import type { Program, Recipient } from './entitlement';
import { addMonths, assertFen, assertYearMonth, type YearMonth } from './period';
import type { ArrearsLine, OffsetLine } from './recovery';

export const PAYMENT_RUN_CATEGORY = 'paymentRun';
export const paymentRunStreamId = (runId: string): string => `${PAYMENT_RUN_CATEGORY}-${runId}`;

export type ReturnReasonCode = 'ACCOUNT_CLOSED' | 'ACCOUNT_FROZEN' | 'ACCOUNT_NOT_FOUND' | 'NAME_MISMATCH' | 'RECIPIENT_DECEASED' | 'OTHER';
export const RETURN_REASON_CODES: readonly ReturnReasonCode[] = [
  'ACCOUNT_CLOSED',
  'ACCOUNT_FROZEN',
  'ACCOUNT_NOT_FOUND',
  'NAME_MISMATCH',
  'RECIPIENT_DECEASED',
  'OTHER',
];

/** One payment of a run, as issued. */
export interface PaymentLine {
  paymentId: string;
  entitlementId: string;
  caseId: string;
  caseNumber: string;
  program: Program;
  jurisdiction: string;
  amountFen: number;
  /** The decision that sets the month's amount. */
  decisionId: string;
  recipient: Recipient;
  /** Regular payments: taken off the month's amount to recover an overpayment (amountFen is what is paid, after it). */
  offsetFen?: number;
}

/** An entitlement looked at by the run but not paid (suspended, terminated, not started, nothing owed…). */
export interface HeldLine {
  entitlementId: string;
  caseId: string;
  status: string;
}

// ---- events -------------------------------------------------------------------------------------

export type PaymentRunStarted = DomainEvent<
  'PaymentRunStarted',
  { runId: string; district: string; period: YearMonth; total: number; asOf: string; startedAt: string }
>;
/** One payment of a run as issued: the month's regular payment, or an arrears (补发) line (the shape of the integration event's data). */
export type IssuedPayment = PaymentLine & { runId: string; period: YearMonth; kind: 'REGULAR' | 'ARREARS'; issuedOn: string };
/** Runs started before the batch event (one event per payment, then a `PaymentBatchProcessed`): still read. */
export type PaymentIssued = DomainEvent<'PaymentIssued', IssuedPayment>;
/** Runs started before the batch event: the summary that followed a batch's `PaymentIssued` events. */
export type PaymentBatchProcessed = DomainEvent<
  'PaymentBatchProcessed',
  {
    batchNo: number;
    afterCursor: string;
    lastKey: string;
    paymentCount: number;
    amountFen: number;
    held: HeldLine[];
  }
>;
/**
 * One batch of a run: every payment it issues (each with the decision that sets its amount) and the
 * entitlements it held back, in one event — one hash-chained append per batch, not per payment.
 */
export type PaymentBatchIssued = DomainEvent<
  'PaymentBatchIssued',
  {
    runId: string;
    period: YearMonth;
    batchNo: number;
    afterCursor: string;
    lastKey: string;
    issuedOn: string;
    paymentCount: number;
    amountFen: number;
    payments: PaymentLine[];
    held: HeldLine[];
    /** 补发 settled by this batch: one line per retroactive decision (a bank-file line when amountFen > 0). Absent in older batches. */
    arrears?: ArrearsLine[];
    /** 追回 by offset in this batch: one line per overpayment decision and payment reduced. Absent in older batches. */
    offsets?: OffsetLine[];
  }
>;
export type BankFileWritten = DomainEvent<
  'BankFileWritten',
  { fileRef: string; paymentCount: number; totalAmountFen: number; sha256: string; writtenAt: string }
>;
export type BankConfirmationRecorded = DomainEvent<
  'BankConfirmationRecorded',
  { fileRef: string; confirmedOn: string; acceptedCount: number; returnedCount: number }
>;
export type PaymentReturned = DomainEvent<
  'PaymentReturned',
  {
    payment: PaymentLine & { period: YearMonth };
    runId: string;
    returnedOn: string;
    reason: { code: ReturnReasonCode; bankMessage?: string };
  }
>;
export type PaymentReissued = DomainEvent<
  'PaymentReissued',
  PaymentLine & { runId: string; period: YearMonth; kind: 'REISSUE'; reissueOfPaymentId: string; issuedOn: string; bankFileRef: string }
>;
export type PaymentRunCompleted = DomainEvent<
  'PaymentRunCompleted',
  {
    runId: string;
    district: string;
    period: YearMonth;
    completedAt: string;
    paymentCount: number;
    totalAmountFen: number;
    heldCount: number;
    byProgram: { program: Program; paymentCount: number; totalAmountFen: number }[];
    bankFileRefs: string[];
  }
>;

export type PaymentRunEvent =
  | PaymentRunStarted
  | PaymentIssued
  | PaymentBatchProcessed
  | PaymentBatchIssued
  | BankFileWritten
  | BankConfirmationRecorded
  | PaymentReturned
  | PaymentReissued
  | PaymentRunCompleted;

/**
 * The payments (bank-file lines) an event issues: one for a `PaymentIssued`; for a `PaymentBatchIssued` its
 * regular payments, then its arrears lines with something left to pay (kind ARREARS, decisionId = the
 * retroactive decision); else none.
 */
export function issuedPayments(e: PaymentRunEvent): IssuedPayment[] {
  if (e.type === 'PaymentIssued') return [e.data];
  if (e.type !== 'PaymentBatchIssued') return [];
  const { runId, period, issuedOn } = e.data;
  return [
    ...e.data.payments.map((p) => ({ ...p, runId, period, kind: 'REGULAR' as const, issuedOn })),
    ...arrearsPaid(e.data.arrears).map((a) => ({
      paymentId: a.paymentId,
      entitlementId: a.entitlementId,
      caseId: a.caseId,
      caseNumber: a.caseNumber,
      program: a.program,
      jurisdiction: a.jurisdiction,
      amountFen: a.amountFen,
      decisionId: a.decisionId,
      recipient: a.recipient,
      runId,
      period,
      kind: 'ARREARS' as const,
      issuedOn,
    })),
  ];
}

// ---- state --------------------------------------------------------------------------------------

export type PaymentRunStatus = 'NONE' | 'ISSUING' | 'FILE_WRITTEN' | 'CONFIRMED' | 'COMPLETED';

export interface PaymentRunState {
  status: PaymentRunStatus;
  runId: string;
  district: string;
  period: YearMonth;
  total: number;
  asOf: string;
  /** Last entitlement id covered ('' before the first batch). */
  cursor: string;
  batches: number;
  /** Entitlements looked at: paid + held. */
  done: number;
  paymentCount: number;
  totalAmountFen: number;
  heldCount: number;
  byProgram: Partial<Record<Program, { paymentCount: number; totalAmountFen: number }>>;
  bankFileRefs: string[];
  /** Returned payment id → reissued payment id (null while not reissued). */
  returned: Record<string, string | null>;
  /** Arrears bank-file lines (included in paymentCount / totalAmountFen) and their total. Absent in older snapshots. */
  arrearsCount?: number;
  arrearsAmountFen?: number;
  /** Overpayments recovered by offset in the run. */
  offsetCount?: number;
  offsetAmountFen?: number;
}

export const initialPaymentRunState: PaymentRunState = {
  status: 'NONE',
  runId: '',
  district: '',
  period: '',
  total: 0,
  asOf: '',
  cursor: '',
  batches: 0,
  done: 0,
  paymentCount: 0,
  totalAmountFen: 0,
  heldCount: 0,
  byProgram: {},
  bankFileRefs: [],
  returned: {},
};

export function evolvePaymentRun(state: PaymentRunState, event: PaymentRunEvent): PaymentRunState {
  switch (event.type) {
    case 'PaymentRunStarted': {
      const d = event.data;
      return { ...state, status: 'ISSUING', runId: d.runId, district: d.district, period: d.period, total: d.total, asOf: d.asOf };
    }
    case 'PaymentIssued': {
      const p = event.data;
      const prev = state.byProgram[p.program] ?? { paymentCount: 0, totalAmountFen: 0 };
      return {
        ...state,
        paymentCount: state.paymentCount + 1,
        totalAmountFen: state.totalAmountFen + p.amountFen,
        byProgram: { ...state.byProgram, [p.program]: { paymentCount: prev.paymentCount + 1, totalAmountFen: prev.totalAmountFen + p.amountFen } },
      };
    }
    case 'PaymentBatchIssued': {
      const byProgram = { ...state.byProgram };
      const paid = [...event.data.payments, ...arrearsPaid(event.data.arrears)];
      for (const p of paid) {
        const prev = byProgram[p.program] ?? { paymentCount: 0, totalAmountFen: 0 };
        byProgram[p.program] = { paymentCount: prev.paymentCount + 1, totalAmountFen: prev.totalAmountFen + p.amountFen };
      }
      const arrears = arrearsPaid(event.data.arrears);
      const offsets = event.data.offsets ?? [];
      return {
        ...state,
        cursor: event.data.lastKey,
        batches: state.batches + 1,
        done: state.done + event.data.payments.length + event.data.held.length,
        paymentCount: state.paymentCount + paid.length,
        totalAmountFen: state.totalAmountFen + event.data.amountFen,
        heldCount: state.heldCount + event.data.held.length,
        byProgram,
        ...(arrears.length > 0 || offsets.length > 0 || state.arrearsCount !== undefined
          ? {
              arrearsCount: (state.arrearsCount ?? 0) + arrears.length,
              arrearsAmountFen: (state.arrearsAmountFen ?? 0) + arrears.reduce((s, a) => s + a.amountFen, 0),
              offsetCount: (state.offsetCount ?? 0) + offsets.length,
              offsetAmountFen: (state.offsetAmountFen ?? 0) + offsets.reduce((s, o) => s + o.amountFen, 0),
            }
          : {}),
      };
    }
    case 'PaymentBatchProcessed':
      return {
        ...state,
        cursor: event.data.lastKey,
        batches: state.batches + 1,
        done: state.done + event.data.paymentCount + event.data.held.length,
        heldCount: state.heldCount + event.data.held.length,
      };
    case 'BankFileWritten':
      return { ...state, status: 'FILE_WRITTEN', bankFileRefs: [...state.bankFileRefs, event.data.fileRef] };
    case 'BankConfirmationRecorded':
      return { ...state, status: 'CONFIRMED' };
    case 'PaymentReturned':
      return { ...state, returned: { ...state.returned, [event.data.payment.paymentId]: null } };
    case 'PaymentReissued':
      return {
        ...state,
        returned: { ...state.returned, [event.data.reissueOfPaymentId]: event.data.paymentId },
        bankFileRefs: state.bankFileRefs.includes(event.data.bankFileRef) ? state.bankFileRefs : [...state.bankFileRefs, event.data.bankFileRef],
      };
    case 'PaymentRunCompleted':
      return { ...state, status: 'COMPLETED' };
  }
}

// ---- commands -----------------------------------------------------------------------------------

export type StartPaymentRun = { type: 'StartPaymentRun'; data: PaymentRunStarted['data'] };
export type IssueBatch = {
  type: 'IssueBatch';
  data: { afterCursor: string; lastKey: string; payments: PaymentLine[]; held: HeldLine[]; issuedOn: string; arrears?: ArrearsLine[]; offsets?: OffsetLine[] };
};
export type RecordBankFile = { type: 'RecordBankFile'; data: BankFileWritten['data'] };
export type RecordBankConfirmation = {
  type: 'RecordBankConfirmation';
  data: {
    fileRef: string;
    confirmedOn: string;
    returns: { payment: PaymentLine & { period: YearMonth; runId: string }; reason: { code: ReturnReasonCode; bankMessage?: string } }[];
  };
};
export type ReissuePayment = {
  type: 'ReissuePayment';
  data: {
    returned: PaymentLine & { period: YearMonth; runId: string };
    newPaymentId: string;
    recipient: Recipient;
    issuedOn: string;
    bankFileRef: string;
  };
};
export type CompletePaymentRun = { type: 'CompletePaymentRun'; data: { completedAt: string } };

export type PaymentRunCommand = StartPaymentRun | IssueBatch | RecordBankFile | RecordBankConfirmation | ReissuePayment | CompletePaymentRun;

export const PAYMENT_RUN_ERRORS = {
  notStarted: 'payment_run_not_started',
  periodOutOfRange: 'period_out_of_range',
  wrongDistrict: 'invalid_district',
  notIssuing: 'payment_run_not_issuing',
  outOfOrder: 'batch_out_of_order',
  alreadyPaid: 'payment_already_issued',
  counts: 'bank_file_totals_mismatch',
  notFileWritten: 'bank_file_not_written',
  notInRun: 'payment_not_in_run',
  alreadyReturned: 'payment_already_returned',
  notReturned: 'payment_not_returned',
  alreadyReissued: 'payment_already_reissued',
  accountNotCorrected: 'bank_account_not_corrected',
  notConfirmed: 'bank_confirmation_missing',
  arrearsTwice: 'arrears_already_settled',
  arrearsMismatch: 'arrears_amount_mismatch',
  offsetExceedsPayment: 'offset_exceeds_payment',
  offsetExceedsCap: 'offset_exceeds_cap',
  offsetUnknownPayment: 'offset_without_payment',
} as const;

/** The arrears lines that are bank-file lines (something left to pay after netting). */
export function arrearsPaid(arrears: readonly ArrearsLine[] | undefined): ArrearsLine[] {
  return (arrears ?? []).filter((a) => a.amountFen > 0);
}

/**
 * Arrears and offsets of a batch: only entitlements the batch covers; one settlement per (entitlement,
 * decision); paid + netted = determined; an offset reduces a payment of the batch, never by more than
 * that payment (regular: its amount before the offset, and the cap), never to nothing.
 */
function checkRecovery(cmd: IssueBatch['data'], covered: ReadonlySet<string>): void {
  const arrears = cmd.arrears ?? [];
  const offsets = cmd.offsets ?? [];
  const seen = new Set<string>();
  arrears.forEach((a, i) => {
    if (!covered.has(a.entitlementId)) throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, `Arrears of entitlement ${a.entitlementId} outside the batch`, { kind: 'conflict' });
    const key = `${a.entitlementId}/${a.decisionId}`;
    if (seen.has(key)) throw new DomainError(PAYMENT_RUN_ERRORS.arrearsTwice, `Arrears of decision ${a.decisionId} twice in one batch`, { kind: 'conflict' });
    seen.add(key);
    assertFen(a.amountFen, `arrears[${i}].amountFen`);
    assertFen(a.nettedFen, `arrears[${i}].nettedFen`);
    if (a.amountFen + a.nettedFen !== a.determinedFen || a.determinedFen <= 0) {
      throw new DomainError(PAYMENT_RUN_ERRORS.arrearsMismatch, `Arrears of decision ${a.decisionId}: paid + netted must equal the amount determined`, { field: `arrears[${i}]` });
    }
  });
  const regular = new Map(cmd.payments.map((p) => [p.paymentId, p]));
  const arrearsById = new Map(arrears.map((a) => [a.paymentId, a]));
  const takenOff = new Map<string, number>();
  offsets.forEach((o, i) => {
    assertFen(o.amountFen, `offsets[${i}].amountFen`, { positive: true });
    takenOff.set(o.againstPaymentId, (takenOff.get(o.againstPaymentId) ?? 0) + o.amountFen);
    if (o.against === 'REGULAR' ? !regular.has(o.againstPaymentId) : !arrearsById.has(o.againstPaymentId)) {
      throw new DomainError(PAYMENT_RUN_ERRORS.offsetUnknownPayment, `Offset against ${o.againstPaymentId}, which the batch does not pay`, { field: `offsets[${i}].againstPaymentId` });
    }
  });
  for (const [paymentId, taken] of takenOff) {
    const p = regular.get(paymentId);
    if (p) {
      if ((p.offsetFen ?? 0) !== taken) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsPayment, `Payment ${paymentId} records ${p.offsetFen ?? 0} fen offset, its offsets add up to ${taken}`, { field: 'offsets' });
      const cap = offsets.find((o) => o.againstPaymentId === paymentId)?.capFen ?? 0;
      if (taken > cap) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsCap, `Offset ${taken} fen exceeds the month's cap of ${cap} fen`, { field: 'offsets' });
    } else {
      const a = arrearsById.get(paymentId)!;
      if (taken !== a.nettedFen) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsPayment, `Arrears ${paymentId} netted ${a.nettedFen} fen, its offsets add up to ${taken}`, { field: 'offsets' });
    }
  }
  for (const p of cmd.payments) {
    if ((p.offsetFen ?? 0) > 0 && !takenOff.has(p.paymentId)) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsPayment, `Payment ${p.paymentId} records an offset without its offset lines`, { field: 'offsets' });
  }
}

function decideIssueBatch(cmd: IssueBatch['data'], state: PaymentRunState): PaymentRunEvent[] {
  if (state.status !== 'ISSUING') {
    throw new DomainError(PAYMENT_RUN_ERRORS.notIssuing, `The run is ${state.status}, no more payments can be issued`, { kind: 'conflict' });
  }
  if (cmd.afterCursor !== state.cursor) {
    throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, `The batch continues from ${cmd.afterCursor || 'the start'}, the run is at ${state.cursor || 'the start'}`, {
      kind: 'conflict',
    });
  }
  const keys = [...cmd.payments.map((p) => p.entitlementId), ...cmd.held.map((h) => h.entitlementId)].sort();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key <= state.cursor || (i > 0 && key === keys[i - 1])) {
      throw new DomainError(PAYMENT_RUN_ERRORS.alreadyPaid, `Entitlement ${key} was already paid for ${state.period}`, {
        kind: 'conflict',
        details: { entitlementId: key, period: state.period },
      });
    }
    if (key > cmd.lastKey) throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, `Entitlement ${key} is after the batch's last key`, { kind: 'conflict' });
  }
  if (keys.length === 0 || cmd.lastKey <= state.cursor) throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, 'An empty batch moves nothing forward', { kind: 'conflict' });
  cmd.payments.forEach((p, i) => assertFen(p.amountFen, `payments[${i}].amountFen`, { positive: true }));
  checkRecovery(cmd, new Set(keys));
  const arrears = cmd.arrears ?? [];
  const offsets = cmd.offsets ?? [];
  return [
    {
      type: 'PaymentBatchIssued',
      data: {
        runId: state.runId,
        period: state.period,
        batchNo: state.batches + 1,
        afterCursor: cmd.afterCursor,
        lastKey: cmd.lastKey,
        issuedOn: cmd.issuedOn,
        paymentCount: cmd.payments.length + arrearsPaid(arrears).length,
        amountFen: cmd.payments.reduce((sum, p) => sum + p.amountFen, 0) + arrears.reduce((sum, a) => sum + a.amountFen, 0),
        payments: cmd.payments,
        held: cmd.held,
        ...(arrears.length > 0 ? { arrears } : {}),
        ...(offsets.length > 0 ? { offsets } : {}),
      },
    },
  ];
}

function decidePaymentRun(command: PaymentRunCommand, state: PaymentRunState): PaymentRunEvent[] {
  if (command.type === 'StartPaymentRun') {
    if (state.status !== 'NONE') return []; // starting the same run again resumes it
    if (!/^\d{6}$/.test(command.data.district)) {
      throw new DomainError(PAYMENT_RUN_ERRORS.wrongDistrict, 'A payment run is per district (6-digit division code)', { field: 'district' });
    }
    assertYearMonth(command.data.period, 'period');
    // Only the month of the start (Asia/Shanghai: startedAt carries +08:00) or the next one: a run for a
    // month years ahead (or long past) is a typo or worse, never a payment.
    const current = command.data.startedAt.slice(0, 7);
    if (command.data.period !== current && command.data.period !== addMonths(current, 1)) {
      throw new DomainError(PAYMENT_RUN_ERRORS.periodOutOfRange, `period must be the current month (${current}) or the next (${addMonths(current, 1)})`, {
        field: 'period',
        details: { period: command.data.period, allowed: [current, addMonths(current, 1)] },
      });
    }
    return [{ type: 'PaymentRunStarted', data: command.data }];
  }
  if (state.status === 'NONE') throw new DomainError(PAYMENT_RUN_ERRORS.notStarted, 'No such payment run', { kind: 'not_found' });
  switch (command.type) {
    case 'IssueBatch':
      return decideIssueBatch(command.data, state);
    case 'RecordBankFile': {
      if (state.status !== 'ISSUING') return state.bankFileRefs.includes(command.data.fileRef) ? [] : notIssuing(state);
      if (command.data.paymentCount !== state.paymentCount || command.data.totalAmountFen !== state.totalAmountFen) {
        throw new DomainError(PAYMENT_RUN_ERRORS.counts, 'The bank file totals differ from the payments issued', {
          details: { expected: { count: state.paymentCount, total: state.totalAmountFen } },
        });
      }
      return [{ type: 'BankFileWritten', data: command.data }];
    }
    case 'RecordBankConfirmation': {
      if (state.status !== 'FILE_WRITTEN') {
        throw new DomainError(PAYMENT_RUN_ERRORS.notFileWritten, `The run is ${state.status}: the bank has no file to confirm`, { kind: 'conflict' });
      }
      const seen = new Set<string>();
      const returned: PaymentRunEvent[] = command.data.returns.map(({ payment, reason }) => {
        if (payment.runId !== state.runId || payment.period !== state.period || payment.entitlementId > state.cursor) {
          throw new DomainError(PAYMENT_RUN_ERRORS.notInRun, `Payment ${payment.paymentId} is not part of this run`, { field: 'paymentId' });
        }
        if (seen.has(payment.paymentId) || payment.paymentId in state.returned) {
          throw new DomainError(PAYMENT_RUN_ERRORS.alreadyReturned, `Payment ${payment.paymentId} is already returned`, { kind: 'conflict' });
        }
        seen.add(payment.paymentId);
        return {
          type: 'PaymentReturned',
          data: { payment: stripRun(payment), runId: state.runId, returnedOn: command.data.confirmedOn, reason },
        };
      });
      return [
        {
          type: 'BankConfirmationRecorded',
          data: {
            fileRef: command.data.fileRef,
            confirmedOn: command.data.confirmedOn,
            acceptedCount: state.paymentCount - returned.length,
            returnedCount: returned.length,
          },
        },
        ...returned,
      ];
    }
    case 'ReissuePayment': {
      const r = command.data.returned;
      if (!(r.paymentId in state.returned)) {
        throw new DomainError(PAYMENT_RUN_ERRORS.notReturned, `Payment ${r.paymentId} was not returned by the bank`, { kind: 'conflict' });
      }
      if (state.returned[r.paymentId]) {
        throw new DomainError(PAYMENT_RUN_ERRORS.alreadyReissued, `Payment ${r.paymentId} was already reissued`, { kind: 'conflict' });
      }
      const next = command.data.recipient;
      if (next.bankAccountRef === r.recipient.bankAccountRef && next.name === r.recipient.name) {
        throw new DomainError(PAYMENT_RUN_ERRORS.accountNotCorrected, 'Correct the bank account before reissuing', { field: 'recipient.bankAccountRef' });
      }
      const { runId: _runId, period, ...line } = r;
      return [
        {
          type: 'PaymentReissued',
          data: {
            ...line,
            paymentId: command.data.newPaymentId,
            recipient: next,
            runId: state.runId,
            period,
            kind: 'REISSUE',
            reissueOfPaymentId: r.paymentId,
            issuedOn: command.data.issuedOn,
            bankFileRef: command.data.bankFileRef,
          },
        },
      ];
    }
    case 'CompletePaymentRun': {
      if (state.status === 'COMPLETED') return [];
      if (state.status !== 'CONFIRMED') {
        throw new DomainError(PAYMENT_RUN_ERRORS.notConfirmed, 'The bank has not confirmed the run yet', { kind: 'conflict' });
      }
      const byProgram = (Object.keys(state.byProgram) as Program[]).sort().map((program) => ({ program, ...state.byProgram[program]! }));
      return [
        {
          type: 'PaymentRunCompleted',
          data: {
            runId: state.runId,
            district: state.district,
            period: state.period,
            completedAt: command.data.completedAt,
            paymentCount: state.paymentCount,
            totalAmountFen: state.totalAmountFen,
            heldCount: state.heldCount,
            byProgram,
            bankFileRefs: state.bankFileRefs,
          },
        },
      ];
    }
  }
}

function notIssuing(state: PaymentRunState): never {
  throw new DomainError(PAYMENT_RUN_ERRORS.notIssuing, `The run is ${state.status}`, { kind: 'conflict' });
}

function stripRun(p: PaymentLine & { period: YearMonth; runId: string }): PaymentLine & { period: YearMonth } {
  const { runId: _runId, ...rest } = p;
  return rest;
}

export const paymentRunDecider: Decider<PaymentRunCommand, PaymentRunEvent, PaymentRunState> = {
  decide: decidePaymentRun,
  evolve: evolvePaymentRun,
  initialState: initialPaymentRunState,
};
