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
import { runCommand } from '../support/run-commands';

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
const { startedAt, ...startData } = started.data as PaymentRunCommandOf<'StartPaymentRun'>['data'] & { startedAt: string };
// Every instant and day the events record comes from the command's metadata.now (never from data).
const start = runCommand({ type: 'StartPaymentRun', data: startData }, startedAt);
const issue = runCommand({ type: 'IssueBatch', data: { afterCursor: '', lastKey: 'e-1', payments: [line], held: [] } }, '2026-03-05T09:30:00+08:00');
const file = runCommand({ type: 'RecordBankFile', data: { fileRef: 'bank/440305-2026-03.csv', paymentCount: 1, totalAmountFen: 100000, sha256: 'x' } }, '2026-03-05T10:00:00+08:00');
const confirm = runCommand(
  { type: 'RecordBankConfirmation', data: { fileRef: 'bank/440305-2026-03.csv', confirmedOn: '2026-03-06', returns: [{ payment: inRun, reason: { code: 'ACCOUNT_CLOSED' } }] } },
  '2026-03-06T15:00:00+08:00',
);
const reissue = runCommand(
  { type: 'ReissuePayment', data: { returned: inRun, newPaymentId: 'p-1r', recipient: { ...line.recipient, bankAccountRef: 'acct-2' }, bankFileRef: 'bank/r.csv' } },
  '2026-03-07T10:00:00+08:00',
);
const complete = runCommand({ type: 'CompletePaymentRun', data: {} }, '2026-03-08T10:00:00+08:00');

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

  it('takes every time it records from metadata.now: startedAt, issuedOn, writtenAt, a reissue, completedAt', () => {
    const [startedEvt, batch, written, , reissued, completed] = run().map((s) => s[0]!);
    expect(startedEvt).toEqual(started);
    expect(batch).toMatchObject({ type: 'PaymentBatchIssued', data: { issuedOn: '2026-03-05' } });
    expect(written).toMatchObject({ type: 'BankFileWritten', data: { writtenAt: '2026-03-05T10:00:00+08:00' } });
    expect(reissued).toMatchObject({ type: 'PaymentReissued', data: { issuedOn: '2026-03-07' } });
    expect(completed).toMatchObject({ type: 'PaymentRunCompleted', data: { completedAt: '2026-03-08T10:00:00+08:00' } });
  });

  it("a confirmation without the bank's date is dated the day of metadata.now (Asia/Shanghai), its returns too", () => {
    const events: PaymentRunEvent[] = [];
    for (const c of [start, issue, file]) events.push(...decidePaymentRun(c, fold(paymentRunDecider, events)));
    const { confirmedOn: _bankDate, ...undated } = confirm.data;
    // 2026-03-06T17:30Z is 01:30 on 7 March in Asia/Shanghai
    const decided = decideRecordBankConfirmation(runCommand({ type: 'RecordBankConfirmation', data: undated }, '2026-03-06T17:30:00Z'), fold(paymentRunDecider, events));
    expect(decided).toMatchObject([
      { type: 'BankConfirmationRecorded', data: { confirmedOn: '2026-03-07' } },
      { type: 'PaymentReturned', data: { returnedOn: '2026-03-07' } },
    ]);
  });

  it('refuses a command without a valid metadata.now (time is never guessed)', () => {
    const { metadata: _m, ...body } = complete;
    const confirmed: PaymentRunEvent[] = [];
    for (const c of [start, issue, file, confirm]) confirmed.push(...decidePaymentRun(c, fold(paymentRunDecider, confirmed)));
    expect(() => decideCompletePaymentRun(body as never, fold(paymentRunDecider, confirmed))).toThrow(expect.objectContaining({ code: 'invalid_command_time', field: 'metadata.now' }));
    expect(() => decideStartPaymentRun({ ...start, metadata: { ...start.metadata, now: '5 March' } }, initialPaymentRunState)).toThrow(
      expect.objectContaining({ code: 'invalid_command_time' }),
    );
  });
});
