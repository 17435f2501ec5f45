/**
 * 补发批次 (supplementary run, issue 14 item 4): an officer starts it to pay arrears now instead of waiting for the
 * next monthly run. Given the run's events → when the command → then the events or the refusal.
 */
import { type DomainError, fold } from '@sa/decider';
import {
  decideIssueBatch,
  decideStartPaymentRun,
  PAYMENT_RUN_ERRORS,
  paymentRunDecider,
  type ArrearsLine,
  type OffsetLine,
  type PaymentLine,
  type PaymentRunCommandOf,
  type PaymentRunEvent,
} from '../../src/domain';
import { runCommand } from '../support/run-commands';

const recipient = { memberId: 'm-1', name: '王芳', bankAccountRef: 'acct-0001' };
const startData = (o: Partial<PaymentRunCommandOf<'StartPaymentRun'>['data']> = {}): PaymentRunCommandOf<'StartPaymentRun'>['data'] => ({
  runId: 'run-s',
  district: '440305',
  period: '2026-06',
  total: 3,
  asOf: '2026-06-15T01:00:00.000Z',
  kind: 'SUPPLEMENTARY',
  ...o,
});
/** Started by an officer at 09:00 on 15 June 2026 (metadata.now). */
const startRun = (o: Partial<PaymentRunCommandOf<'StartPaymentRun'>['data']> = {}) => runCommand({ type: 'StartPaymentRun', data: startData(o) }, '2026-06-15T09:00:00+08:00');
const started: PaymentRunEvent = { type: 'PaymentRunStarted', data: { ...startData(), startedAt: '2026-06-15T09:00:00+08:00' } };
const arrearsLine = (entitlementId: string, decisionId: string, amountFen: number): ArrearsLine => ({
  paymentId: `pa-${entitlementId}-${decisionId}`,
  entitlementId,
  caseId: `c-${entitlementId}`,
  caseNumber: `DB-${entitlementId}`,
  program: 'MINIMUM_LIVING_ALLOWANCE',
  jurisdiction: '440305001001',
  decisionId,
  months: [{ month: '2026-04', owedFen: amountFen, paidFen: 0, differenceFen: amountFen }],
  determinedFen: amountFen,
  nettedFen: 0,
  amountFen,
  recipient,
});
const regular: PaymentLine = {
  paymentId: 'p-reg',
  entitlementId: 'e-2',
  caseId: 'c-e-2',
  caseNumber: 'DB-e-2',
  program: 'MINIMUM_LIVING_ALLOWANCE',
  jurisdiction: '440305001001',
  amountFen: 130000,
  decisionId: 'grant-2',
  recipient,
};
const batch = (o: Partial<PaymentRunCommandOf<'IssueBatch'>['data']>): PaymentRunCommandOf<'IssueBatch'> =>
  runCommand({ type: 'IssueBatch', data: { afterCursor: '', lastKey: 'e-3', payments: [], held: [], ...o } }, '2026-06-15');
const refusal = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('补发批次: a supplementary run pays arrears only', () => {
  it('given nothing, when an officer starts a supplementary run for the current month, then it is started as SUPPLEMENTARY', () => {
    const events = decideStartPaymentRun(startRun(), fold(paymentRunDecider, []));
    expect(events).toEqual([started]);
    expect(fold(paymentRunDecider, events)).toMatchObject({ status: 'ISSUING', kind: 'SUPPLEMENTARY', period: '2026-06' });
  });

  it('given nothing, when a supplementary run is started for next month, then it is refused naming the period (it pays now)', () => {
    const err = refusal(() => decideStartPaymentRun(startRun({ period: '2026-07' }), fold(paymentRunDecider, [])));
    expect(err).toMatchObject({ code: PAYMENT_RUN_ERRORS.periodOutOfRange, field: 'period' });
  });

  it('given a started supplementary run, when a batch pays one entitlement’s arrears and holds the others, then the arrears line is paid and every entitlement counted once', () => {
    const state = fold(paymentRunDecider, [started]);
    const [event] = decideIssueBatch(
      batch({ arrears: [arrearsLine('e-1', 'approval-1', 260000)], held: [{ entitlementId: 'e-2', caseId: 'c-e-2', status: 'NO_ARREARS' }, { entitlementId: 'e-3', caseId: 'c-e-3', status: 'NO_ARREARS' }] }),
      state,
    );
    expect(event).toMatchObject({ type: 'PaymentBatchIssued', data: { paymentCount: 1, amountFen: 260000, payments: [], arrears: [{ entitlementId: 'e-1', decisionId: 'approval-1', amountFen: 260000 }] } });
    const after = fold(paymentRunDecider, [started, event!]);
    expect(after).toMatchObject({ done: 3, paymentCount: 1, totalAmountFen: 260000, arrearsCount: 1, arrearsAmountFen: 260000, heldCount: 2, cursor: 'e-3' });
  });

  it('given a started supplementary run, when a batch carries a regular payment, then it is refused: the month is the monthly run’s', () => {
    const err = refusal(() => decideIssueBatch(batch({ payments: [regular] }), fold(paymentRunDecider, [started])));
    expect(err).toMatchObject({ code: PAYMENT_RUN_ERRORS.supplementaryArrearsOnly, field: 'payments' });
  });

  it('given a started supplementary run, when a batch offsets against a regular payment, then it is refused', () => {
    const offset: OffsetLine = {
      entitlementId: 'e-1',
      caseId: 'c-e-1',
      caseNumber: 'DB-e-1',
      jurisdiction: '440305001001',
      overpaymentDecisionId: 'down-1',
      against: 'REGULAR',
      againstDecisionId: 'grant-1',
      againstPaymentId: 'p-x',
      amountFen: 100,
      outstandingAfterFen: 0,
    };
    const err = refusal(() => decideIssueBatch(batch({ arrears: [arrearsLine('e-1', 'approval-1', 260000)], offsets: [offset] }), fold(paymentRunDecider, [started])));
    expect(err).toMatchObject({ code: PAYMENT_RUN_ERRORS.supplementaryArrearsOnly, field: 'offsets' });
  });

  it('given a supplementary run past an entitlement, when a batch names that entitlement’s arrears again, then it is refused as already issued', () => {
    const first = decideIssueBatch(batch({ lastKey: 'e-1', arrears: [arrearsLine('e-1', 'approval-1', 260000)] }), fold(paymentRunDecider, [started]));
    const err = refusal(() => decideIssueBatch(batch({ afterCursor: 'e-1', lastKey: 'e-3', arrears: [arrearsLine('e-1', 'approval-1', 260000)] }), fold(paymentRunDecider, [started, ...first])));
    expect(err).toMatchObject({ code: PAYMENT_RUN_ERRORS.alreadyPaid });
  });

  it('given a monthly run, when a batch has arrears of an entitlement neither paid nor held, then it is still refused (a monthly run covers each entitlement by its payment or hold)', () => {
    const monthly: PaymentRunEvent = { type: 'PaymentRunStarted', data: { ...startData(), startedAt: '2026-06-15T09:00:00+08:00', kind: undefined } };
    const err = refusal(() => decideIssueBatch(batch({ payments: [regular], lastKey: 'e-2', arrears: [arrearsLine('e-1', 'approval-1', 260000)] }), fold(paymentRunDecider, [monthly])));
    expect(err).toMatchObject({ code: PAYMENT_RUN_ERRORS.outOfOrder });
  });
});
