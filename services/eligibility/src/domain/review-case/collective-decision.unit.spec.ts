/**
 * 一事一议 (collective-decision.ts) given/when/then: temporary assistance above the usual cap only by
 * a collective decision (≥ N approvers, meeting date, minutes, reason) within the policy's own
 * ceiling; below the cap the ordinary path stays; the policy parameter is validated.
 */
import { validateIntegrationEvent } from '@sa/contracts';
import { given } from '@sa/decider';
import { assistanceGrantedData } from '../../messaging/outgoing';
import { decided, decideCase, decider, history, notice, open, opinion, policy, policyWith, receiveFacts, stateOf, submit, visit } from '../__tests__/review-case-fixtures';
import { validatePolicyVersion } from '../policy/validate-policy';
import { CollectiveDecisionInput } from './collective-decision';
import { CaseApproved, ReviewCaseEvent } from './events';

const t = policy.parameters.temporaryAssistance;
/** The usual cap for the household of 3: 6 × ¥1,000 × 3 = ¥18,000; the 一事一议 ceiling ¥30,000. */
const withCeiling = (collectiveDecision: object = { ceilingFen: 3_000_000 }) => policyWith({ temporaryAssistance: { ...t, collectiveDecision } as typeof t });
const APPROVERS = [
  { id: 'officer-county-001', name: '王局长', position: '局长' },
  { id: 'officer-county-002', name: '刘副局长', position: '分管副局长' },
  { id: 'officer-county-005', name: '陈科长', position: '社会救助科科长' },
];
const meeting = (d: Partial<CollectiveDecisionInput> = {}): CollectiveDecisionInput => ({
  amountFen: 2_500_000,
  approvers: APPROVERS,
  meetingOn: '2026-03-14',
  minutesRef: 'doc:minutes/2026/局务会-07',
  reason: '患儿白血病，自付医疗费用超过常规救助上限，经局务会集体研究一事一议',
  ...d,
});
const requested = (requestedAmountFen: number): ReviewCaseEvent[] =>
  history(
    open({ program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type: 'EXPENDITURE', requestedAmountFen, emergencyAdvanceRequested: false } }),
    receiveFacts(),
    visit(),
    opinion(),
    notice(),
    submit(),
  );

