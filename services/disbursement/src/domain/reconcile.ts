/**
 * Reconciliation of a month (pure): every line of every bank file must trace to the stored event that
 * ordered it, and that event to its cause — a grant or benefit change (the entitlement's amount for
 * the month under that decision), a returned payment (reissue), an approved advance (within its limit).
 * Totals and counts are reported per cause; anything that does not trace is a finding.
 */
import { amountForPeriod, type EntitlementEvent, type EntitlementState } from './entitlement';
import { entitlementDecider } from './entitlement.decide';
import type { YearMonth } from './period';

/** A detail line of a bank file (record D). */
export interface BankLine {
  file: string;
  paymentId: string;
  caseNumber: string;
  amountFen: number;
  period: string;
}

/** A stored event that orders a payment, with what it names as its cause. */
export type PaymentOrder =
  | { kind: 'REGULAR'; paymentId: string; caseId: string; entitlementId: string; period: string; amountFen: number; decisionId: string; offsetFen?: number }
  /** 补发: the arrears of a retroactive decision, paid once (less what was netted against an overpayment). */
  | { kind: 'ARREARS'; paymentId: string; caseId: string; entitlementId: string; period: string; amountFen: number; decisionId: string }
  | { kind: 'REISSUE'; paymentId: string; caseId: string; period: string; amountFen: number; reissueOfPaymentId: string }
  | { kind: 'EMERGENCY_ADVANCE'; paymentId: string; caseId: string; period: string; amountFen: number; advanceId: string; approvalEventId: string | null };

export interface ReconcileInput {
  month: YearMonth;
  /** The detail lines of the month's bank files (files under <district>/<month>/). */
  lines: BankLine[];
  /** Every payment order of the store (any month: a reissue or advance may sit in this month's files). */
  orders: PaymentOrder[];
  /** Entitlement streams by case id (for the decisions of REGULAR payments). */
  entitlements: Map<string, EntitlementEvent[]>;
  /** Returned payments: payment id → amount and case. */
  returned: Map<string, { amountFen: number; caseId: string }>;
  /** Advances approved by eligibility: advance id → approval. */
  approvedAdvances: Map<string, { approvalEventId: string; amountFen: number; advanceLimitFen: number; caseId: string }>;
}

export interface CauseTotal {
  cause: string;
  kind: PaymentOrder['kind'];
  count: number;
  totalFen: number;
}

export interface ReconcileReport {
  month: YearMonth;
  lineCount: number;
  totalFen: number;
  byCause: CauseTotal[];
  /** Lines without a cause, amounts that differ from their decision, months paid twice… */
  findings: string[];
}

