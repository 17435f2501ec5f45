/**
 * The auditor's re-computation of a decision made under local rules (issue 14 item 8): a 特困 case
 * recorded as 集中供养 under a policy whose care standards differ by supply mode. The supply mode is
 * part of the officers' 特困 findings on the opinion, so the audit re-computes the same amount from
 * the events alone; a policy stream that says otherwise is flagged. Figures illustrative (see
 * services/eligibility/src/domain/review-case/local-rules.unit.spec.ts for the rules modelled).
 */
import { policyLineDecider, type PolicyCommand, type PolicyParameters, type ReviewCaseCommand, type ReviewCaseEvent } from '../../eligibility/src/domain';
import { A, caseMember, decideCase, facts, notice, open, opinion, policyWith, receiveFacts, submit, visit } from '../../eligibility/src/domain/__tests__/review-case-fixtures';
import { explainDecision } from '../src/domain';
import { decideAll, reviewCaseDecider, wrap, type Step } from './support/case-fixtures';

const CASE = '6e2d0b9f-3c4a-4d5e-8f6a-0b1c2d3e4f5a';
const LOCAL: Partial<PolicyParameters> = {
  careStandardsBySupplyMode: {
    DISPERSED: { SELF_SUFFICIENT: { percentOfStandard: '5' }, PARTLY_DEPENDENT: { percentOfStandard: '30' }, FULLY_DEPENDENT: { percentOfStandard: '60' } },
    CENTRALIZED: { SELF_SUFFICIENT: { percentOfStandard: '10' }, PARTLY_DEPENDENT: { percentOfStandard: '40' }, FULLY_DEPENDENT: { percentOfStandard: '80' } },
  },
};
const policy = policyWith(LOCAL);
const elder = { applicantMemberId: A, members: [caseMember(A, '王秀英', 'APPLICANT', { birthDate: '1950-02-01', workAbility: 'NONE' })] };
const partly = { EATING: 'ABLE', DRESSING: 'UNABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'UNABLE' } as const;

const step = (command: ReviewCaseCommand): Step<ReviewCaseCommand> => {
  const on = command.metadata.now.slice(0, 10);
  return { command, actor: command.metadata.actor, occurredAt: `${on}T10:00:00+08:00`, policyVersion: policy.version };
};

function events(published: typeof policy) {
  const review = decideAll<ReviewCaseCommand, ReviewCaseEvent, unknown>(reviewCaseDecider as never, [
    step(open({ caseId: CASE, program: 'EXTREME_POVERTY_SUPPORT', household: elder })),
    step(receiveFacts(0, { caseId: CASE, facts: { ...facts(0), financialAssets: [], homes: [] } })),
    step(visit()),
    step(opinion({ policy, extremePoverty: { memberId: A, selfCare: partly, supporters: [], supplyMode: 'CENTRALIZED' } })),
    step(notice()),
    step(submit()),
    step(decideCase({ policy })),
  ]);
  const admin = { id: 'policy-admin-1', role: 'policy_admin', jurisdiction: published.divisionCode };
  const publish: Step<PolicyCommand> = {
    command: { type: 'PublishPolicyVersion', data: { version: published, reason: '特困照料护理标准按供养方式区分' }, metadata: { actor: admin, now: '2026-01-01T09:00:00+08:00' } },
    actor: admin,
    occurredAt: '2026-01-01T09:00:00+08:00',
    policyVersion: published.version,
  };
  return {
    caseEvents: wrap(`reviewCase-${CASE}`, CASE, review),
    policyEvents: wrap(`policy-${published.policyId}`, `policy-${published.policyId}`, decideAll(policyLineDecider as never, [publish] as never)),
  };
}

describe('audit re-computation under local rules', () => {
  it('re-computes the 集中供养 care standard from the recorded findings: ¥1,300 + ¥400 = ¥1,700, consistent', () => {
    const { caseEvents, policyEvents } = events(policy);
    const approval = caseEvents.find((e) => e.type === 'CaseApproved')!;
    const x = explainDecision(caseEvents, policyEvents, approval.eventId);
    expect(x.inputs.initialOpinion).toMatchObject({ extremePoverty: { supplyMode: 'CENTRALIZED' } });
    expect(x.recordedAmountFen).toBe(170000);
    expect(x.recomputation).toMatchObject({ performed: true, consistent: true, differences: [] });
    expect(x.recomputation.assessment!.explanation.find((s) => s.rule === 'EPS.CARE_STANDARD')!.description.zh).toContain('集中供养');
  });

  it('flags a policy stream whose 集中供养 care standard differs from the one applied', () => {
    const other = policyWith({
      careStandardsBySupplyMode: { ...LOCAL.careStandardsBySupplyMode!, CENTRALIZED: { ...LOCAL.careStandardsBySupplyMode!.CENTRALIZED, PARTLY_DEPENDENT: { percentOfStandard: '50' } } },
    });
    const { caseEvents } = events(policy);
    const { policyEvents } = events(other);
    const approval = caseEvents.find((e) => e.type === 'CaseApproved')!;
    const x = explainDecision(caseEvents, policyEvents, approval.eventId);
    expect(x.recomputation.consistent).toBe(false);
    expect(x.recomputation.differences).toContainEqual({ field: 'assessment.monthlyAmountFen', recorded: 170000, recomputed: 180000 });
  });
});
