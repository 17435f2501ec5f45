/**
 * Public events of the disbursement context (发放), topic `sa.disbursement.events`.
 */
import type { CaseNumber, Fen, Instant, JurisdictionCode, LocalDate, Program, Recipient, Uuid, YearMonth } from '../types/common';

export type PaymentKind = 'REGULAR' | 'ARREARS' | 'REISSUE' | 'TEMPORARY_INSTALMENT' | 'EMERGENCY_ADVANCE';

/** A payment went to the bank (in a batch file, or singly for an emergency advance). */
export interface PaymentIssuedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  paymentId: Uuid;
  entitlementId: Uuid;
  /** The monthly run; absent for payments made outside a run (emergency advances, reissues). */
  runId?: Uuid;
  /** The grant or change that authorises the payment; absent only for an emergency advance. */
  decisionId?: Uuid;
  program: Program;
  kind: PaymentKind;
  /** The benefit month paid for. */
  paymentMonth: YearMonth;
  amountFen: Fen;
  recipient: Recipient;
  issuedOn: LocalDate;
  bankFileRef?: string;
  /** For REISSUE: the returned payment this replaces. */
  reissueOfPaymentId?: Uuid;
  jurisdiction: JurisdictionCode;
}

/**
 * v2: `entitlementId` is optional: an emergency advance (先行救助) is paid before any entitlement
 * exists, so it names its `advanceId` instead (v1 carried a placeholder entitlement id). Every other
 * kind still names its entitlement.
 */
export interface PaymentIssuedV2 extends Omit<PaymentIssuedV1, 'entitlementId'> {
  entitlementId?: Uuid;
  /** For EMERGENCY_ADVANCE: the advance paid (EmergencyAdvanceApproved.advanceId). */
  advanceId?: Uuid;
}

export type PaymentReturnReasonCode =
  | 'ACCOUNT_CLOSED'
  | 'ACCOUNT_FROZEN'
  | 'ACCOUNT_NOT_FOUND'
  | 'NAME_MISMATCH'
  | 'RECIPIENT_DECEASED'
  | 'OTHER';

/** 退回: the bank sent a payment back. */
export interface PaymentReturnedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  paymentId: Uuid;
  runId?: Uuid;
  program: Program;
  paymentMonth: YearMonth;
  amountFen: Fen;
  returnedOn: LocalDate;
  reason: { code: PaymentReturnReasonCode; bankMessage?: string };
  jurisdiction: JurisdictionCode;
}

export interface RunProgramTotal {
  program: Program;
  paymentCount: number;
  totalAmountFen: Fen;
}

/**
 * A month's payment run (发放批次) of one jurisdiction is complete. It concerns many cases, so it has
 * no caseId: its CloudEvents subject and Kafka key are the `runId`.
 */
export interface PaymentRunCompletedV1 {
  runId: Uuid;
  paymentMonth: YearMonth;
  jurisdiction: JurisdictionCode;
  completedAt: Instant;
  /** = Σ byProgram.paymentCount. */
  paymentCount: number;
  /** = Σ byProgram.totalAmountFen. */
  totalAmountFen: Fen;
  /** Entitlements due but held back (suspended, missing account …). */
  heldCount: number;
  byProgram: RunProgramTotal[];
  bankFileRefs: string[];
}
