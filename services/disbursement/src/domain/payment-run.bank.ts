/**
 * Payment run, the bank: the bank file, the bank's confirmation (with its returns) and reissuing a returned payment.
 */
import { DomainError, nowOf, todayOf } from '@sa/decider';
import { PAYMENT_RUN_ERRORS, type PaymentRunCommandOf, type PaymentRunEvent, type PaymentRunState } from './payment-run';
import { notIssuing, requireStarted, stripRun } from './payment-run.guards';

export function decideRecordBankFile(command: PaymentRunCommandOf<'RecordBankFile'>, state: PaymentRunState): PaymentRunEvent[] {
  requireStarted(state);
  if (state.status !== 'ISSUING') return state.bankFileRefs.includes(command.data.fileRef) ? [] : notIssuing(state);
  if (command.data.paymentCount !== state.paymentCount || command.data.totalAmountFen !== state.totalAmountFen) {
    throw new DomainError(PAYMENT_RUN_ERRORS.counts, 'The bank file totals differ from the payments issued', {
      details: { expected: { count: state.paymentCount, total: state.totalAmountFen } },
    });
  }
  return [{ type: 'BankFileWritten', data: { ...command.data, writtenAt: nowOf(command) } }];
}

export function decideRecordBankConfirmation(command: PaymentRunCommandOf<'RecordBankConfirmation'>, state: PaymentRunState): PaymentRunEvent[] {
  requireStarted(state);
  if (state.status !== 'FILE_WRITTEN') {
    throw new DomainError(PAYMENT_RUN_ERRORS.notFileWritten, `The run is ${state.status}: the bank has no file to confirm`, { kind: 'conflict' });
  }
  const confirmedOn = command.data.confirmedOn ?? todayOf(command);
  const seen = new Set<string>();
  const returned: PaymentRunEvent[] = command.data.returns.map(({ payment, reason }) => {
    if (payment.runId !== state.runId || payment.period !== state.period || payment.entitlementId > state.cursor) {
      throw new DomainError(PAYMENT_RUN_ERRORS.notInRun, `Payment ${payment.paymentId} is not part of this run`, { field: 'paymentId' });
    }
    if (seen.has(payment.paymentId) || payment.paymentId in state.returned) {
      throw new DomainError(PAYMENT_RUN_ERRORS.alreadyReturned, `Payment ${payment.paymentId} is already returned`, { kind: 'conflict' });
    }
    seen.add(payment.paymentId);
    return {
      type: 'PaymentReturned',
      data: { payment: stripRun(payment), runId: state.runId, returnedOn: confirmedOn, reason },
    };
  });
  return [
    {
      type: 'BankConfirmationRecorded',
      data: {
        fileRef: command.data.fileRef,
        confirmedOn,
        acceptedCount: state.paymentCount - returned.length,
        returnedCount: returned.length,
      },
    },
    ...returned,
  ];
}

export function decideReissuePayment(command: PaymentRunCommandOf<'ReissuePayment'>, state: PaymentRunState): PaymentRunEvent[] {
  requireStarted(state);
  const r = command.data.returned;
  if (!(r.paymentId in state.returned)) {
    throw new DomainError(PAYMENT_RUN_ERRORS.notReturned, `Payment ${r.paymentId} was not returned by the bank`, { kind: 'conflict' });
  }
  if (state.returned[r.paymentId]) {
    throw new DomainError(PAYMENT_RUN_ERRORS.alreadyReissued, `Payment ${r.paymentId} was already reissued`, { kind: 'conflict' });
  }
  const next = command.data.recipient;
  if (next.bankAccountRef === r.recipient.bankAccountRef && next.name === r.recipient.name) {
    throw new DomainError(PAYMENT_RUN_ERRORS.accountNotCorrected, 'Correct the bank account before reissuing', { field: 'recipient.bankAccountRef' });
  }
  const { runId: _runId, period, ...line } = r;
  return [
    {
      type: 'PaymentReissued',
      data: {
        ...line,
        paymentId: command.data.newPaymentId,
        recipient: next,
        runId: state.runId,
        period,
        kind: 'REISSUE',
        reissueOfPaymentId: r.paymentId,
        issuedOn: todayOf(command),
        bankFileRef: command.data.bankFileRef,
      },
    },
  ];
}
