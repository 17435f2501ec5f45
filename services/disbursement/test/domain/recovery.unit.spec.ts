import { fold, given } from '@sa/decider';
import {
  effectivelyPaid,
  entitlementDecider,
  evenInstalments,
  settleRetroactiveCorrection,
  outstandingOverpayments,
  paymentRunDecider,
  planRecovery,
  recoveryCapFor,
  addMonths,
  type EntitlementEvent,
  type EntitlementState,
  type PaymentLine,
  type PaymentRunEvent,
  type RecoveryInput,
} from '../../src/domain';
import { runCommand } from '../support/run-commands';

const recipient = { memberId: 'm-1', name: '王芳', bankAccountRef: 'acct-0001' };
const registered: EntitlementEvent = {
  type: 'EntitlementRegistered',
  data: {
    entitlementId: 'e-1',
    caseId: 'c-1',
    caseNumber: 'DB-1',
    decisionId: 'grant-1',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    jurisdiction: '440305001001',
    recipient,
    startMonth: '2026-01',
    monthlyAmountFen: 100000,
  },
};
const months = (diff: number, ...ms: string[]) => ms.map((month) => ({ month, owedFen: 100000 + diff, paidFen: 100000, differenceFen: diff }));
const arrears = (decisionId: string, perMonth: number, ...ms: string[]): EntitlementEvent => ({
  type: 'ArrearsDetermined',
  data: { decisionId, months: months(perMonth, ...ms), totalFen: perMonth * ms.length },
});
const overpaid = (decisionId: string, perMonth: number, ...ms: string[]): EntitlementEvent => ({
  type: 'OverpaymentRecorded',
  data: { decisionId, months: months(-perMonth, ...ms), totalFen: perMonth * ms.length },
});
const terminated: EntitlementEvent = { type: 'EntitlementTerminated', data: { decisionId: 'd-end', effectiveMonth: '2026-06', reasonCode: 'INCOME_ABOVE_STANDARD' } };

const stateOf = (...events: EntitlementEvent[]): EntitlementState => fold(entitlementDecider, [registered, ...events]);
const input = (state: EntitlementState, o: Partial<RecoveryInput> = {}): RecoveryInput => ({
  state,
  period: '2026-05',
  regular: { paymentId: 'p-reg', decisionId: 'grant-1', amountFen: 100000 },
  arrearsSettled: new Set(),
  offsetByDecision: new Map(),
  offsetThisMonth: false,
  capPercent: 30,
  arrearsPaymentId: (d) => `p-arrears-${d}`,
  ...o,
});

describe('arrears paid in the run (补发)', () => {
  it('given arrears of an increase, when the run plans the month, then one line pays them, tracing to the decision', () => {
    const plan = planRecovery(input(stateOf(arrears('d-up', 20000, '2026-03', '2026-04'))));
    expect(plan.arrears).toEqual([
      expect.objectContaining({ paymentId: 'p-arrears-d-up', decisionId: 'd-up', determinedFen: 40000, nettedFen: 0, amountFen: 40000, recipient, program: 'MINIMUM_LIVING_ALLOWANCE' }),
    ]);
    expect(plan.offsets).toEqual([]);
    expect(plan.regularNetFen).toBe(100000);
  });

  it('given arrears an earlier run settled, when a later run plans, then nothing is paid again', () => {
    const plan = planRecovery(input(stateOf(arrears('d-up', 20000, '2026-03')), { arrearsSettled: new Set(['d-up']) }));
    expect(plan.arrears).toEqual([]);
  });

  it('given a terminated case with arrears, when the run plans, then the arrears are still paid (back-pay is owed for months before the end)', () => {
    const plan = planRecovery(input(stateOf(arrears('d-up', 20000, '2026-03'), terminated), { regular: null }));
    expect(plan.arrears.map((a) => a.amountFen)).toEqual([20000]);
    expect(plan.regularNetFen).toBe(0);
  });
});

