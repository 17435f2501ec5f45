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
/** One regular payment as issued (the shape of the integration event's data). */
export type IssuedPayment = PaymentLine & { runId: string; period: YearMonth; kind: 'REGULAR'; issuedOn: string };
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

/** The regular payments an event issues: one for a `PaymentIssued`, the batch's for a `PaymentBatchIssued`, else none. */
export function issuedPayments(e: PaymentRunEvent): IssuedPayment[] {
  if (e.type === 'PaymentIssued') return [e.data];
  if (e.type !== 'PaymentBatchIssued') return [];
  const { runId, period, issuedOn } = e.data;
  return e.data.payments.map((p) => ({ ...p, runId, period, kind: 'REGULAR' as const, issuedOn }));
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
      for (const p of event.data.payments) {
        const prev = byProgram[p.program] ?? { paymentCount: 0, totalAmountFen: 0 };
        byProgram[p.program] = { paymentCount: prev.paymentCount + 1, totalAmountFen: prev.totalAmountFen + p.amountFen };
      }
      return {
        ...state,
        cursor: event.data.lastKey,
        batches: state.batches + 1,
        done: state.done + event.data.payments.length + event.data.held.length,
        paymentCount: state.paymentCount + event.data.payments.length,
        totalAmountFen: state.totalAmountFen + event.data.amountFen,
        heldCount: state.heldCount + event.data.held.length,
        byProgram,
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
  data: { afterCursor: string; lastKey: string; payments: PaymentLine[]; held: HeldLine[]; issuedOn: string };
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
} as const;

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
        paymentCount: cmd.payments.length,
        amountFen: cmd.payments.reduce((sum, p) => sum + p.amountFen, 0),
        payments: cmd.payments,
        held: cmd.held,
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
