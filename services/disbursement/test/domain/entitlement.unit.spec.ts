import { given } from '@sa/decider';
import {
  amountForPeriod,
  entitlementDecider,
  paymentProgramOf,
  type EntitlementEvent,
  type EntitlementRegistered,
  type EntitlementState,
} from '../../src/domain';
import { fold } from '@sa/decider';

const caseId = '11111111-1111-4111-8111-111111111111';
const recipient = { memberId: '22222222-2222-4222-8222-222222222222', name: '王芳', bankAccountRef: 'acct-0001' };

const registered: EntitlementRegistered = {
  type: 'EntitlementRegistered',
  data: {
    entitlementId: 'e-1',
    caseId,
    caseNumber: 'DB-440305001-2026-000001',
    decisionId: 'grant-1',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    jurisdiction: '440305001001',
    recipient,
    startMonth: '2026-03',
    monthlyAmountFen: 130000,
  },
};

const stateOf = (events: EntitlementEvent[]): EntitlementState => fold(entitlementDecider, events);
/** Who acts and when: the command's metadata (the consumer's commands carry eligibility's actor). */
const by = (actor: { id: string; role: string; jurisdiction: string }, day: string) => ({ actor, now: `${day}T10:00:00.000+08:00` });
const metadata = by({ id: 'eligibility', role: 'system', jurisdiction: '440305' }, '2026-03-01');
const change = (decisionId: string, changeType: string, effectiveMonth: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'ApplyBenefitChange', data: { decisionId, changeType, effectiveMonth, reasonCode: 'OTHER', ...extra }, metadata }) as never;