describe('overpayments recovered by offset (追回)', () => {
  it('given an overpayment, when the run plans a month, then at most the cap (30 % of the regular amount) is offset', () => {
    const plan = planRecovery(input(stateOf(overpaid('d-down', 40000, '2026-03', '2026-04'))));
    expect(plan.offsets).toEqual([
      expect.objectContaining({ overpaymentDecisionId: 'd-down', against: 'REGULAR', againstPaymentId: 'p-reg', againstDecisionId: 'grant-1', amountFen: 30000, capPercent: 30, capFen: 30000, outstandingAfterFen: 50000 }),
    ]);
    expect(plan.regularNetFen).toBe(70000);
  });

  it('given a partial recovery in earlier months, when the next months are planned, then the rest is recovered month by month and never more than outstanding', () => {
    const state = stateOf(overpaid('d-down', 40000, '2026-03', '2026-04'));
    const recovered: number[] = [];
    let soFar = 0;
    for (let i = 0; i < 4; i++) {
      const plan = planRecovery(input(state, { offsetByDecision: new Map([['d-down', soFar]]) }));
      const taken = plan.offsets.reduce((s, o) => s + o.amountFen, 0);
      recovered.push(taken);
      soFar += taken;
    }
    expect(recovered).toEqual([30000, 30000, 20000, 0]);
    expect(soFar).toBe(80000);
  });

  it('given a cap set by the jurisdiction, when planned, then that cap applies (rounded down to the fen)', () => {
    const plan = planRecovery(input(stateOf(overpaid('d-down', 40000, '2026-03')), { capPercent: 15, regular: { paymentId: 'p-reg', decisionId: 'grant-1', amountFen: 33333 } }));
    expect(plan.offsets[0]).toMatchObject({ amountFen: 4999, capFen: 4999 });
    expect(plan.regularNetFen).toBe(28334);
  });

  it('given two overpayments, when planned, then the oldest is recovered first and both are offset within one cap', () => {
    const plan = planRecovery(input(stateOf(overpaid('d-1', 10000, '2026-02'), overpaid('d-2', 50000, '2026-03'))));
    expect(plan.offsets.map((o) => [o.overpaymentDecisionId, o.amountFen, o.outstandingAfterFen])).toEqual([
      ['d-1', 10000, 0],
      ['d-2', 20000, 30000],
    ]);
  });

  it('given this month was already offset (a resumed run), when planned again, then nothing more is taken', () => {
    const plan = planRecovery(input(stateOf(overpaid('d-down', 40000, '2026-03')), { offsetThisMonth: true }));
    expect(plan.offsets).toEqual([]);
    expect(plan.regularNetFen).toBe(100000);
  });

  it('never offsets the whole payment: a cap of 100 % is refused, the offset stays below the payment', () => {
    expect(() => planRecovery(input(stateOf(overpaid('d-down', 40000, '2026-03')), { capPercent: 100 }))).toThrow(/capPercent/);
    const plan = planRecovery(input(stateOf(overpaid('d-down', 400000, '2026-03')), { capPercent: 99, regular: { paymentId: 'p-reg', decisionId: 'grant-1', amountFen: 1 } }));
    expect(plan.offsets).toEqual([]);
    expect(plan.regularNetFen).toBe(1);
  });

  it('given a terminated case (no regular payment), when planned, then nothing is offset', () => {
    const plan = planRecovery(input(stateOf(overpaid('d-down', 40000, '2026-03'), terminated), { regular: null }));
    expect(plan.offsets).toEqual([]);
  });
});

