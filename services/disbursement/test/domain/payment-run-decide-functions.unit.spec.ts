/**
 * Each exported `decide<Command>` of the payment run, called alone (given the events → when the command →
 * then the events or the refusal), without the switch. The decider as a whole: payment-run.unit.spec.ts,
 * recovery.unit.spec.ts, money-invariants.unit.spec.ts.
 */
import { DomainError, fold } from '@sa/decider';
import {
  decideCompletePaymentRun,
  decideIssueBatch,
  decidePaymentRun,
  decideReissuePayment,
  decideRecordBankConfirmation,
  decideRecordBankFile,
  decideStartPaymentRun,
  initialPaymentRunState,
  PAYMENT_RUN_ERRORS,
  paymentRunDecider,
  type PaymentLine,
  type PaymentRunCommandOf,
  type PaymentRunEvent,
} from '../../src/domain';

const runId = 'run-1';
const started: PaymentRunEvent = {
  type: 'PaymentRunStarted',
  data: { runId, district: '440305', period: '2026-03', total: 1, asOf: '2026-03-01T00:00:00+08:00', startedAt: '2026-03-05T09:00:00+08:00' },
};
const line: PaymentLine = {
  paymentId: 'p-1',
  entitlementId: 'e-1',
  caseId: 'c-1',
  caseNumber: 'DB-1',
  program: 'MINIMUM_LIVING_ALLOWANCE',
  jurisdiction: '440305001001',
  amountFen: 100000,
  decisionId: 'd-1',
  recipient: { memberId: 'm-1', name: '收款人', bankAccountRef: 'acct-1' },
};
const inRun = { ...line, period: '2026-03' as const, runId };
const start: PaymentRunCommandOf<'StartPaymentRun'> = { type: 'StartPaymentRun', data: started.data as PaymentRunCommandOf<'StartPaymentRun'>['data'] };
const issue: PaymentRunCommandOf<'IssueBatch'> = { type: 'IssueBatch', data: { afterCursor: '', lastKey: 'e-1', payments: [line], held: [], issuedOn: '2026-03-05' } };
const file: PaymentRunCommandOf<'RecordBankFile'> = {
  type: 'RecordBankFile',
  data: { fileRef: 'bank/440305-2026-03.csv', paymentCount: 1, totalAmountFen: 100000, sha256: 'x', writtenAt: '2026-03-05T10:00:00+08:00' },
};
const confirm: PaymentRunCommandOf<'RecordBankConfirmation'> = {
  type: 'RecordBankConfirmation',
  data: { fileRef: 'bank/440305-2026-03.csv', confirmedOn: '2026-03-06', returns: [{ payment: inRun, reason: { code: 'ACCOUNT_CLOSED' } }] },
};
const reissue: PaymentRunCommandOf<'ReissuePayment'> = {
  type: 'ReissuePayment',
  data: { returned: inRun, newPaymentId: 'p-1r', recipient: { ...line.recipient, bankAccountRef: 'acct-2' }, issuedOn: '2026-03-07', bankFileRef: 'bank/r.csv' },
};
const complete: PaymentRunCommandOf<'CompletePaymentRun'> = { type: 'CompletePaymentRun', data: { completedAt: '2026-03-08T10:00:00+08:00' } };

/** Decides each command through the given function on the events so far, and appends what it decided. */
function run(): PaymentRunEvent[][] {
  const events: PaymentRunEvent[] = [];
  const steps: PaymentRunEvent[][] = [];
  const step = (decided: PaymentRunEvent[]) => {
    steps.push(decided);
    events.push(...decided);
  };
  step(decideStartPaymentRun(start, fold(paymentRunDecider, events)));
  step(decideIssueBatch(issue, fold(paymentRunDecider, events)));
  step(decideRecordBankFile(file, fold(paymentRunDecider, events)));
  step(decideRecordBankConfirmation(confirm, fold(paymentRunDecider, events)));
  step(decideReissuePayment(reissue, fold(paymentRunDecider, events)));
  step(decideCompletePaymentRun(complete, fold(paymentRunDecider, events)));
  return steps;
}

describe('payment run: each decide<Command> alone', () => {
  it('decides what the switch decides, step by step', () => {
    const alone = run();
    const events: PaymentRunEvent[] = [];
    const viaSwitch = [start, issue, file, confirm, reissue, complete].map((c) => {
      const decided = decidePaymentRun(c, fold(paymentRunDecider, events));
      events.push(...decided);
      return decided;
    });
    expect(alone).toEqual(viaSwitch);
    expect(alone.map((s) => s.map((e) => e.type))).toEqual([
      ['PaymentRunStarted'],
      ['PaymentBatchIssued'],
      ['BankFileWritten'],
      ['BankConfirmationRecorded', 'PaymentReturned'],
      ['PaymentReissued'],
      ['PaymentRunCompleted'],
    ]);
  });

  it.each([
    ['decideIssueBatch', () => decideIssueBatch(issue, initialPaymentRunState)],
    ['decideRecordBankFile', () => decideRecordBankFile(file, initialPaymentRunState)],
    ['decideRecordBankConfirmation', () => decideRecordBankConfirmation(confirm, initialPaymentRunState)],
    ['decideReissuePayment', () => decideReissuePayment(reissue, initialPaymentRunState)],
    ['decideCompletePaymentRun', () => decideCompletePaymentRun(complete, initialPaymentRunState)],
  ])('%s refuses a run that was never started (not found)', (_name, call) => {
    expect(call).toThrow(DomainError);
    try {
      call();
    } catch (e) {
      expect((e as DomainError).code).toBe(PAYMENT_RUN_ERRORS.notStarted);
    }
  });
});
