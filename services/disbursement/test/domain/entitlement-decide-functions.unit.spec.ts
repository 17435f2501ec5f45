/**
 * Each exported `decide<Command>` of the entitlement, called alone (given the events → when the command →
 * then the events or the refusal), without the switch. The decider as a whole: entitlement.unit.spec.ts,
 * recovery.unit.spec.ts.
 */
import { fold } from '@sa/decider';
import {
  decideApplyBenefitChange,
  decideCorrectBankAccount,
  decideEntitlement,
  decideRecordRepayment,
  decideRecordRepaymentPlan,
  decideRegisterEntitlement,
  decideRequestBankAccountChange,
  decideSettleRetroactiveCorrection,
  entitlementDecider,
  planBalance,
  type EntitlementCommandOf,
  type EntitlementEvent,
  type EntitlementRegistered,
  type EntitlementState,
} from '../../src/domain';

const recipient = { memberId: '22222222-2222-4222-8222-222222222222', name: '王芳', bankAccountRef: 'acct-0001' };
const registered: EntitlementRegistered = {
  type: 'EntitlementRegistered',
  data: {
    entitlementId: 'e-1',
    caseId: 'c-1',
    caseNumber: 'DB-1',
    decisionId: 'grant-1',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    jurisdiction: '440305001001',
    recipient,
    startMonth: '2026-03',
    monthlyAmountFen: 100000,
  },
};
const first = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
const second = { id: 'officer-2', role: 'disbursement_officer', jurisdiction: '440305' };
const stateOf = (...events: EntitlementEvent[]): EntitlementState => fold(entitlementDecider, events);

/** Who acts and when: the command's metadata (its date in Asia/Shanghai is the decider's "today"). */
const by = (actor: { id: string; role: string; jurisdiction: string }, day: string) => ({ actor, now: `${day}T10:00:00.000+08:00` });
const system = by({ id: 'eligibility', role: 'system', jurisdiction: '440305' }, '2026-03-01');
const command = <T extends Parameters<typeof decideEntitlement>[0]['type']>(type: T, data: EntitlementCommandOf<T>['data'], metadata = system): EntitlementCommandOf<T> =>
  ({ type, data, metadata }) as EntitlementCommandOf<T>;

