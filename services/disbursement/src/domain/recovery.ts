/**
 * Paying arrears (补发) and recovering overpayments (追回) in a monthly run. Pure: what a run does for one
 * entitlement in its month, given what earlier runs already did (arrears settled, offsets applied) and
 * the recovery cap of the jurisdiction.
 *
 * Rules (each tested given/when/then in test/domain/recovery.unit.spec.ts):
 *  1. Arrears are paid once per retroactive decision, as their own bank-file line, tracing to that
 *     decision. A decision already settled (by any earlier run) is never paid again.
 *  2. Netting: arrears and an outstanding overpayment on the same case are netted first (the arrears
 *     settle the overpayment, oldest overpayment first, without the monthly cap), and only the
 *     remainder is paid. Why: paying the back-pay out and clawing the same money back in capped
 *     monthly instalments would only move money back and forth; the cap protects the household's
 *     *current* monthly subsistence, which netting back-pay does not touch.
 *  3. Offset against the regular payment: at most `capPercent` % of that month's regular amount — the cap of the
 *     grant's policy when the entitlement has one (`recoveryCapFor`), else the service setting —
 *     (rounded down to the fen), never more than what is outstanding, never the whole payment
 *     (capPercent < 100), oldest overpayment first; what is left is recovered in later months.
 *  4. Nothing is applied twice: offsets already applied for this month, arrears already settled, and
 *     repayments recorded are taken off before anything new is decided.
 *  5. A terminated case is paid no regular amount, so nothing is offset: its outstanding overpayment
 *     becomes a repayment plan (entitlement.ts, RecordRepaymentPlan).
 */
import { DomainError } from '@sa/decider';
import { paymentProgramOf, type EntitlementState, type Program, type Recipient, type RetroactiveRecord } from './entitlement';
import type { YearMonth } from './period';

/** The default recovery cap (% of the month's regular amount) where the jurisdiction sets none. */
export const DEFAULT_RECOVERY_CAP_PERCENT = 30;

export function assertRecoveryCapPercent(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= 100) {
    throw new DomainError('invalid_recovery_cap', `${field} must be an integer percentage from 0 to 99 (a cap of 100 % would leave the household nothing for the month)`, { field });
  }
}

/**
 * The cap in force for one entitlement: the cap of the policy its grant was decided under (carried by
 * AssistanceGranted v3, kept on the entitlement), else the service setting of its jurisdiction (the
 * default for cases decided before the policy carried one). Says which, for the statement and audit.
 */
export function recoveryCapFor(state: Pick<EntitlementState, 'recoveryCapPercent'>, serviceDefaultPercent: number): { capPercent: number; source: 'POLICY' | 'SERVICE_DEFAULT' } {
  return state.recoveryCapPercent !== undefined
    ? { capPercent: state.recoveryCapPercent, source: 'POLICY' }
    : { capPercent: serviceDefaultPercent, source: 'SERVICE_DEFAULT' };
}

/** An overpayment decision, what was recovered of it so far and what is still outstanding. */
export interface OutstandingOverpayment {
  decisionId: string;
  totalFen: number;
  recoveredFen: number;
  outstandingFen: number;
}

/** Recovered so far per overpayment decision (offsets in runs + repayments on the entitlement). */
export type RecoveredSoFar = ReadonlyMap<string, number>;

/** Repayments recorded on the entitlement, per overpayment decision (see entitlement.ts). */
export function repaidByDecision(state: EntitlementState): Map<string, number> {
  const out = new Map<string, number>();
  for (const plan of state.repaymentPlans ?? []) {
    for (const r of plan.repayments) {
      for (const part of r.allocation) out.set(part.overpaymentDecisionId, (out.get(part.overpaymentDecisionId) ?? 0) + part.amountFen);
    }
  }
  return out;
}

/**
 * The overpayments still to recover, oldest first: each recorded overpayment minus what offsets
 * (`offsetByDecision`, from earlier runs) and repayments (on the entitlement) recovered of it.
 */
export function outstandingOverpayments(state: EntitlementState, offsetByDecision: RecoveredSoFar): OutstandingOverpayment[] {
  const repaid = repaidByDecision(state);
  return (state.recoveries ?? []).map((r: RetroactiveRecord) => {
    const recoveredFen = Math.min(r.totalFen, (offsetByDecision.get(r.decisionId) ?? 0) + (repaid.get(r.decisionId) ?? 0));
    return { decisionId: r.decisionId, totalFen: r.totalFen, recoveredFen, outstandingFen: r.totalFen - recoveredFen };
  });
}

/** Total still to recover. */
export const totalOutstanding = (xs: readonly OutstandingOverpayment[]): number => xs.reduce((s, x) => s + x.outstandingFen, 0);

/** Back-pay of one retroactive decision settled in a run: netted against overpayments, the rest paid. */
export interface ArrearsLine {
  /** The bank-file line's payment id (deterministic from entitlement and decision); its row exists only when amountFen > 0. */
  paymentId: string;
  entitlementId: string;
  caseId: string;
  caseNumber: string;
  program: Program;
  jurisdiction: string;
  /** The retroactive decision that caused the arrears: the money leaves on it. */
  decisionId: string;
  months: RetroactiveRecord['months'];
  determinedFen: number;
  /** Settled against outstanding overpayments (rule 2). */
  nettedFen: number;
  /** Paid in this line (determinedFen − nettedFen); 0 = fully netted, no bank line. */
  amountFen: number;
  recipient: Recipient;
}

