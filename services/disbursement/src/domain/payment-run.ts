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
 *
 * This file: events, state, `evolve`, the command union (`PaymentRunCommandOf<'Type'>`, time in `metadata.now`) and the error codes.
 * `decide` is one exported function per command, grouped by step (payment-run.issuing.ts: start and
 * batches; payment-run.bank.ts: bank file, confirmation, reissue; payment-run.completion.ts), the guards
 * they share in payment-run.guards.ts, and the switch in payment-run.decide.ts.
 */
import type { CommandBody, CommandWithMetadata, DomainEvent } from '@sa/decider';
import type { Program, Recipient } from './entitlement';
import type { YearMonth } from './period';
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

/**
 * The kind of a run: absent = the monthly run (发放批次: every entitlement's month, arrears and offsets with it);
 * `SUPPLEMENTARY` = a supplementary run an officer starts (补发批次): only arrears (补发) not yet settled, no
 * regular payment and no offset against one; its month is the month it pays in (the current month).
 */
export type PaymentRunKind = 'SUPPLEMENTARY';

export type PaymentRunStarted = DomainEvent<
  'PaymentRunStarted',
  { runId: string; district: string; period: YearMonth; total: number; asOf: string; startedAt: string; kind?: PaymentRunKind }
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
  /** `SUPPLEMENTARY`: a 补发批次 (arrears only); absent: the monthly run. */
  kind?: PaymentRunKind;
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
      return { ...state, status: 'ISSUING', runId: d.runId, district: d.district, period: d.period, total: d.total, asOf: d.asOf, ...(d.kind ? { kind: d.kind } : {}) };
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
        done: state.done + coveredKeys(event.data, state.kind).length,
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
// The one shape `{ type, data, metadata: { actor, now } }` (the pipeline fills `metadata`): every instant and day the
// events record — startedAt, issuedOn, writtenAt, completedAt, a confirmation without its bank date — is `metadata.now`'s.

export type StartPaymentRun = CommandWithMetadata<'StartPaymentRun', Omit<PaymentRunStarted['data'], 'startedAt'>>;
export type IssueBatch = CommandWithMetadata<
  'IssueBatch',
  { afterCursor: string; lastKey: string; payments: PaymentLine[]; held: HeldLine[]; arrears?: ArrearsLine[]; offsets?: OffsetLine[] }
>;
export type RecordBankFile = CommandWithMetadata<'RecordBankFile', Omit<BankFileWritten['data'], 'writtenAt'>>;
/** `confirmedOn`: the bank's date of the confirmation; absent → the day of `metadata.now`. */
export type RecordBankConfirmation = CommandWithMetadata<
  'RecordBankConfirmation',
  {
    fileRef: string;
    confirmedOn?: string;
    returns: { payment: PaymentLine & { period: YearMonth; runId: string }; reason: { code: ReturnReasonCode; bankMessage?: string } }[];
  }
>;
export type ReissuePayment = CommandWithMetadata<
  'ReissuePayment',
  { returned: PaymentLine & { period: YearMonth; runId: string }; newPaymentId: string; recipient: Recipient; bankFileRef: string }
>;
export type CompletePaymentRun = CommandWithMetadata<'CompletePaymentRun', Record<string, never>>;

export type PaymentRunCommand = StartPaymentRun | IssueBatch | RecordBankFile | RecordBankConfirmation | ReissuePayment | CompletePaymentRun;
/** A command as its issuer builds it (`{ type, data }`); the pipeline adds `metadata`. */
export type PaymentRunCommandBody = CommandBody<PaymentRunCommand>;

/** The command of one type (`PaymentRunCommandOf<'IssueBatch'>`). */
export type PaymentRunCommandOf<T extends PaymentRunCommand['type']> = Extract<PaymentRunCommand, { type: T }>;

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
  supplementaryArrearsOnly: 'supplementary_run_pays_arrears_only',
} as const;

/**
 * The entitlements a batch covers: those paid or held, and — in a supplementary run, which pays no regular
 * payment — those whose only lines are arrears (in a monthly run an entitlement with arrears is always paid or held).
 */
export function coveredKeys(
  batch: { payments: readonly { entitlementId: string }[]; held: readonly { entitlementId: string }[]; arrears?: readonly { entitlementId: string }[] },
  kind: PaymentRunKind | undefined,
): string[] {
  const keys = [...batch.payments.map((p) => p.entitlementId), ...batch.held.map((h) => h.entitlementId)];
  if (kind !== 'SUPPLEMENTARY') return keys;
  const known = new Set(keys);
  for (const a of batch.arrears ?? []) {
    if (!known.has(a.entitlementId)) {
      known.add(a.entitlementId);
      keys.push(a.entitlementId);
    }
  }
  return keys;
}

/** The arrears lines that are bank-file lines (something left to pay after netting). */
export function arrearsPaid(arrears: readonly ArrearsLine[] | undefined): ArrearsLine[] {
  return (arrears ?? []).filter((a) => a.amountFen > 0);
}

