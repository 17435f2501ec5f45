/**
 * 先行救助 as a decision: the case must exist, be an emergency temporary-assistance case that asked for
 * an advance, and the amount stays within the case's limit under the policy in force (policy limit,
 * the amount requested, advances approved before). Amount limit and policy version come from here,
 * never from the request that pays.
 */
import { given } from '@sa/decider';
import { A, CASE_ID, CASE_NUMBER, COMMUNITY, decider, history, open, policy, REVIEWER, stateOf, reviewCaseCommand, type CommandInput } from '../__tests__/review-case-fixtures';
import { ApproveEmergencyAdvance, EmergencyAdvanceApproved, emergencyAdvanceLimitFor } from './emergency-advance';

const ADVANCE = '0d6c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const emergency = (requestedAmountFen: number | null = 500000, emergencyAdvanceRequested = true) =>
  open({ program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type: 'EMERGENCY', requestedAmountFen, emergencyAdvanceRequested } });
const approve = (d: CommandInput<'ApproveEmergencyAdvance'> = {}): ApproveEmergencyAdvance => reviewCaseCommand('ApproveEmergencyAdvance', {
    advanceId: ADVANCE,
    amountFen: 150000,
    policy,
    recipient: { memberId: A, bankAccountRef: 'acct-a-0001' },
    reason: '火灾，房屋受损，先行救助',
    actor: REVIEWER,
    on: '2026-03-03',
  }, d);

describe('emergency advance approval (先行救助)', () => {
  it('approves within the policy limit, with the policy version and paperwork period of the policy in force', () => {
    const events = decider.decide(approve(), stateOf(history(emergency())));
    expect(events).toEqual<EmergencyAdvanceApproved[]>([
      {
        type: 'EmergencyAdvanceApproved',
        data: {
          caseId: CASE_ID,
          caseNumber: CASE_NUMBER,
          jurisdiction: COMMUNITY,
          advanceId: ADVANCE,
          amountFen: 150000,
          advanceLimitFen: policy.parameters.temporaryAssistance.emergencyAdvanceLimitFen,
          policyVersion: policy.version,
          paperworkWorkingDays: policy.parameters.temporaryAssistance.paperworkWorkingDays,
          recipient: expect.objectContaining({ memberId: A, bankAccountRef: 'acct-a-0001' }) as never,
          reason: '火灾，房屋受损，先行救助',
          evidenceRefs: [],
          approvedOn: '2026-03-03',
          approvedBy: REVIEWER,
        },
      },
    ]);
  });

  it('refuses a case that does not exist', () => {
    given(decider, []).when(approve()).thenThrows('case_not_open');
  });

  it('refuses above the policy limit (¥2,000), and above what was requested', () => {
    given(decider, history(emergency())).when(approve({ amountFen: 200001 })).thenThrows('advance_over_limit');
    given(decider, history(emergency(100000))).when(approve({ amountFen: 100001 })).thenThrows('advance_over_limit');
  });

  it('counts advances approved before against the limit; the same advance again is one approval', () => {
    const past = history(emergency(), approve({ amountFen: 150000 }));
    expect(emergencyAdvanceLimitFor(stateOf(past), policy)).toBe(50000);
    given(decider, past).when(approve()).thenNothing();
    given(decider, past).when(approve({ advanceId: '1e7d2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c', amountFen: 50001 })).thenThrows('advance_over_limit');
  });

  it('refuses a case that is not emergency temporary assistance, or did not ask for an advance', () => {
    given(decider, history(open())).when(approve()).thenThrows('advance_not_emergency_case');
    given(decider, history(emergency(500000, false))).when(approve()).thenThrows('advance_not_requested');
  });

  it('refuses a payee outside the household and a policy that does not cover the case', () => {
    given(decider, history(emergency())).when(approve({ recipient: { memberId: '00000000-0000-4000-8000-000000000000', bankAccountRef: 'acct-x' } })).thenThrows('recipient_required');
    given(decider, history(emergency())).when(approve({ on: '2025-01-02', policy: { ...policy } })).thenThrows('policy_not_applicable');
  });
});
