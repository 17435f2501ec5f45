/**
 * Public events of the disbursement context (发放), topic `sa.disbursement.events`.
 */
import type { ActorRef, CaseNumber, Fen, Instant, JurisdictionCode, LocalDate, Program, Recipient, Uuid, YearMonth } from '../types/common';

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

/** One month of a retroactive correction: what is owed now, what was paid, the difference. */
export interface RetroactiveMonth {
  month: YearMonth;
  owedFen: Fen;
  paidFen: Fen;
  /** owedFen − paidFen (positive: owed to the household). */
  differenceFen: number;
}

/**
 * 补发 settled: a payment run paid (or netted) the arrears a retroactive decision left on months already
 * paid. amountFen + nettedFen = determinedFen; when amountFen > 0 the bank-file line is `paymentId`
 * (also published as PaymentIssued, kind ARREARS). Paid once per decision.
 */
export interface ArrearsPaidV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  entitlementId: Uuid;
  runId: Uuid;
  /** The retroactive decision that caused the arrears (the money leaves on it). */
  decisionId: Uuid;
  program: Program;
  months: RetroactiveMonth[];
  determinedFen: Fen;
  /** Settled against an overpayment outstanding on the same case instead of being paid out. */
  nettedFen: Fen;
  /** Paid in the run's bank file (0 when wholly netted). */
  amountFen: Fen;
  paymentId?: Uuid;
  /** The run's month. */
  paymentMonth: YearMonth;
  issuedOn: LocalDate;
  jurisdiction: JurisdictionCode;
}

/**
 * 追回: part of an overpayment recovered — by offset against a payment of a run (the month's regular
 * payment, within the jurisdiction's monthly cap, or arrears netted), or by a repayment the household made
 * under a repayment plan (recorded by an officer).
 */
export interface OverpaymentRecoveredV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  entitlementId: Uuid;
  /** The retroactive decision that recorded the overpayment. */
  overpaymentDecisionId: Uuid;
  method: 'OFFSET' | 'REPAYMENT';
  amountFen: Fen;
  /** Still to recover on this overpayment after this step. */
  outstandingFen: Fen;
  recoveredOn: LocalDate;
  reason: string;
  /** OFFSET: the run, its month, the payment reduced and whether it was the regular payment or arrears. */
  runId?: Uuid;
  paymentMonth?: YearMonth;
  against?: 'REGULAR' | 'ARREARS';
  againstPaymentId?: Uuid;
  /** OFFSET against REGULAR: the cap in force (% of the month's regular amount). */
  capPercent?: number;
  /** REPAYMENT: the plan, the repayment and its evidence, the officer who recorded it. */
  planId?: Uuid;
  repaymentId?: Uuid;
  evidenceRef?: string;
  recordedBy?: ActorRef;
  jurisdiction: JurisdictionCode;
}

/** 退款计划: the case has ended with an overpayment outstanding; the household repays in instalments. */
export interface RepaymentPlanRecordedV1 {
  caseId: Uuid;
  caseNumber: CaseNumber;
  entitlementId: Uuid;
  planId: Uuid;
  overpaymentDecisionIds: Uuid[];
  /** = Σ instalments.amountFen = the outstanding overpayment when recorded. */
  totalFen: Fen;
  instalments: { dueMonth: YearMonth; amountFen: Fen }[];
  reason: string;
  recordedBy: ActorRef;
  recordedOn: LocalDate;
  jurisdiction: JurisdictionCode;
}