describe('一事一议 (collective decision above the usual cap)', () => {
  it('grants above the usual cap when decided collectively, recording every approver, the meeting and the limits', () => {
    const approved = decided(requested(2_600_000), decideCase({ policy: withCeiling(), collectiveDecision: meeting() }))[0] as CaseApproved;
    expect(approved.type).toBe('CaseApproved');
    expect(approved.data.assessment.monthlyAmountFen).toBe(2_500_000);
    expect(approved.data.assessment.temporary).toMatchObject({ capFen: 1_800_000, grantableFen: 2_500_000, authority: 'COUNTY', instalments: [{ month: '2026-03', amountFen: 2_500_000 }] });
    expect(approved.data.collectiveDecision).toEqual({
      ...meeting(),
      usualCapFen: 1_800_000,
      ceilingFen: 3_000_000,
      minimumApprovers: 3,
      policyVersion: policy.version,
      recordedBy: expect.objectContaining({ role: 'county_approver' }),
    });
    expect(approved.data.assessment.explanation.at(-1)).toMatchObject({ rule: 'TA.COLLECTIVE_DECISION', result: { grantedFen: 2_500_000 } });
    expect(approved.data.assessment.reasons.map((r) => r.code)).toContain('COLLECTIVE_DECISION');
    expect(validateIntegrationEvent('AssistanceGranted', 1, assistanceGrantedData(approved.data)).errors).toEqual([]);
    expect(stateOf([...requested(2_600_000), approved]).status).toBe('APPROVED');
  });

  it('without a collective decision the ordinary path stays: granted up to the usual cap', () => {
    const approved = decided(requested(2_600_000), decideCase({ policy: withCeiling() }))[0] as CaseApproved;
    expect(approved.data.assessment.temporary).toMatchObject({ grantableFen: 1_800_000 });
    expect(approved.data.collectiveDecision).toBeUndefined();
  });

  it('refuses an amount over the 一事一议 ceiling, naming the ceiling', () => {
    const error = given(decider, requested(3_500_000))
      .when(decideCase({ policy: withCeiling(), collectiveDecision: meeting({ amountFen: 3_200_000 }) }))
      .thenThrows<Error & { field?: string }>('collective_decision_over_ceiling');
    expect(error.message).toContain('一事一议救助上限¥30,000.00');
    expect(error.field).toBe('collectiveDecision.amountFen');
  });

  it('refuses a collective decision below the usual cap, above the request, or under a policy without a ceiling', () => {
    given(decider, requested(2_600_000)).when(decideCase({ policy: withCeiling(), collectiveDecision: meeting({ amountFen: 1_500_000 }) })).thenThrows('collective_decision_not_required');
    given(decider, requested(2_000_000)).when(decideCase({ policy: withCeiling(), collectiveDecision: meeting() })).thenThrows('collective_decision_over_request');
    given(decider, requested(2_600_000)).when(decideCase({ collectiveDecision: meeting() })).thenThrows('collective_decision_not_in_policy');
  });

  it('needs at least N distinct approvers (policy, default 3), the meeting date, the minutes and a reason', () => {
    const past = requested(2_600_000);
    const when = (m: CollectiveDecisionInput, p = withCeiling()) => given(decider, past).when(decideCase({ policy: p, collectiveDecision: m }));
    when(meeting({ approvers: APPROVERS.slice(0, 2) })).thenThrows('collective_decision_approvers_required');
    when(meeting({ approvers: [APPROVERS[0]!, APPROVERS[1]!, { ...APPROVERS[1]!, name: '同一人' }] })).thenThrows('collective_decision_approvers_required');
    when(meeting({ approvers: APPROVERS.slice(0, 2) }), withCeiling({ ceilingFen: 3_000_000, minimumApprovers: 2 })).then(
      decided(past, decideCase({ policy: withCeiling({ ceilingFen: 3_000_000, minimumApprovers: 2 }), collectiveDecision: meeting({ approvers: APPROVERS.slice(0, 2) }) })),
    );
    when(meeting({ approvers: [...APPROVERS.slice(0, 2), { id: 'x', name: ' ' }] })).thenThrows('collective_decision_approvers_required');
    when(meeting({ meetingOn: '2026-03-17' })).thenThrows('collective_decision_meeting_date');
    when(meeting({ meetingOn: '2026-02-27' })).thenThrows('collective_decision_meeting_date');
    when(meeting({ minutesRef: '' })).thenThrows('collective_decision_minutes_required');
    when(meeting({ reason: ' ' })).thenThrows('collective_decision_reason_required');
  });

  it('applies only to an approval of temporary assistance', () => {
    const mla = history(open(), receiveFacts(), visit(), opinion(), notice(), submit());
    given(decider, mla).when(decideCase({ policy: withCeiling(), collectiveDecision: meeting() })).thenThrows('collective_decision_not_applicable');
  });

  it('validates the policy parameter: a ceiling above the street limit, at least two approvers', () => {
    expect(validatePolicyVersion(withCeiling())).toEqual([]);
    expect(validatePolicyVersion(withCeiling({ ceilingFen: 3_000_000, minimumApprovers: 5 }))).toEqual([]);
    const paths = (p: object) => validatePolicyVersion(withCeiling(p)).map((v) => v.path);
    expect(paths({ ceilingFen: 0 })).toEqual(['parameters.temporaryAssistance.collectiveDecision.ceilingFen']);
    expect(paths({ ceilingFen: t.streetApprovalLimitFen })).toEqual(['parameters.temporaryAssistance.collectiveDecision.ceilingFen']);
    expect(paths({ ceilingFen: 3_000_000, minimumApprovers: 1 })).toEqual(['parameters.temporaryAssistance.collectiveDecision.minimumApprovers']);
    expect(paths({ ceilingFen: 3_000_000, quorum: 3 })).toEqual(['parameters.temporaryAssistance.collectiveDecision.quorum']);
  });
});
