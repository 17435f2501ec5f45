import { fold, given } from '@sa/decider';
import { issuedPayments, paymentRunDecider, type PaymentLine, type PaymentRunCommandOf, type PaymentRunEvent } from '../../src/domain';
import { runCommand } from '../support/run-commands';

const runId = 'run-1';
const started: PaymentRunEvent = {
  type: 'PaymentRunStarted',
  data: { runId, district: '440305', period: '2026-03', total: 3, asOf: '2026-03-01T00:00:00+08:00', startedAt: '2026-03-05T09:00:00+08:00' },
};
const line = (n: number, amountFen = 100000): PaymentLine => ({
  paymentId: `p-${n}`,
  entitlementId: `e-${n}`,
  caseId: `c-${n}`,
  caseNumber: `DB-${n}`,
  program: 'MINIMUM_LIVING_ALLOWANCE',
  jurisdiction: '440305001001',
  amountFen,
  decisionId: `d-${n}`,
  recipient: { memberId: `m-${n}`, name: `收款人${n}`, bankAccountRef: `acct-${n}` },
});
const issue = (afterCursor: string, lastKey: string, payments: PaymentLine[], held: { entitlementId: string; caseId: string; status: string }[] = []) =>
  runCommand({ type: 'IssueBatch', data: { afterCursor, lastKey, payments, held } }, '2026-03-05');
/** The start as the executor sends it: the run's facts in data, the instant of the start in metadata.now. */
const start = (data: Partial<PaymentRunCommandOf<'StartPaymentRun'>['data']> = {}, now = '2026-03-05T09:00:00+08:00') => {
  const { startedAt: _at, ...facts } = started.data as PaymentRunCommandOf<'StartPaymentRun'>['data'] & { startedAt: string };
  return runCommand({ type: 'StartPaymentRun', data: { ...facts, ...data } }, now);
};
const batch1 = paymentRunDecider.decide(issue('', 'e-2', [line(1), line(2)]), fold(paymentRunDecider, [started]));
const batch2 = paymentRunDecider.decide(
  issue('e-2', 'e-3', [], [{ entitlementId: 'e-3', caseId: 'c-3', status: 'SUSPENDED' }]),
  fold(paymentRunDecider, [started, ...batch1]),
);
const fileWritten: PaymentRunEvent = {
  type: 'BankFileWritten',
  data: { fileRef: 'bank/440305-2026-03.csv', paymentCount: 2, totalAmountFen: 200000, sha256: 'x', writtenAt: '2026-03-05T10:00:00+08:00' },
};
const inRun = (n: number) => ({ ...line(n), period: '2026-03', runId });