describe('arrears and an overpayment on the same case: netted first', () => {
  it('given an overpayment and later arrears, when planned, then the arrears settle the overpayment without the cap and only the rest is paid', () => {
    const plan = planRecovery(input(stateOf(overpaid('d-down', 40000, '2026-02'), arrears('d-up', 30000, '2026-03', '2026-04'))));
    expect(plan.arrears[0]).toMatchObject({ decisionId: 'd-up', determinedFen: 60000, nettedFen: 40000, amountFen: 20000 });
    expect(plan.offsets).toEqual([expect.objectContaining({ against: 'ARREARS', againstPaymentId: 'p-arrears-d-up', amountFen: 40000, outstandingAfterFen: 0 })]);
    expect(plan.regularNetFen).toBe(100000);
  });

  it('given arrears smaller than the overpayment, when planned, then no arrears line is paid and the rest is offset from the regular payment within the cap', () => {
    const plan = planRecovery(input(stateOf(overpaid('d-down', 100000, '2026-02'), arrears('d-up', 30000, '2026-03'))));
    expect(plan.arrears[0]).toMatchObject({ nettedFen: 30000, amountFen: 0 });
    expect(plan.offsets.map((o) => [o.against, o.amountFen, o.outstandingAfterFen])).toEqual([
      ['ARREARS', 30000, 70000],
      ['REGULAR', 30000, 40000],
    ]);
    expect(plan.regularNetFen).toBe(70000);
  });
});

// ---- the run decider refuses what planRecovery never produces --------------------------------------

const started: PaymentRunEvent = {
  type: 'PaymentRunStarted',
  data: { runId: 'r-1', district: '440305', period: '2026-05', total: 1, asOf: '2026-05-01T00:00:00.000Z', startedAt: '2026-05-01T08:00:00+08:00' },
};
const line = (o: Partial<PaymentLine> = {}): PaymentLine => ({
  paymentId: 'p-reg',
  entitlementId: 'e-1',
  caseId: 'c-1',
  caseNumber: 'DB-1',
  program: 'MINIMUM_LIVING_ALLOWANCE',
  jurisdiction: '440305001001',
  amountFen: 70000,
  decisionId: 'grant-1',
  recipient,
  offsetFen: 30000,
  ...o,
});

describe('a batch paying arrears and offsetting', () => {
  const state = stateOf(overpaid('d-down', 40000, '2026-03'), arrears('d-up', 20000, '2026-04'));
  const plan = planRecovery(input(state));
  const batch = (o: Record<string, unknown> = {}) =>
    runCommand(
      {
        type: 'IssueBatch',
        data: { afterCursor: '', lastKey: 'e-1', payments: [line({ amountFen: plan.regularNetFen, offsetFen: 100000 - plan.regularNetFen })], held: [], arrears: plan.arrears, offsets: plan.offsets, ...o },
      },
      '2026-05-10',
    );

  it('given a started run, when a batch carries arrears and offsets, then they are recorded and counted with the bank-file lines', () => {
    const [event] = given(paymentRunDecider, [started]).when(batch()).then([
      {
        type: 'PaymentBatchIssued',
        data: {
          runId: 'r-1',
          period: '2026-05',
          batchNo: 1,
          afterCursor: '',
          lastKey: 'e-1',
          issuedOn: '2026-05-10',
          paymentCount: 1,
          amountFen: plan.regularNetFen,
          payments: [line({ amountFen: plan.regularNetFen, offsetFen: 100000 - plan.regularNetFen })],
          held: [],
          arrears: plan.arrears,
          offsets: plan.offsets,
        },
      },
    ]);
    // 20000 arrears netted whole against the 40000 overpayment; 20000 left, offset from the regular payment (cap 30000).
    expect(plan.arrears[0]).toMatchObject({ amountFen: 0, nettedFen: 20000 });
    expect(plan.regularNetFen).toBe(80000);
    const after = fold(paymentRunDecider, [started, event!]);
    expect(after).toMatchObject({ paymentCount: 1, totalAmountFen: 80000, arrearsCount: 0, offsetCount: 2, offsetAmountFen: 40000 });
  });

  it('refuses an offset above the cap', () => {
    const offsets = plan.offsets.map((o) => (o.against === 'REGULAR' ? { ...o, capFen: 10000 } : o));
    given(paymentRunDecider, [started]).when(batch({ offsets })).thenThrows('offset_exceeds_cap');
  });

  it('refuses arrears whose paid and netted parts do not add up', () => {
    given(paymentRunDecider, [started]).when(batch({ arrears: [{ ...plan.arrears[0]!, amountFen: 20000 }] })).thenThrows('arrears_amount_mismatch');
  });

  it('refuses the same arrears twice in a batch', () => {
    given(paymentRunDecider, [started]).when(batch({ arrears: [plan.arrears[0]!, plan.arrears[0]!] })).thenThrows('arrears_already_settled');
  });

  it('refuses an offset against a payment the batch does not make', () => {
    const offsets = plan.offsets.map((o) => ({ ...o, againstPaymentId: 'p-other' }));
    given(paymentRunDecider, [started]).when(batch({ offsets })).thenThrows('offset_without_payment');
  });

  it('refuses arrears of an entitlement the run already covered (a second batch from the same cursor)', () => {
    const first = paymentRunDecider.decide(batch(), fold(paymentRunDecider, [started]));
    given(paymentRunDecider, [started, ...first]).when(batch()).thenThrows('batch_out_of_order');
  });

  it('pays an arrears line as a bank-file line of its own', () => {
    const s = stateOf(arrears('d-up', 20000, '2026-04'));
    const p = planRecovery(input(s));
    const [event] = given(paymentRunDecider, [started]).when(batch({ payments: [line({ amountFen: 100000, offsetFen: undefined })], arrears: p.arrears, offsets: [] })).then([
      expect.objectContaining({ type: 'PaymentBatchIssued' }) as unknown as PaymentRunEvent,
    ]);
    expect(fold(paymentRunDecider, [started, event!])).toMatchObject({ paymentCount: 2, totalAmountFen: 120000, arrearsCount: 1, arrearsAmountFen: 20000 });
  });
});

