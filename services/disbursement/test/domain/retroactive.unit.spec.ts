import { fold, given } from '@sa/decider';
import { entitlementDecider, lateRegistrationMonths, settleRetroactiveCorrection, type EntitlementEvent } from '../../src/domain';

const recipient = { memberId: 'm-1', name: '王芳', bankAccountRef: 'acct-0001' };
/** The consumer's command: eligibility's actor, the time it is decided at. */
const metadata = { actor: { id: 'eligibility', role: 'system', jurisdiction: '440305' }, now: '2026-05-02T10:00:00.000+08:00' };
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
const paidEachMonth = ['2026-01', '2026-02', '2026-03', '2026-04'].map((month) => ({ month, amountFen: 100000 }));

describe('retroactive corrections', () => {
  it('lists the back-pay per past month when an increase applies from an earlier month', () => {
    const state = fold(entitlementDecider, [
      registered,
      { type: 'EntitlementAmountChanged', data: { decisionId: 'd-2', effectiveMonth: '2026-03', previousAmountFen: 100000, amountFen: 120000, reasonCode: 'STANDARD_ADJUSTED' } },
    ]);
    expect(settleRetroactiveCorrection(state, paidEachMonth, '2026-03', '2026-04')).toEqual({
      supplementary: {
        months: [
          { month: '2026-03', owedFen: 120000, paidFen: 100000, differenceFen: 20000 },
          { month: '2026-04', owedFen: 120000, paidFen: 100000, differenceFen: 20000 },
        ],
        totalFen: 40000,
      },
      recovery: null,
    });
  });

  it('lists the months to recover when a termination applies from an earlier month', () => {
    const state = fold(entitlementDecider, [
      registered,
      { type: 'EntitlementTerminated', data: { decisionId: 'd-3', effectiveMonth: '2026-04', reasonCode: 'FALSE_DECLARATION' } },
    ]);
    expect(settleRetroactiveCorrection(state, paidEachMonth, '2026-01', '2026-04')).toEqual({
      supplementary: null,
      recovery: { months: [{ month: '2026-04', owedFen: 0, paidFen: 100000, differenceFen: -100000 }], totalFen: 100000 },
    });
  });

  it('yields nothing when what was paid is what is owed', () => {
    const state = fold(entitlementDecider, [registered]);
    expect(settleRetroactiveCorrection(state, paidEachMonth, '2026-01', '2026-04')).toEqual({ supplementary: null, recovery: null });
  });
});

describe('settling a retroactive correction on the entitlement', () => {
  const decrease: EntitlementEvent = {
    type: 'EntitlementAmountChanged',
    data: { decisionId: 'd-2', effectiveMonth: '2026-03', previousAmountFen: 100000, amountFen: 60000, reasonCode: 'INCOME_INCREASED' },
  };
  const settle = { type: 'SettleRetroactiveCorrection' as const, data: { decisionId: 'd-2', from: '2026-03', through: '2026-04', paid: paidEachMonth }, metadata };

  it('records the overpayment to recover with its months and amounts', () => {
    given(entitlementDecider, [registered, decrease]).when(settle).then([
      {
        type: 'OverpaymentRecorded',
        data: {
          decisionId: 'd-2',
          months: [
            { month: '2026-03', owedFen: 60000, paidFen: 100000, differenceFen: -40000 },
            { month: '2026-04', owedFen: 60000, paidFen: 100000, differenceFen: -40000 },
          ],
          totalFen: 80000,
        },
      },
    ]);
  });

  it('settles a decision only once', () => {
    const [recorded] = entitlementDecider.decide(settle, fold(entitlementDecider, [registered, decrease]));
    given(entitlementDecider, [registered, decrease, recorded!]).when(settle).thenNothing();
  });
});

describe('late registration (an approval ordered on appeal, start month in the past)', () => {
  const lateGrant: EntitlementEvent = { ...registered, data: { ...registered.data, decisionId: 'appeal-approval-1', startMonth: '2026-04', monthlyAmountFen: 130000 } };

  it('back-pays the months from the start month that runs of the district already passed; none when no run passed it', () => {
    expect(lateRegistrationMonths('2026-04', ['2026-03', '2026-04', '2026-05', '2026-06'])).toEqual({ from: '2026-04', through: '2026-06' });
    expect(lateRegistrationMonths('2026-04', ['2026-02', '2026-03'])).toBeNull();
    expect(lateRegistrationMonths('2026-04', [])).toBeNull();
  });

  it('given a registration from April, when settled through June with nothing paid, then arrears of April–June on the approval, once', () => {
    const settle = { type: 'SettleRetroactiveCorrection' as const, data: { decisionId: 'appeal-approval-1', from: '2026-04', through: '2026-06', paid: [] }, metadata };
    const [arrears] = given(entitlementDecider, [lateGrant])
      .when(settle)
      .then([
        {
          type: 'ArrearsDetermined',
          data: {
            decisionId: 'appeal-approval-1',
            months: ['2026-04', '2026-05', '2026-06'].map((month) => ({ month, owedFen: 130000, paidFen: 0, differenceFen: 130000 })),
            totalFen: 390000,
          },
        },
      ]);
    // Never twice: the same settlement again (a redelivered AssistanceGranted) determines nothing.
    given(entitlementDecider, [lateGrant, arrears!]).when(settle).thenNothing();
  });
});
