/**
 * 退款计划: a case that has ended (terminated) with an overpayment outstanding after the runs' offsets
 * repays it in instalments (RepaymentPlanRecorded); each repayment received is split over the plan's
 * overpayments, oldest first (OverpaymentRepaid). What the runs offset arrives in `offsetByDecision`.
 */
import { actorOf, DomainError, todayOf } from '@sa/decider';
import { ENTITLEMENT_ERRORS, type EntitlementCommandOf, type EntitlementEvent, type EntitlementState } from './entitlement';
import { caseOf, planBalance, requireRegistered, requireText } from './entitlement.guards';
import { assertFen, assertYearMonth } from './period';
import { allocateRepayment, outstandingOverpayments, totalOutstanding } from './recovery';

/** The plan: the case has ended, no plan is open, the instalments ascend from this month and add up to what is outstanding. */
export function decideRecordRepaymentPlan(command: EntitlementCommandOf<'RecordRepaymentPlan'>, state: EntitlementState): EntitlementEvent[] {
  const d = command.data;
  requireRegistered(state);
  const plans = state.repaymentPlans ?? [];
  if (plans.some((p) => p.planId === d.planId)) return [];
  if (state.timeline[state.timeline.length - 1]?.kind !== 'TERMINATED') {
    throw new DomainError(ENTITLEMENT_ERRORS.caseNotEnded, 'The case is still paid: the overpayment is recovered by offset against its payments', { kind: 'conflict' });
  }
  requireText(d.reason, 'reason');
  const open = plans.find((p) => planBalance(p) > 0);
  if (open) throw new DomainError(ENTITLEMENT_ERRORS.planExists, `Repayment plan ${open.planId} is still open`, { kind: 'conflict' });
  const outstanding = outstandingOverpayments(state, new Map(Object.entries(d.offsetByDecision))).filter((o) => o.outstandingFen > 0);
  // What earlier (settled) plans cover is already in the repayments; an open balance is refused above.
  const totalFen = totalOutstanding(outstanding);
  if (totalFen <= 0) throw new DomainError(ENTITLEMENT_ERRORS.nothingToRecover, 'No overpayment is outstanding on this case', { kind: 'conflict' });
  if (!Array.isArray(d.instalments) || d.instalments.length === 0) {
    throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, 'instalments: at least one', { field: 'instalments' });
  }
  const recordedOn = todayOf(command);
  const thisMonth = recordedOn.slice(0, 7);
  let previous = '';
  d.instalments.forEach((m, i) => {
    assertYearMonth(m.dueMonth, `instalments[${i}].dueMonth`);
    assertFen(m.amountFen, `instalments[${i}].amountFen`, { positive: true });
    if (m.dueMonth <= previous || m.dueMonth < thisMonth) {
      throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, `instalments: due months ascend from ${thisMonth}`, { field: `instalments[${i}].dueMonth` });
    }
    previous = m.dueMonth;
  });
  const sum = d.instalments.reduce((s, m) => s + m.amountFen, 0);
  if (sum !== totalFen) {
    throw new DomainError(ENTITLEMENT_ERRORS.planTotal, `The instalments add up to ${sum} fen, the outstanding overpayment is ${totalFen} fen`, {
      field: 'instalments',
      details: { outstandingFen: totalFen, instalmentsFen: sum },
    });
  }
  return [
    {
      type: 'RepaymentPlanRecorded',
      data: {
        ...caseOf(state),
        planId: d.planId,
        overpaymentDecisionIds: outstanding.map((o) => o.decisionId),
        totalFen,
        instalments: d.instalments.map((m) => ({ dueMonth: m.dueMonth, amountFen: m.amountFen })),
        reason: d.reason,
        recordedBy: actorOf(command),
        recordedOn,
      },
    },
  ];
}

/** A repayment under the plan, with its evidence; never beyond the plan's balance; the same repayment again is nothing. */
export function decideRecordRepayment(command: EntitlementCommandOf<'RecordRepayment'>, state: EntitlementState): EntitlementEvent[] {
  const d = command.data;
  requireRegistered(state);
  const plan = (state.repaymentPlans ?? []).find((p) => p.planId === d.planId);
  if (!plan) throw new DomainError(ENTITLEMENT_ERRORS.noPlan, `No repayment plan ${d.planId}`, { kind: 'not_found', field: 'planId' });
  if (plan.repayments.some((r) => r.repaymentId === d.repaymentId)) return [];
  assertFen(d.amountFen, 'amountFen', { positive: true });
  requireText(d.evidenceRef, 'evidenceRef');
  requireText(d.reason, 'reason');
  const balance = planBalance(plan);
  if (d.amountFen > balance) {
    throw new DomainError(ENTITLEMENT_ERRORS.repaymentTooLarge, `The plan's balance is ${balance} fen`, { field: 'amountFen', details: { balanceFen: balance } });
  }
  const outstanding = outstandingOverpayments(state, new Map(Object.entries(d.offsetByDecision))).filter((o) => plan.overpaymentDecisionIds.includes(o.decisionId));
  return [
    {
      type: 'OverpaymentRepaid',
      data: {
        ...caseOf(state),
        planId: d.planId,
        repaymentId: d.repaymentId,
        amountFen: d.amountFen,
        receivedOn: d.receivedOn,
        evidenceRef: d.evidenceRef,
        reason: d.reason,
        recordedBy: actorOf(command),
        allocation: allocateRepayment(outstanding, d.amountFen),
        outstandingAfterFen: balance - d.amountFen,
      },
    },
  ];
}