// ---- repayment plans (the case has ended) -----------------------------------------------------------

const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
describe('repayment plan and repayments', () => {
  const over = overpaid('d-down', 40000, '2026-03', '2026-04');
  const recordPlan = (o: Record<string, unknown> = {}) => ({
    type: 'RecordRepaymentPlan' as const,
    data: {
      planId: 'plan-1',
      instalments: evenInstalments(50000, 3, '2026-07', addMonths),
      reason: '终止后多发，按月退还',
      offsetByDecision: { 'd-down': 30000 },
      ...o,
    },
    // recorded by the officer on 15 June: the command's metadata
    metadata: { actor: officer, now: '2026-06-15T10:00:00.000+08:00' },
  });

  it('given a terminated case with 50000 fen outstanding after offsets, when a plan is recorded, then its instalments cover exactly the outstanding amount', () => {
    given(entitlementDecider, [registered, over, terminated]).when(recordPlan()).then([
      {
        type: 'RepaymentPlanRecorded',
        data: {
          caseId: 'c-1',
          caseNumber: 'DB-1',
          entitlementId: 'e-1',
          jurisdiction: '440305001001',
          planId: 'plan-1',
          overpaymentDecisionIds: ['d-down'],
          totalFen: 50000,
          instalments: [
            { dueMonth: '2026-07', amountFen: 16667 },
            { dueMonth: '2026-08', amountFen: 16667 },
            { dueMonth: '2026-09', amountFen: 16666 },
          ],
          reason: '终止后多发，按月退还',
          recordedBy: officer,
          recordedOn: '2026-06-15',
        },
      },
    ]);
  });

  it('refuses a plan while the case is still paid (offset applies)', () => {
    given(entitlementDecider, [registered, over]).when(recordPlan()).thenThrows('case_not_ended');
  });

  it('refuses instalments that do not add up to the outstanding amount', () => {
    given(entitlementDecider, [registered, over, terminated]).when(recordPlan({ instalments: [{ dueMonth: '2026-07', amountFen: 40000 }] })).thenThrows('repayment_plan_total_mismatch');
  });

  it('records a plan once (a retried command), and refuses a second plan while the first is open', () => {
    const [plan] = entitlementDecider.decide(recordPlan(), stateOf(over, terminated));
    given(entitlementDecider, [registered, over, terminated, plan!]).when(recordPlan()).thenNothing();
    given(entitlementDecider, [registered, over, terminated, plan!]).when(recordPlan({ planId: 'plan-2' })).thenThrows('repayment_plan_exists');
  });

  it('records repayments against the plan, never beyond its balance, each once', () => {
    const [plan] = entitlementDecider.decide(recordPlan(), stateOf(over, terminated));
    const repay = (repaymentId: string, amountFen: number) => ({
      type: 'RecordRepayment' as const,
      data: { planId: 'plan-1', repaymentId, amountFen, receivedOn: '2026-07-05', evidenceRef: 'doc:receipt/1', reason: '第1期退款', offsetByDecision: { 'd-down': 30000 } },
      metadata: { actor: officer, now: '2026-07-06T10:00:00.000+08:00' },
    });
    const [paid] = given(entitlementDecider, [registered, over, terminated, plan!]).when(repay('r-1', 16667)).then([
      {
        type: 'OverpaymentRepaid',
        data: {
          caseId: 'c-1',
          caseNumber: 'DB-1',
          entitlementId: 'e-1',
          jurisdiction: '440305001001',
          planId: 'plan-1',
          repaymentId: 'r-1',
          amountFen: 16667,
          receivedOn: '2026-07-05',
          evidenceRef: 'doc:receipt/1',
          reason: '第1期退款',
          recordedBy: officer,
          allocation: [{ overpaymentDecisionId: 'd-down', amountFen: 16667, outstandingAfterFen: 33333 }],
          outstandingAfterFen: 33333,
        },
      },
    ]);
    given(entitlementDecider, [registered, over, terminated, plan!, paid!]).when(repay('r-1', 16667)).thenNothing();
    given(entitlementDecider, [registered, over, terminated, plan!, paid!]).when(repay('r-2', 33334)).thenThrows('repayment_exceeds_outstanding');
    const after = fold(entitlementDecider, [registered, over, terminated, plan!, paid!]);
    expect(outstandingOverpayments(after, new Map([['d-down', 30000]]))).toEqual([{ decisionId: 'd-down', totalFen: 80000, recoveredFen: 46667, outstandingFen: 33333 }]);
  });
});