export function reconcile(input: ReconcileInput): ReconcileReport {
  const findings: string[] = [];
  const orders = new Map(input.orders.map((o) => [o.paymentId, o]));
  /** The entitlement as the decision left it (later decisions may correct the month retroactively: that is 补发/追回, not this line). */
  const stateAtDecision = (caseId: string, decisionId: string): EntitlementState | null => {
    const events = input.entitlements.get(caseId) ?? [];
    let last = -1;
    events.forEach((e, i) => {
      if ((e.data as { decisionId?: string }).decisionId === decisionId) last = i;
    });
    return last < 0 ? null : events.slice(0, last + 1).reduce(entitlementDecider.evolve, entitlementDecider.initialState);
  };
  const byCause = new Map<string, CauseTotal>();
  const seenLines = new Set<string>();
  const regularPerEntitlement = new Map<string, string>();
  let totalFen = 0;
  const lines = input.lines;
  for (const line of lines) {
    const where = `${line.file}: payment ${line.paymentId} (${line.caseNumber}, ${line.amountFen} fen)`;
    totalFen += line.amountFen;
    if (seenLines.has(line.paymentId)) findings.push(`${where}: the same payment is in the bank files twice`);
    seenLines.add(line.paymentId);
    const order = orders.get(line.paymentId);
    if (!order) {
      findings.push(`${where}: no stored event orders this line (no cause)`);
      continue;
    }
    if (order.amountFen !== line.amountFen) findings.push(`${where}: the ordering event says ${order.amountFen} fen`);
    let cause: string;
    switch (order.kind) {
      case 'REGULAR': {
        cause = `decision ${order.decisionId}`;
        const decided = stateAtDecision(order.caseId, order.decisionId);
        const owed = decided ? amountForPeriod(decided, order.period) : { payable: false, status: 'NO_SUCH_DECISION', amountFen: 0, decisionId: undefined };
        if (!owed.payable || owed.decisionId !== order.decisionId) {
          findings.push(`${where}: decision ${order.decisionId} orders nothing payable for ${order.period} (entitlement says ${owed.status})`);
        } else if (owed.amountFen !== order.amountFen + (order.offsetFen ?? 0)) {
          findings.push(`${where}: decision ${order.decisionId} sets ${owed.amountFen} fen for ${order.period}`);
        }
        const key = `${order.entitlementId}/${order.period}`;
        const other = regularPerEntitlement.get(key);
        if (other && other !== order.paymentId) findings.push(`${where}: ${order.period} of this case is paid twice (also ${other})`);
        regularPerEntitlement.set(key, order.paymentId);
        break;
      }
      case 'ARREARS': {
        cause = `arrears of decision ${order.decisionId}`;
        const events = input.entitlements.get(order.caseId) ?? [];
        const determined = events.find((e) => e.type === 'ArrearsDetermined' && e.data.decisionId === order.decisionId);
        if (!determined || determined.type !== 'ArrearsDetermined') findings.push(`${where}: decision ${order.decisionId} determined no arrears`);
        else if (order.amountFen > determined.data.totalFen) findings.push(`${where}: decision ${order.decisionId} determined ${determined.data.totalFen} fen of arrears`);
        const key = `${order.entitlementId}/arrears/${order.decisionId}`;
        const other = regularPerEntitlement.get(key);
        if (other && other !== order.paymentId) findings.push(`${where}: the arrears of decision ${order.decisionId} are paid twice (also ${other})`);
        regularPerEntitlement.set(key, order.paymentId);
        break;
      }
      case 'REISSUE': {
        cause = `return of ${order.reissueOfPaymentId}`;
        const r = input.returned.get(order.reissueOfPaymentId);
        if (!r) findings.push(`${where}: reissue of ${order.reissueOfPaymentId}, which the bank did not return`);
        else if (r.amountFen !== order.amountFen) findings.push(`${where}: the returned payment was ${r.amountFen} fen`);
        break;
      }
      case 'EMERGENCY_ADVANCE': {
        const a = input.approvedAdvances.get(order.advanceId);
        cause = `advance approval ${a?.approvalEventId ?? order.approvalEventId ?? '(none)'}`;
        if (!a) findings.push(`${where}: advance ${order.advanceId} has no approval decided by eligibility`);
        else if (a.amountFen !== order.amountFen || order.amountFen > a.advanceLimitFen) {
          findings.push(`${where}: the approval orders ${a.amountFen} fen within a limit of ${a.advanceLimitFen} fen`);
        }
        break;
      }
    }
    const t = byCause.get(cause) ?? { cause, kind: order.kind, count: 0, totalFen: 0 };
    t.count += 1;
    t.totalFen += line.amountFen;
    byCause.set(cause, t);
  }
  return {
    month: input.month,
    lineCount: lines.length,
    totalFen,
    byCause: [...byCause.values()].sort((a, b) => (a.kind + a.cause < b.kind + b.cause ? -1 : 1)),
    findings,
  };
}

/** The report as text (one line per cause, then the findings). */
export function formatReconcileReport(r: ReconcileReport): string {
  const out = [`reconcile ${r.month}: ${r.lineCount} bank-file lines, ${r.totalFen} fen`, 'kind\tcount\ttotal_fen\tcause'];
  for (const c of r.byCause) out.push(`${c.kind}\t${c.count}\t${c.totalFen}\t${c.cause}`);
  out.push(r.findings.length === 0 ? 'OK: every line traces to a decision event' : `${r.findings.length} finding(s):`);
  for (const f of r.findings) out.push(`  ${f}`);
  return out.join('\n');
}