describe('payment run', () => {
  it('starts once; starting it again resumes it', () => {
    given(paymentRunDecider, []).when(start()).then([started]);
    given(paymentRunDecider, [started]).when(start()).thenNothing();
  });

  it('starts only for the month of the start or the next (Asia/Shanghai), else period_out_of_range on period', () => {
    const at = (period: string, startedAt = '2026-03-05T09:00:00+08:00') => start({ period }, startedAt);
    given(paymentRunDecider, []).when(at('2026-04')).then([{ type: 'PaymentRunStarted', data: { ...started.data, period: '2026-04' } } as PaymentRunEvent]);
    given(paymentRunDecider, []).when(at('2027-01', '2026-12-31T23:30:00+08:00')).then([{ type: 'PaymentRunStarted', data: { ...started.data, period: '2027-01', startedAt: '2026-12-31T23:30:00+08:00' } } as PaymentRunEvent]);
    for (const period of ['2031-06', '2026-02', '2026-05']) {
      expect(() => paymentRunDecider.decide(at(period), paymentRunDecider.initialState)).toThrow(expect.objectContaining({ code: 'period_out_of_range', field: 'period' }));
    }
  });

  it('refuses a run for anything but a district', () => {
    given(paymentRunDecider, []).when(start({ district: '440305001' })).thenThrows('invalid_district');
  });

  it('issues a batch as ONE event carrying one payment per entitlement (each with its decision) and counts progress', () => {
    expect(batch1).toEqual([
      {
        type: 'PaymentBatchIssued',
        data: { runId, period: '2026-03', batchNo: 1, afterCursor: '', lastKey: 'e-2', issuedOn: '2026-03-05', paymentCount: 2, amountFen: 200000, payments: [line(1), line(2)], held: [] },
      },
    ]);
    expect(issuedPayments(batch1[0]!).map((p) => [p.entitlementId, p.decisionId, p.kind, p.period, p.runId])).toEqual([
      ['e-1', 'd-1', 'REGULAR', '2026-03', runId],
      ['e-2', 'd-2', 'REGULAR', '2026-03', runId],
    ]);
    const state = fold(paymentRunDecider, [started, ...batch1, ...batch2]);
    expect(state).toMatchObject({ done: 3, total: 3, paymentCount: 2, heldCount: 1, totalAmountFen: 200000, cursor: 'e-3', batches: 2 });
    expect(state.byProgram).toEqual({ MINIMUM_LIVING_ALLOWANCE: { paymentCount: 2, totalAmountFen: 200000 } });
  });

  it('still reads runs stored before the batch event (one PaymentIssued per payment + PaymentBatchProcessed) to the same state', () => {
    const old = (events: PaymentRunEvent[]): PaymentRunEvent[] =>
      events.flatMap((e) =>
        e.type !== 'PaymentBatchIssued'
          ? [e]
          : [
              ...issuedPayments(e).map((data) => ({ type: 'PaymentIssued' as const, data })),
              { type: 'PaymentBatchProcessed' as const, data: { batchNo: e.data.batchNo, afterCursor: e.data.afterCursor, lastKey: e.data.lastKey, paymentCount: e.data.paymentCount, amountFen: e.data.amountFen, held: e.data.held } },
            ],
      );
    const now = fold(paymentRunDecider, [started, ...batch1, ...batch2, fileWritten]);
    expect(fold(paymentRunDecider, old([started, ...batch1, ...batch2, fileWritten]))).toEqual(now);
    expect(old(batch1).flatMap(issuedPayments)).toEqual(batch1.flatMap(issuedPayments));
    given(paymentRunDecider, old([started, ...batch1])).when(issue('e-2', 'e-3', [line(2)])).thenThrows('payment_already_issued');
  });

  it('refuses to pay an entitlement twice for the same month', () => {
    given(paymentRunDecider, [started, ...batch1]).when(issue('e-2', 'e-3', [line(2)])).thenThrows('payment_already_issued');
  });

  it('refuses a batch that does not continue from where the run is (a stale executor)', () => {
    given(paymentRunDecider, [started, ...batch1]).when(issue('', 'e-2', [line(1), line(2)])).thenThrows('batch_out_of_order');
  });

  it('refuses the same entitlement twice within one batch', () => {
    given(paymentRunDecider, [started]).when(issue('', 'e-1', [line(1), line(1)])).thenThrows('payment_already_issued');
  });

  it('refuses a bank file whose totals differ from the payments issued', () => {
    given(paymentRunDecider, [started, ...batch1])
      .when(runCommand({ type: 'RecordBankFile', data: { fileRef: 'bank/440305-2026-03.csv', paymentCount: 2, totalAmountFen: 1, sha256: 'x' } }, '2026-03-05T10:00:00+08:00'))
      .thenThrows('bank_file_totals_mismatch');
  });

  it('records the bank confirmation with the returned payments', () => {
    const reason = { code: 'ACCOUNT_CLOSED' as const, bankMessage: '账户已销户' };
    given(paymentRunDecider, [started, ...batch1, ...batch2, fileWritten])
      .when(runCommand({ type: 'RecordBankConfirmation', data: { fileRef: 'bank/440305-2026-03.csv', confirmedOn: '2026-03-06', returns: [{ payment: inRun(2), reason }] } }, '2026-03-06'))
      .then([
        { type: 'BankConfirmationRecorded', data: { fileRef: 'bank/440305-2026-03.csv', confirmedOn: '2026-03-06', acceptedCount: 1, returnedCount: 1 } },
        { type: 'PaymentReturned', data: { payment: { ...line(2), period: '2026-03' }, runId, returnedOn: '2026-03-06', reason } },
      ]);
  });

  describe('after a return', () => {
    const confirmed = paymentRunDecider.decide(
      runCommand({ type: 'RecordBankConfirmation', data: { fileRef: 'f', confirmedOn: '2026-03-06', returns: [{ payment: inRun(2), reason: { code: 'ACCOUNT_CLOSED' } }] } }, '2026-03-06'),
      fold(paymentRunDecider, [started, ...batch1, ...batch2, fileWritten]),
    );
    const past = [started, ...batch1, ...batch2, fileWritten, ...confirmed];
    const corrected = { memberId: 'm-2', name: '收款人2', bankAccountRef: 'acct-2-new' };
    const reissue = (recipient = corrected, returned = inRun(2)) =>
      runCommand({ type: 'ReissuePayment', data: { returned, newPaymentId: 'p-2r', recipient, bankFileRef: 'bank/reissue-p-2.csv' } }, '2026-03-10');

    it('refuses to reissue to the same account', () => {
      given(paymentRunDecider, past).when(reissue(line(2).recipient)).thenThrows('bank_account_not_corrected');
    });

    it('reissues once to the corrected account', () => {
      const events = given(paymentRunDecider, past).when(reissue()).then([
        {
          type: 'PaymentReissued',
          data: {
            ...line(2),
            paymentId: 'p-2r',
            recipient: corrected,
            runId,
            period: '2026-03',
            kind: 'REISSUE',
            reissueOfPaymentId: 'p-2',
            issuedOn: '2026-03-10',
            bankFileRef: 'bank/reissue-p-2.csv',
          },
        },
      ]);
      given(paymentRunDecider, [...past, ...events]).when(reissue()).thenThrows('payment_already_reissued');
    });

    it('refuses to reissue a payment the bank did not return', () => {
      given(paymentRunDecider, past).when(reissue(corrected, inRun(1))).thenThrows('payment_not_returned');
    });

    it('completes with the totals per program', () => {
      given(paymentRunDecider, past).when(runCommand({ type: 'CompletePaymentRun', data: {} }, '2026-03-06T18:00:00+08:00')).then([
        {
          type: 'PaymentRunCompleted',
          data: {
            runId,
            district: '440305',
            period: '2026-03',
            completedAt: '2026-03-06T18:00:00+08:00',
            paymentCount: 2,
            totalAmountFen: 200000,
            heldCount: 1,
            byProgram: [{ program: 'MINIMUM_LIVING_ALLOWANCE', paymentCount: 2, totalAmountFen: 200000 }],
            bankFileRefs: ['bank/440305-2026-03.csv'],
          },
        },
      ]);
    });
  });

  it('refuses to complete before the bank confirmed', () => {
    given(paymentRunDecider, [started, ...batch1, fileWritten]).when(runCommand({ type: 'CompletePaymentRun', data: {} }, '2026-03-06')).thenThrows('bank_confirmation_missing');
  });
});
