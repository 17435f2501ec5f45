/**
 * Payment run, completion: closing a confirmed run with its totals per program.
 */
import { DomainError, nowOf } from '@sa/decider';
import type { Program } from './entitlement';
import { PAYMENT_RUN_ERRORS, type PaymentRunCommandOf, type PaymentRunEvent, type PaymentRunState } from './payment-run';
import { requireStarted } from './payment-run.guards';

export function decideCompletePaymentRun(command: PaymentRunCommandOf<'CompletePaymentRun'>, state: PaymentRunState): PaymentRunEvent[] {
  requireStarted(state);
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
        completedAt: nowOf(command),
        paymentCount: state.paymentCount,
        totalAmountFen: state.totalAmountFen,
        heldCount: state.heldCount,
        byProgram,
        bankFileRefs: state.bankFileRefs,
      },
    },
  ];
}
