/**
 * `decide` of the payment run: one exported function per command, grouped by step (payment-run.issuing.ts,
 * payment-run.bank.ts, payment-run.completion.ts; shared guards in payment-run.guards.ts), and this switch.
 */
import type { Decider } from '@sa/decider';
import { evolvePaymentRun, initialPaymentRunState, type PaymentRunCommand, type PaymentRunEvent, type PaymentRunState } from './payment-run';
import { decideRecordBankConfirmation, decideRecordBankFile, decideReissuePayment } from './payment-run.bank';
import { decideCompletePaymentRun } from './payment-run.completion';
import { decideIssueBatch, decideStartPaymentRun } from './payment-run.issuing';

export function decidePaymentRun(command: PaymentRunCommand, state: PaymentRunState): PaymentRunEvent[] {
  switch (command.type) {
    case 'StartPaymentRun':
      return decideStartPaymentRun(command, state);
    case 'IssueBatch':
      return decideIssueBatch(command, state);
    case 'RecordBankFile':
      return decideRecordBankFile(command, state);
    case 'RecordBankConfirmation':
      return decideRecordBankConfirmation(command, state);
    case 'ReissuePayment':
      return decideReissuePayment(command, state);
    case 'CompletePaymentRun':
      return decideCompletePaymentRun(command, state);
  }
  return [];
}

export const paymentRunDecider: Decider<PaymentRunCommand, PaymentRunEvent, PaymentRunState> = {
  decide: decidePaymentRun,
  evolve: evolvePaymentRun,
  initialState: initialPaymentRunState,
};
