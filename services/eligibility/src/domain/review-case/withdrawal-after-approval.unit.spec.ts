/** Withdrawal after approval ends the benefit (TERMINATION, 申请人撤回), published as BenefitChanged — never ignored. */
import { validateIntegrationEvent } from '@sa/contracts';
import { benefitChangedData } from '../../messaging/outgoing';
import { approvedCase, COUNTY, decider, stateOf, SYSTEM, reviewCaseCommand, type CommandInput } from '../__tests__/review-case-fixtures';
import { BenefitChangeDecided } from './events';
import { TerminateOnWithdrawal } from './withdrawal-after-approval';

const INTAKE_OFFICER = { id: 'officer-intake-004', role: 'intake_officer', jurisdiction: '330106001' };
const terminate = (d: CommandInput<'TerminateOnWithdrawal'> = {}): TerminateOnWithdrawal => reviewCaseCommand('TerminateOnWithdrawal', {
    withdrawalId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    decisionId: '3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a',
    withdrawnOn: '2026-05-10',
    note: null,
    recordedBy: INTAKE_OFFICER,
    actor: SYSTEM,
    on: '2026-05-10',
  }, d);

describe('withdrawal after approval', () => {
  it('terminates the benefit from the next month with reason 申请人撤回, and the public BenefitChanged is valid', () => {
    const past = approvedCase();
    const events = decider.decide(terminate(), stateOf(past)) as BenefitChangeDecided[];
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      changeType: 'TERMINATION',
      effectiveMonth: '2026-06',
      reason: { code: 'HOUSEHOLD_REQUEST', description: '申请人撤回' },
      proposedBy: INTAKE_OFFICER,
      decidedBy: SYSTEM,
      previousMonthlyAmountFen: 130000,
    });
    const after = stateOf([...past, ...events]);
    expect(after.benefit?.status).toBe('TERMINATED');
    expect(validateIntegrationEvent('BenefitChanged', 1, benefitChangedData(events[0]!.data)).errors).toEqual([]);
    expect(decider.decide(terminate(), after)).toEqual([]);
  });

  it('refuses a case without a recurring benefit', () => {
    expect(() => decider.decide(terminate(), decider.initialState)).toThrow(expect.objectContaining({ code: 'case_not_open' }));
    expect(COUNTY.role).toBe('county_approver');
  });
});