describe('a second retroactive decision on months already corrected', () => {
  it('given arrears determined for March–April, when a further increase from March is settled, then only the new difference is owed (never the same difference twice)', () => {
    const first = stateOf(
      { type: 'EntitlementAmountChanged', data: { decisionId: 'd-up', effectiveMonth: '2026-03', previousAmountFen: 100000, amountFen: 120000, reasonCode: 'STANDARD_ADJUSTED' } },
      arrears('d-up', 20000, '2026-03', '2026-04'),
      { type: 'EntitlementAmountChanged', data: { decisionId: 'd-up2', effectiveMonth: '2026-03', previousAmountFen: 120000, amountFen: 130000, reasonCode: 'STANDARD_ADJUSTED' } },
    );
    const bank = [
      { month: '2026-03', amountFen: 100000 },
      { month: '2026-04', amountFen: 100000 },
    ];
    const paid = effectivelyPaid(first, bank, [], '2026-03');
    expect(paid).toEqual([
      { month: '2026-03', amountFen: 120000 },
      { month: '2026-04', amountFen: 120000 },
    ]);
    expect(settleRetroactiveCorrection(first, paid, '2026-03', '2026-04').supplementary?.totalFen).toBe(20000);
  });

  it('counts a regular payment before its offset: the month was paid in full, the offset repaid an older overpayment', () => {
    const state = stateOf(overpaid('d-down', 40000, '2026-02'));
    expect(effectivelyPaid(state, [{ month: '2026-05', amountFen: 70000 }], [{ month: '2026-05', amountFen: 30000 }], '2026-05')).toEqual([{ month: '2026-05', amountFen: 100000 }]);
  });
});

