/**
 * The household's payment statement (发放明细): per month, the regular amount, the arrears paid, the
 * offsets, what went to the bank, what came back, repayments and the overpayment still outstanding.
 * Pure: built from the payments and offsets ledgers and the entitlement (its recoveries and repayment
 * plans, with the month each overpayment was recorded in).
 */
import { outstandingOverpayments, type EntitlementState } from '../domain';

export interface StatementPayment {
  paymentId: string;
  period: string;
  kind: string;
  status: string;
  amountFen: number;
  decisionId: string | null;
  runId: string | null;
}
export interface StatementOffset {
  period: string;
  against: 'REGULAR' | 'ARREARS';
  overpaymentDecisionId: string;
  againstDecisionId: string;
  amountFen: number;
}
export interface StatementArrears {
  decisionId: string;
  period: string;
  runId: string;
  determinedFen: number;
  nettedFen: number;
  paidFen: number;
  paymentId: string | null;
}

export interface StatementMonth {
  month: string;
  /** The month's regular amount as decided (before any offset). */
  regularFen: number;
  /** 补发 paid in this month's run (bank-file lines) and settled against an overpayment. */
  arrearsPaidFen: number;
  arrearsNettedFen: number;
  /** 追回 by offset this month (against the regular payment and netted against arrears). */
  offsetFen: number;
  /** What reached the household for this month: regular after offset + arrears + reissues, less what the bank returned. */
  netPaidFen: number;
  /** Returned by the bank (退回). */
  returnedFen: number;
  /** Repaid by the household under a repayment plan (by the month received). */
  repaidFen: number;
  /** Overpayment still to recover at the end of the month. */
  outstandingOverpaymentFen: number;
  /** Each payment with the decision it traces to. */
  payments: StatementPayment[];
}

export interface HouseholdStatement {
  caseId: string;
  caseNumber: string;
  entitlementId: string;
  months: StatementMonth[];
  arrears: { decisionId: string; determinedFen: number; settled: StatementArrears | null }[];
  overpayments: { decisionId: string; recordedIn: string | null; totalFen: number; recoveredFen: number; outstandingFen: number }[];
  outstandingOverpaymentFen: number;
  repaymentPlans: NonNullable<EntitlementState['repaymentPlans']>;
  totals: { regularFen: number; arrearsPaidFen: number; offsetFen: number; netPaidFen: number; returnedFen: number; repaidFen: number };
}

export function buildStatement(input: {
  state: EntitlementState;
  payments: StatementPayment[];
  offsets: StatementOffset[];
  arrears: StatementArrears[];
  /** Month each overpayment decision was recorded in (from the entitlement stream). */
  overpaymentRecordedIn: ReadonlyMap<string, string>;
}): HouseholdStatement {
  const { state } = input;
  const months = new Map<string, StatementMonth>();
  const at = (month: string): StatementMonth => {
    let m = months.get(month);
    if (!m) {
      m = { month, regularFen: 0, arrearsPaidFen: 0, arrearsNettedFen: 0, offsetFen: 0, netPaidFen: 0, returnedFen: 0, repaidFen: 0, outstandingOverpaymentFen: 0, payments: [] };
      months.set(month, m);
    }
    return m;
  };
  for (const p of input.payments) {
    const m = at(p.period);
    m.payments.push(p);
    if (p.kind === 'REGULAR') m.regularFen += p.amountFen;
    if (p.kind === 'ARREARS') m.arrearsPaidFen += p.amountFen;
    m.netPaidFen += p.amountFen;
    if (p.status === 'RETURNED' || p.status === 'REISSUED') {
      m.returnedFen += p.amountFen;
      m.netPaidFen -= p.amountFen;
    }
  }
  for (const o of input.offsets) {
    const m = at(o.period);
    m.offsetFen += o.amountFen;
    if (o.against === 'REGULAR') m.regularFen += o.amountFen;
  }
  for (const a of input.arrears) at(a.period).arrearsNettedFen += a.nettedFen;
  const repaidIn = new Map<string, number>();
  for (const plan of state.repaymentPlans ?? []) {
    for (const r of plan.repayments) {
      at(r.receivedOn.slice(0, 7)).repaidFen += r.amountFen;
      repaidIn.set(r.receivedOn.slice(0, 7), (repaidIn.get(r.receivedOn.slice(0, 7)) ?? 0) + r.amountFen);
    }
  }
  for (const r of state.recoveries ?? []) {
    const m = input.overpaymentRecordedIn.get(r.decisionId);
    if (m) at(m);
  }
  const sorted = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  // Outstanding at each month's end: recorded by then − offsets and repayments by then.
  let recovered = 0;
  for (const m of sorted) {
    recovered += m.offsetFen + m.repaidFen;
    const determined = (state.recoveries ?? []).reduce((s, r) => {
      const from = input.overpaymentRecordedIn.get(r.decisionId);
      return from === undefined || from <= m.month ? s + r.totalFen : s;
    }, 0);
    m.outstandingOverpaymentFen = Math.max(0, determined - recovered);
  }
  const offsetByDecision = new Map<string, number>();
  for (const o of input.offsets) offsetByDecision.set(o.overpaymentDecisionId, (offsetByDecision.get(o.overpaymentDecisionId) ?? 0) + o.amountFen);
  const overpayments = outstandingOverpayments(state, offsetByDecision).map((o) => ({ ...o, recordedIn: input.overpaymentRecordedIn.get(o.decisionId) ?? null }));
  const sum = (k: keyof Pick<StatementMonth, 'regularFen' | 'arrearsPaidFen' | 'offsetFen' | 'netPaidFen' | 'returnedFen' | 'repaidFen'>) => sorted.reduce((s, m) => s + m[k], 0);
  return {
    caseId: state.caseId,
    caseNumber: state.caseNumber,
    entitlementId: state.entitlementId,
    months: sorted,
    arrears: (state.arrears ?? []).map((a) => ({ decisionId: a.decisionId, determinedFen: a.totalFen, settled: input.arrears.find((x) => x.decisionId === a.decisionId) ?? null })),
    overpayments,
    outstandingOverpaymentFen: overpayments.reduce((s, o) => s + o.outstandingFen, 0),
    repaymentPlans: state.repaymentPlans ?? [],
    totals: { regularFen: sum('regularFen'), arrearsPaidFen: sum('arrearsPaidFen'), offsetFen: sum('offsetFen'), netPaidFen: sum('netPaidFen'), returnedFen: sum('returnedFen'), repaidFen: sum('repaidFen') },
  };
}
