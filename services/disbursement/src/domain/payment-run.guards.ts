/**
 * Guards the payment-run `decide<Command>` functions share.
 */
import { DomainError } from '@sa/decider';
import { PAYMENT_RUN_ERRORS, type PaymentLine, type PaymentRunState } from './payment-run';
import type { YearMonth } from './period';

/** Every command but `StartPaymentRun` needs a started run. */
export function requireStarted(state: PaymentRunState): void {
  if (state.status === 'NONE') throw new DomainError(PAYMENT_RUN_ERRORS.notStarted, 'No such payment run', { kind: 'not_found' });
}

export function notIssuing(state: PaymentRunState): never {
  throw new DomainError(PAYMENT_RUN_ERRORS.notIssuing, `The run is ${state.status}`, { kind: 'conflict' });
}

export function stripRun(p: PaymentLine & { period: YearMonth; runId: string }): PaymentLine & { period: YearMonth } {
  const { runId: _runId, ...rest } = p;
  return rest;
}