describe('the cap of the grant’s policy (issue 14 item 4)', () => {
  type Registered = Extract<EntitlementEvent, { type: 'EntitlementRegistered' }>;
  const registeredUnder = (recoveryCapPercent?: number): EntitlementEvent => ({
    type: 'EntitlementRegistered',
    data: { ...(registered as Registered).data, ...(recoveryCapPercent !== undefined ? { recoveryCapPercent } : {}) },
  });
  const stateUnder = (cap: number | undefined, ...events: EntitlementEvent[]): EntitlementState => fold(entitlementDecider, [registeredUnder(cap), ...events]);
  const SERVICE_DEFAULT = 30;
  const planFor = (state: EntitlementState) => planRecovery(input(state, { capPercent: recoveryCapFor(state, SERVICE_DEFAULT).capPercent }));

  it('given a grant decided under a policy capping 追回 at 20 % and a ¥900 overpayment, when the run plans a ¥1,000 month, then ¥200 is offset and the line records 20 % / ¥200', () => {
    const state = stateUnder(20, overpaid('d-down', 30000, '2026-02', '2026-03', '2026-04'));
    expect(state.recoveryCapPercent).toBe(20);
    expect(recoveryCapFor(state, SERVICE_DEFAULT)).toEqual({ capPercent: 20, source: 'POLICY' });
    const plan = planFor(state);
    expect(plan.offsets).toEqual([expect.objectContaining({ overpaymentDecisionId: 'd-down', against: 'REGULAR', amountFen: 20000, capPercent: 20, capFen: 20000, outstandingAfterFen: 70000 })]);
    expect(plan.regularNetFen).toBe(80000);
  });

  it('given a grant decided before the policy carried a cap, when the run plans, then the service setting (30 %) is the cap', () => {
    const state = stateUnder(undefined, overpaid('d-down', 30000, '2026-02', '2026-03', '2026-04'));
    expect(state.recoveryCapPercent).toBeUndefined();
    expect(recoveryCapFor(state, SERVICE_DEFAULT)).toEqual({ capPercent: 30, source: 'SERVICE_DEFAULT' });
    const plan = planFor(state);
    expect(plan.offsets).toEqual([expect.objectContaining({ amountFen: 30000, capPercent: 30, capFen: 30000 })]);
    expect(plan.regularNetFen).toBe(70000);
  });

  it('given a policy cap of 0 %, when the run plans, then nothing is offset from the month (the overpayment stays outstanding)', () => {
    const plan = planFor(stateUnder(0, overpaid('d-down', 30000, '2026-02')));
    expect(plan.offsets).toEqual([]);
    expect(plan.regularNetFen).toBe(100000);
  });

  it('given a grant carrying a cap outside 0–99, when registered, then it is refused (invalid_recovery_cap); 20 is registered', () => {
    const register = (cap: number) => ({ type: 'RegisterEntitlement' as const, data: (registeredUnder(cap) as Registered).data, metadata: { actor: officer, now: '2026-06-15T10:00:00.000+08:00' } });
    given(entitlementDecider, []).when(register(100)).thenThrows('invalid_recovery_cap');
    given(entitlementDecider, []).when(register(20)).then([registeredUnder(20)]);
  });

  it('given a case terminated and granted again under a policy without a cap, then the new grant’s absence of a cap applies (the service setting)', () => {
    const regrant: EntitlementEvent = { type: 'EntitlementRegistered', data: { ...(registered as Registered).data, decisionId: 'grant-2', startMonth: '2026-08' } };
    const state = stateUnder(20, terminated, regrant);
    expect(recoveryCapFor(state, SERVICE_DEFAULT).source).toBe('SERVICE_DEFAULT');
  });
});