describe('entitlement', () => {
  it('is created from a grant with the amount per month from the start month', () => {
    given(entitlementDecider, []).when({ type: 'RegisterEntitlement', data: registered.data, metadata }).then([registered]);
    const state = stateOf([registered]);
    expect(amountForPeriod(state, '2026-02')).toEqual({ status: 'NOT_STARTED', payable: false, amountFen: 0 });
    expect(amountForPeriod(state, '2026-03')).toMatchObject({ status: 'PAYABLE', payable: true, amountFen: 130000, decisionId: 'grant-1' });
    expect(amountForPeriod(state, '2027-12').amountFen).toBe(130000);
  });

  it('ignores the same grant delivered twice', () => {
    given(entitlementDecider, [registered]).when({ type: 'RegisterEntitlement', data: registered.data, metadata }).thenNothing();
  });

  it('单人保 in a 低保边缘 household: registered for the covered member, paid the 单人保 amount as 低保', () => {
    const son = { memberId: '33333333-3333-4333-8333-333333333333', name: '张小军' };
    const data = { ...registered.data, program: 'LOW_INCOME_MARGINAL' as const, coverage: 'INDIVIDUAL' as const, membersCovered: [son], monthlyAmountFen: 62000 };
    given(entitlementDecider, []).when({ type: 'RegisterEntitlement', data, metadata }).then([{ type: 'EntitlementRegistered', data }]);
    const state = stateOf([{ type: 'EntitlementRegistered', data }]);
    expect(state).toMatchObject({ program: 'LOW_INCOME_MARGINAL', coverage: 'INDIVIDUAL', membersCovered: [son], recipient });
    expect(amountForPeriod(state, '2026-03')).toMatchObject({ status: 'PAYABLE', payable: true, amountFen: 62000 });
    expect(paymentProgramOf(state)).toBe('MINIMUM_LIVING_ALLOWANCE');
  });

  it('pays every other entitlement under the programme decided (a 低保边缘 household approval, 低保, 特困)', () => {
    expect(paymentProgramOf(stateOf([{ ...registered, data: { ...registered.data, program: 'LOW_INCOME_MARGINAL', coverage: 'HOUSEHOLD', monthlyAmountFen: 0 } }]))).toBe('LOW_INCOME_MARGINAL');
    expect(paymentProgramOf(stateOf([registered]))).toBe('MINIMUM_LIVING_ALLOWANCE');
    expect(paymentProgramOf(stateOf([{ ...registered, data: { ...registered.data, program: 'EXTREME_POVERTY_SUPPORT' } }]))).toBe('EXTREME_POVERTY_SUPPORT');
  });

  it('refuses a 单人保 grant that names no covered member', () => {
    const data = { ...registered.data, program: 'LOW_INCOME_MARGINAL' as const, coverage: 'INDIVIDUAL' as const, membersCovered: [], monthlyAmountFen: 62000 };
    given(entitlementDecider, []).when({ type: 'RegisterEntitlement', data, metadata }).thenThrows('covered_member_required');
  });

  it('refuses a grant without a bank account', () => {
    const data = { ...registered.data, recipient: { ...recipient, bankAccountRef: '' } };
    given(entitlementDecider, []).when({ type: 'RegisterEntitlement', data, metadata }).thenThrows('invalid_bank_account');
  });

  it('refuses an amount that is not whole fen', () => {
    given(entitlementDecider, []).when({ type: 'RegisterEntitlement', data: { ...registered.data, monthlyAmountFen: 100.5 }, metadata }).thenThrows('invalid_amount');
  });

  it('refuses a second grant while the entitlement is active', () => {
    given(entitlementDecider, [registered]).when({ type: 'RegisterEntitlement', data: { ...registered.data, decisionId: 'grant-2' }, metadata }).thenThrows(
      'entitlement_already_registered',
    );
  });

  it('applies an amount change from its month only', () => {
    const [changed] = given(entitlementDecider, [registered]).when(change('d-2', 'DECREASE', '2026-06', { monthlyAmountFen: 70000 })).then([
      {
        type: 'EntitlementAmountChanged',
        data: { decisionId: 'd-2', effectiveMonth: '2026-06', previousAmountFen: 130000, amountFen: 70000, reasonCode: 'OTHER' },
      },
    ]);
    const state = stateOf([registered, changed!]);
    expect(amountForPeriod(state, '2026-05').amountFen).toBe(130000);
    expect(amountForPeriod(state, '2026-06').amountFen).toBe(70000);
  });

  it('pays a taper schedule month by month and nothing after its last month', () => {
    const schedule = [
      { month: '2026-05', amountFen: 100000 },
      { month: '2026-06', amountFen: 80000 },
    ];
    const [tapered] = given(entitlementDecider, [registered]).when(change('d-3', 'TAPER', '2026-05', { taperSchedule: schedule })).then([
      { type: 'EntitlementTapered', data: { decisionId: 'd-3', effectiveMonth: '2026-05', schedule, reasonCode: 'OTHER' } },
    ]);
    const state = stateOf([registered, tapered!]);
    expect(amountForPeriod(state, '2026-04').amountFen).toBe(130000);
    expect(amountForPeriod(state, '2026-05').amountFen).toBe(100000);
    expect(amountForPeriod(state, '2026-06').amountFen).toBe(80000);
    expect(amountForPeriod(state, '2026-07')).toMatchObject({ status: 'ENDED', payable: false, amountFen: 0 });
  });

  it('refuses a taper schedule whose months do not ascend', () => {
    const schedule = [
      { month: '2026-06', amountFen: 100000 },
      { month: '2026-05', amountFen: 80000 },
    ];
    given(entitlementDecider, [registered]).when(change('d-3', 'TAPER', '2026-05', { taperSchedule: schedule })).thenThrows('invalid_schedule');
  });

  it('pays nothing while suspended and the resumed amount afterwards', () => {
    const events = [
      registered,
      ...given(entitlementDecider, [registered]).when(change('d-4', 'SUSPENSION', '2026-05')).then([
        { type: 'EntitlementSuspended', data: { decisionId: 'd-4', effectiveMonth: '2026-05', reasonCode: 'OTHER' } },
      ]),
    ];
    const resumed = given(entitlementDecider, events).when(change('d-5', 'RESUMPTION', '2026-08', { monthlyAmountFen: 90000 })).then([
      { type: 'EntitlementResumed', data: { decisionId: 'd-5', effectiveMonth: '2026-08', amountFen: 90000, reasonCode: 'OTHER' } },
    ]);
    const state = stateOf([...events, ...resumed]);
    expect(amountForPeriod(state, '2026-06')).toMatchObject({ status: 'SUSPENDED', payable: false, amountFen: 0 });
    expect(amountForPeriod(state, '2026-08')).toMatchObject({ status: 'PAYABLE', amountFen: 90000 });
  });

  it('pays nothing after termination', () => {
    const terminated = given(entitlementDecider, [registered]).when(change('d-6', 'TERMINATION', '2026-09')).then([
      { type: 'EntitlementTerminated', data: { decisionId: 'd-6', effectiveMonth: '2026-09', reasonCode: 'OTHER' } },
    ]);
    const state = stateOf([registered, ...terminated]);
    expect(amountForPeriod(state, '2026-08').payable).toBe(true);
    expect(amountForPeriod(state, '2026-09')).toMatchObject({ status: 'TERMINATED', payable: false, amountFen: 0 });
  });

  it('ignores a change decision delivered twice', () => {
    const events = [registered, ...entitlementDecider.decide(change('d-6', 'TERMINATION', '2026-09'), stateOf([registered]))];
    given(entitlementDecider, events).when(change('d-6', 'TERMINATION', '2026-09')).thenNothing();
  });

  it('refuses a change for a case it has no entitlement for', () => {
    given(entitlementDecider, []).when(change('d-1', 'SUSPENSION', '2026-05')).thenThrows('entitlement_not_registered');
  });

  it('refuses an increase without the new amount', () => {
    given(entitlementDecider, [registered]).when(change('d-1', 'INCREASE', '2026-05')).thenThrows('missing_amount');
  });

  it('pays temporary assistance instalments and nothing after', () => {
    const data = {
      ...registered.data,
      program: 'TEMPORARY_ASSISTANCE' as const,
      monthlyAmountFen: undefined,
      instalments: [
        { month: '2026-03', amountFen: 50000 },
        { month: '2026-04', amountFen: 30000 },
      ],
    };
    const events = given(entitlementDecider, []).when({ type: 'RegisterEntitlement', data, metadata }).then([{ type: 'EntitlementRegistered', data }]);
    const state = stateOf(events);
    expect(amountForPeriod(state, '2026-04').amountFen).toBe(30000);
    expect(amountForPeriod(state, '2026-05').payable).toBe(false);
  });

  describe('payee change (four-eyes, with the household request as evidence)', () => {
    const corrected = { ...recipient, bankAccountRef: 'acct-0002' };
    const first = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
    const second = { id: 'officer-2', role: 'disbursement_officer', jurisdiction: '440305' };
    const change = { changeId: 'chg-1', recipient: corrected, householdRequestRef: 'doc:payee-change/2026/0320', reason: '原账户已销户' };
    const requested = { type: 'BankAccountChangeRequested' as const, data: { ...change, requestedBy: first, requestedOn: '2026-03-20' } };

    it('records the request; the payee does not change until a second officer approves', () => {
      given(entitlementDecider, [registered]).when({ type: 'RequestBankAccountChange', data: change, metadata: by(first, '2026-03-20') }).then([requested]);
      expect(stateOf([registered, requested]).recipient).toEqual(recipient);
      given(entitlementDecider, [registered, requested]).when({ type: 'CorrectBankAccount', data: { changeId: 'chg-1' }, metadata: by(second, '2026-03-21') }).then([
        {
          type: 'BankAccountCorrected',
          data: { previous: recipient, recipient: corrected, correctedOn: '2026-03-21', changeId: 'chg-1', householdRequestRef: change.householdRequestRef, requestedBy: first, approvedBy: second },
        },
      ]);
    });

    it('refuses approval by the requesting officer, an unknown change, a request without evidence, an unchanged account', () => {
      given(entitlementDecider, [registered, requested]).when({ type: 'CorrectBankAccount', data: { changeId: 'chg-1' }, metadata: by(first, '2026-03-21') }).thenThrows('four_eyes_required');
      given(entitlementDecider, [registered]).when({ type: 'CorrectBankAccount', data: { changeId: 'chg-1' }, metadata: by(second, '2026-03-21') }).thenThrows('bank_account_change_not_found');
      given(entitlementDecider, [registered]).when({ type: 'RequestBankAccountChange', data: { ...change, householdRequestRef: ' ' }, metadata: by(first, '2026-03-20') }).thenThrows('household_request_required');
      given(entitlementDecider, [registered]).when({ type: 'RequestBankAccountChange', data: { ...change, recipient }, metadata: by(first, '2026-03-20') }).thenThrows('bank_account_unchanged');
    });
  });
});