describe('entitlement decide functions, each alone', () => {
  describe('decideRegisterEntitlement', () => {
    it('given no entitlement, when a grant arrives, then EntitlementRegistered', () => {
      expect(decideRegisterEntitlement(command('RegisterEntitlement', registered.data), stateOf())).toEqual([registered]);
    });
    it('given the grant already registered, when it arrives again, then nothing', () => {
      expect(decideRegisterEntitlement(command('RegisterEntitlement', registered.data), stateOf(registered))).toEqual([]);
    });
    it('given an active entitlement, when another grant arrives, then entitlement_already_registered', () => {
      expect(() => decideRegisterEntitlement(command('RegisterEntitlement', { ...registered.data, decisionId: 'grant-2' }), stateOf(registered))).toThrow(
        expect.objectContaining({ code: 'entitlement_already_registered', kind: 'conflict' }),
      );
    });
  });

  describe('decideApplyBenefitChange', () => {
    const change = (o: Partial<EntitlementCommandOf<'ApplyBenefitChange'>['data']>) =>
      command('ApplyBenefitChange', { decisionId: 'd-2', changeType: 'INCREASE', effectiveMonth: '2026-05', reasonCode: 'OTHER', ...o });
    it('given an entitlement, when an increase arrives, then EntitlementAmountChanged from the previous amount', () => {
      expect(decideApplyBenefitChange(change({ monthlyAmountFen: 120000 }), stateOf(registered))).toEqual([
        { type: 'EntitlementAmountChanged', data: { decisionId: 'd-2', effectiveMonth: '2026-05', previousAmountFen: 100000, amountFen: 120000, reasonCode: 'OTHER' } },
      ]);
    });
    it('given no entitlement, when a change arrives, then entitlement_not_registered', () => {
      expect(() => decideApplyBenefitChange(change({ changeType: 'SUSPENSION' }), stateOf())).toThrow(expect.objectContaining({ code: 'entitlement_not_registered' }));
    });
  });

  describe('decideSettleRetroactiveCorrection', () => {
    const decreased: EntitlementEvent = {
      type: 'EntitlementAmountChanged',
      data: { decisionId: 'd-down', effectiveMonth: '2026-03', previousAmountFen: 100000, amountFen: 80000, reasonCode: 'OTHER' },
    };
    const settle = command('SettleRetroactiveCorrection', { decisionId: 'd-down', from: '2026-03', through: '2026-04', paid: [{ month: '2026-03', amountFen: 100000 }, { month: '2026-04', amountFen: 100000 }] });
    it('given a decrease back to months paid in full, when settled, then OverpaymentRecorded month by month', () => {
      expect(decideSettleRetroactiveCorrection(settle, stateOf(registered, decreased))).toEqual([
        {
          type: 'OverpaymentRecorded',
          data: {
            decisionId: 'd-down',
            months: [
              { month: '2026-03', owedFen: 80000, paidFen: 100000, differenceFen: -20000 },
              { month: '2026-04', owedFen: 80000, paidFen: 100000, differenceFen: -20000 },
            ],
            totalFen: 40000,
          },
        },
      ]);
    });
    it('given the decision already settled, when settled again, then nothing', () => {
      const [recorded] = decideSettleRetroactiveCorrection(settle, stateOf(registered, decreased));
      expect(decideSettleRetroactiveCorrection(settle, stateOf(registered, decreased, recorded!))).toEqual([]);
    });
  });

  describe('decideRequestBankAccountChange / decideCorrectBankAccount', () => {
    const corrected = { ...recipient, bankAccountRef: 'acct-0002' };
    const change = { changeId: 'chg-1', recipient: corrected, householdRequestRef: 'doc:payee-change/1', reason: '原账户已销户' };
    const requested: EntitlementEvent = { type: 'BankAccountChangeRequested', data: { ...change, requestedBy: first, requestedOn: '2026-03-20' } };
    it('given an entitlement, when an officer asks for a change on 20 March, then BankAccountChangeRequested by that officer on that day; a second one while it is pending is refused', () => {
      expect(decideRequestBankAccountChange(command('RequestBankAccountChange', change, by(first, '2026-03-20')), stateOf(registered))).toEqual([requested]);
      expect(() => decideRequestBankAccountChange(command('RequestBankAccountChange', { ...change, changeId: 'chg-2' }, by(first, '2026-03-20')), stateOf(registered, requested))).toThrow(
        expect.objectContaining({ code: 'bank_account_change_pending', kind: 'conflict' }),
      );
    });
    it('given a pending change, when a second officer approves (the metadata actor), then BankAccountCorrected; the requester may not', () => {
      expect(decideCorrectBankAccount(command('CorrectBankAccount', { changeId: 'chg-1' }, by(second, '2026-03-21')), stateOf(registered, requested))).toEqual([
        {
          type: 'BankAccountCorrected',
          data: { previous: recipient, recipient: corrected, correctedOn: '2026-03-21', changeId: 'chg-1', householdRequestRef: 'doc:payee-change/1', requestedBy: first, approvedBy: second },
        },
      ]);
      expect(() => decideCorrectBankAccount(command('CorrectBankAccount', { changeId: 'chg-1' }, by(first, '2026-03-21')), stateOf(registered, requested))).toThrow(
        expect.objectContaining({ code: 'four_eyes_required', kind: 'forbidden' }),
      );
    });
  });

  describe('decideRecordRepaymentPlan / decideRecordRepayment', () => {
    const overpaid: EntitlementEvent = { type: 'OverpaymentRecorded', data: { decisionId: 'd-down', months: [{ month: '2026-03', owedFen: 70000, paidFen: 100000, differenceFen: -30000 }], totalFen: 30000 } };
    const terminated: EntitlementEvent = { type: 'EntitlementTerminated', data: { decisionId: 'd-end', effectiveMonth: '2026-05', reasonCode: 'OTHER' } };
    const plan = command(
      'RecordRepaymentPlan',
      { planId: 'plan-1', instalments: [{ dueMonth: '2026-07', amountFen: 20000 }], reason: '终止后多发', offsetByDecision: { 'd-down': 10000 } },
      by(first, '2026-06-15'),
    );
    it('given a terminated case with 20000 fen outstanding after offsets, when a plan of 20000 is recorded, then RepaymentPlanRecorded', () => {
      const [recorded] = decideRecordRepaymentPlan(plan, stateOf(registered, overpaid, terminated));
      expect(recorded).toMatchObject({ type: 'RepaymentPlanRecorded', data: { planId: 'plan-1', totalFen: 20000, overpaymentDecisionIds: ['d-down'], recordedBy: first, recordedOn: '2026-06-15' } });
    });
    it('given a case still paid, when a plan is recorded, then case_not_ended', () => {
      expect(() => decideRecordRepaymentPlan(plan, stateOf(registered, overpaid))).toThrow(expect.objectContaining({ code: 'case_not_ended' }));
    });
    it('given instalments due before this month, when a plan is recorded, then invalid_schedule', () => {
      const early = command('RecordRepaymentPlan', { ...plan.data, instalments: [{ dueMonth: '2026-05', amountFen: 20000 }] }, by(first, '2026-06-15'));
      expect(() => decideRecordRepaymentPlan(early, stateOf(registered, overpaid, terminated))).toThrow(expect.objectContaining({ code: 'invalid_schedule', field: 'instalments[0].dueMonth' }));
    });
    it('given a plan, when a repayment is recorded, then OverpaymentRepaid with the balance after; beyond the balance is refused', () => {
      const [recorded] = decideRecordRepaymentPlan(plan, stateOf(registered, overpaid, terminated));
      const state = stateOf(registered, overpaid, terminated, recorded!);
      expect(planBalance(state.repaymentPlans![0]!)).toBe(20000);
      const repay = (amountFen: number) =>
        command('RecordRepayment', { planId: 'plan-1', repaymentId: 'r-1', amountFen, receivedOn: '2026-07-05', evidenceRef: 'doc:receipt/1', reason: '第1期', offsetByDecision: { 'd-down': 10000 } }, by(first, '2026-07-06'));
      expect(decideRecordRepayment(repay(5000), state)).toEqual([
        expect.objectContaining({ type: 'OverpaymentRepaid', data: expect.objectContaining({ amountFen: 5000, outstandingAfterFen: 15000, recordedBy: first, allocation: [{ overpaymentDecisionId: 'd-down', amountFen: 5000, outstandingAfterFen: 15000 }] }) }),
      ]);
      expect(() => decideRecordRepayment(repay(20001), state)).toThrow(expect.objectContaining({ code: 'repayment_exceeds_outstanding', field: 'amountFen' }));
    });
  });

  it('a command without its metadata is refused (who acts and when are never guessed)', () => {
    const { metadata: _m, ...body } = command('CorrectBankAccount', { changeId: 'chg-1' });
    const requested: EntitlementEvent = {
      type: 'BankAccountChangeRequested',
      data: { changeId: 'chg-1', recipient: { ...recipient, bankAccountRef: 'acct-0002' }, householdRequestRef: 'doc:1', reason: 'r', requestedBy: first, requestedOn: '2026-03-20' },
    };
    expect(() => decideCorrectBankAccount(body as never, stateOf(registered, requested))).toThrow(expect.objectContaining({ code: 'actor_missing' }));
    expect(() => decideCorrectBankAccount({ ...body, metadata: { actor: second, now: '21 March' } }, stateOf(registered, requested))).toThrow(
      expect.objectContaining({ code: 'invalid_command_time' }),
    );
  });

  it('the switch hands each command to its function', () => {
    expect(decideEntitlement(command('RegisterEntitlement', registered.data), stateOf())).toEqual(decideRegisterEntitlement(command('RegisterEntitlement', registered.data), stateOf()));
  });
});