describe('the cap follows the newest policy (BenefitChanged v5, issue 14 item 4)', () => {
  const SERVICE_DEFAULT = 30;
  const metadata = { actor: { id: 'eligibility', role: 'system', jurisdiction: '440305' }, now: '2026-06-15T10:00:00.000+08:00' };
  const decrease = (decisionId: string, recoveryCap?: { capPercent: number; policyVersion: string }) => ({
    type: 'ApplyBenefitChange' as const,
    data: { decisionId, changeType: 'DECREASE' as const, effectiveMonth: '2026-07', monthlyAmountFen: 90000, reasonCode: 'INCOME_INCREASED', ...(recoveryCap ? { recoveryCap } : {}) },
    metadata,
  });
  const amountChanged = (decisionId: string): EntitlementEvent => ({
    type: 'EntitlementAmountChanged',
    data: { decisionId, effectiveMonth: '2026-07', previousAmountFen: 100000, amountFen: 90000, reasonCode: 'INCOME_INCREASED' },
  });
  const capChanged = (decisionId: string, previousCapPercent: number | null, capPercent: number): EntitlementEvent => ({
    type: 'EntitlementRecoveryCapChanged',
    data: { decisionId, policyVersion: '440305-2026-07', previousCapPercent, capPercent },
  });

  it('given a grant without a cap (service default 30 %), when a change decided under a policy with 20 % is applied, then the cap becomes 20 % (source POLICY) and the next offset is at most 20 %', () => {
    const events = given(entitlementDecider, [registered]).when(decrease('d-new', { capPercent: 20, policyVersion: '440305-2026-07' })).then([amountChanged('d-new'), capChanged('d-new', null, 20)]);
    const state = fold(entitlementDecider, [registered, ...events, overpaid('d-down', 30000, '2026-02', '2026-03', '2026-04')]);
    expect(state).toMatchObject({ recoveryCapPercent: 20, recoveryCapPolicyVersion: '440305-2026-07' });
    expect(recoveryCapFor(state, SERVICE_DEFAULT)).toEqual({ capPercent: 20, source: 'POLICY' });
    const plan = planRecovery(input(state, { period: '2026-07', regular: { paymentId: 'p-reg', decisionId: 'd-new', amountFen: 90000 }, capPercent: recoveryCapFor(state, SERVICE_DEFAULT).capPercent }));
    expect(plan.offsets).toEqual([expect.objectContaining({ amountFen: 18000, capPercent: 20, capFen: 18000 })]);
  });

  it('given a grant capped at 20 %, when a change under a policy with 10 % is applied, then 10 % replaces it; the same cap again records no cap change', () => {
    const granted: EntitlementEvent = { type: 'EntitlementRegistered', data: { ...(registered as Extract<EntitlementEvent, { type: 'EntitlementRegistered' }>).data, recoveryCapPercent: 20 } };
    given(entitlementDecider, [granted]).when(decrease('d-new', { capPercent: 10, policyVersion: '440305-2026-07' })).then([amountChanged('d-new'), capChanged('d-new', 20, 10)]);
    given(entitlementDecider, [granted]).when(decrease('d-new', { capPercent: 20, policyVersion: '440305-2026-07' })).then([amountChanged('d-new')]);
  });

  it('given a change without a cap (v1–v4, or a policy that sets none), then the cap in force stays', () => {
    given(entitlementDecider, [registered]).when(decrease('d-new')).then([amountChanged('d-new')]);
    expect(recoveryCapFor(stateOf(amountChanged('d-new')), SERVICE_DEFAULT).source).toBe('SERVICE_DEFAULT');
  });

  it('given the same change delivered twice, then nothing; a cap outside 0–99 is refused naming the field', () => {
    given(entitlementDecider, [registered, amountChanged('d-new'), capChanged('d-new', null, 20)]).when(decrease('d-new', { capPercent: 20, policyVersion: '440305-2026-07' })).thenNothing();
    const error = given(entitlementDecider, [registered]).when(decrease('d-new', { capPercent: 100, policyVersion: '440305-2026-07' })).thenThrows<Error & { field?: string }>('invalid_recovery_cap');
    expect(error.field).toBe('overpaymentRecovery.monthlyCapPercent');
  });
});