/** One recovery by offset: part of an overpayment taken off a regular payment or off arrears. */
export interface OffsetLine {
  entitlementId: string;
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  /** The overpayment (its retroactive decision) being recovered. */
  overpaymentDecisionId: string;
  against: 'REGULAR' | 'ARREARS';
  /** The decision of the payment offset (the month's amount decision, or the arrears' decision). */
  againstDecisionId: string;
  /** The payment reduced (the regular payment's id, or the arrears line's). */
  againstPaymentId: string;
  amountFen: number;
  /** Outstanding on this overpayment decision after this offset. */
  outstandingAfterFen: number;
  /** The cap in force (REGULAR offsets): % of the month's regular amount, and that in fen. */
  capPercent?: number;
  capFen?: number;
}

export interface RecoveryInput {
  state: EntitlementState;
  period: YearMonth;
  /** The month's regular payment before any offset (null when nothing is paid this month). */
  regular: { paymentId: string; decisionId: string; amountFen: number } | null;
  /** Retroactive decisions whose arrears an earlier run already settled. */
  arrearsSettled: ReadonlySet<string>;
  /** Offsets already applied by earlier runs (and by this month's run, if it is a retry), per overpayment decision. */
  offsetByDecision: RecoveredSoFar;
  /** Offsets of this very month already applied (a resumed or repeated run): nothing more is taken this month. */
  offsetThisMonth: boolean;
  capPercent: number;
  arrearsPaymentId: (decisionId: string) => string;
}

export interface RecoveryPlan {
  arrears: ArrearsLine[];
  offsets: OffsetLine[];
  /** The regular payment after the offsets (what the bank-file line pays). */
  regularNetFen: number;
}

/** What the run does for one entitlement in its month (rules 1–5). */
export function planRecovery(input: RecoveryInput): RecoveryPlan {
  const { state, regular } = input;
  assertRecoveryCapPercent(input.capPercent, 'capPercent');
  const owed = outstandingOverpayments(state, input.offsetByDecision).filter((o) => o.outstandingFen > 0);
  const base = { entitlementId: state.entitlementId, caseId: state.caseId, caseNumber: state.caseNumber, jurisdiction: state.jurisdiction };
  const offsets: OffsetLine[] = [];
  const arrears: ArrearsLine[] = [];
  const take = (limit: number, against: OffsetLine['against'], againstDecisionId: string, againstPaymentId: string, cap?: { capPercent: number; capFen: number }): number => {
    let taken = 0;
    for (const o of owed) {
      if (taken >= limit) break;
      const amount = Math.min(o.outstandingFen, limit - taken);
      if (amount <= 0) continue;
      o.outstandingFen -= amount;
      taken += amount;
      offsets.push({ ...base, overpaymentDecisionId: o.decisionId, against, againstDecisionId, againstPaymentId, amountFen: amount, outstandingAfterFen: o.outstandingFen, ...(cap ?? {}) });
    }
    return taken;
  };
  if (state.recipient) {
    for (const record of state.arrears ?? []) {
      if (input.arrearsSettled.has(record.decisionId) || record.totalFen <= 0) continue;
      if (arrears.some((a) => a.decisionId === record.decisionId)) continue;
      const paymentId = input.arrearsPaymentId(record.decisionId);
      const nettedFen = take(record.totalFen, 'ARREARS', record.decisionId, paymentId);
      arrears.push({
        ...base,
        paymentId,
        program: paymentProgramOf(state),
        decisionId: record.decisionId,
        months: record.months,
        determinedFen: record.totalFen,
        nettedFen,
        amountFen: record.totalFen - nettedFen,
        recipient: state.recipient,
      });
    }
  }
  let regularNetFen = regular?.amountFen ?? 0;
  if (regular && regular.amountFen > 0 && !input.offsetThisMonth) {
    const capFen = Math.floor((regular.amountFen * input.capPercent) / 100);
    regularNetFen -= take(Math.min(capFen, regular.amountFen - 1), 'REGULAR', regular.decisionId, regular.paymentId, { capPercent: input.capPercent, capFen });
  }
  return { arrears, offsets, regularNetFen };
}

// ---- repayment plans (the case has ended) ----------------------------------------------------------

export interface RepaymentInstalment {
  dueMonth: YearMonth;
  amountFen: number;
}

/** Splits `totalFen` into `count` monthly instalments from `firstDueMonth`, the remainder on the first ones (integer fen). */
export function evenInstalments(totalFen: number, count: number, firstDueMonth: YearMonth, addMonths: (m: YearMonth, n: number) => YearMonth): RepaymentInstalment[] {
  const base = Math.floor(totalFen / count);
  const rest = totalFen - base * count;
  return Array.from({ length: count }, (_, i) => ({ dueMonth: addMonths(firstDueMonth, i), amountFen: base + (i < rest ? 1 : 0) })).filter((x) => x.amountFen > 0);
}

/** A repayment split over the outstanding overpayments, oldest first. */
export function allocateRepayment(
  outstanding: readonly OutstandingOverpayment[],
  amountFen: number,
): { overpaymentDecisionId: string; amountFen: number; outstandingAfterFen: number }[] {
  const out: { overpaymentDecisionId: string; amountFen: number; outstandingAfterFen: number }[] = [];
  let left = amountFen;
  for (const o of outstanding) {
    if (left <= 0) break;
    const part = Math.min(o.outstandingFen, left);
    if (part > 0) out.push({ overpaymentDecisionId: o.decisionId, amountFen: part, outstandingAfterFen: o.outstandingFen - part });
    left -= part;
  }
  return out;
}
