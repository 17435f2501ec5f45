/**
 * Audit of appeals and 一事一议: the history names the chain of an appeal in Chinese (复议登记 → 复议结果 →
 * 重新决定 → 补发); the explanation of a decision an appeal caused says the amount is the body's; a
 * collective decision is re-computed with the policy's 一事一议 limits (consistent as recorded).
 */
import { policyLineDecider, type PolicyCommand, type ReviewCaseCommand } from '../../eligibility/src/domain';
import { COUNTY, decideCase, notice, open, opinion, policy, policyWith, receiveFacts, submit, visit, meta } from '../../eligibility/src/domain/__tests__/review-case-fixtures';
import { type AuditEvent, caseHistory, explainDecision } from '../src/domain';
import { decideAll, reviewCaseDecider, reviewSteps, type Step, wrap } from './support/case-fixtures';

const CASE = '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f';
const actor = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
const event = (revision: number, streamId: string, type: string, data: object, at: string): AuditEvent => ({
  streamId,
  revision,
  eventId: `00000000-0000-4000-8000-00000000000${revision}`,
  type,
  schemaVersion: 1,
  data,
  metadata: { actor, occurredAt: at, correlationId: CASE, causationId: CASE },
  recordedAt: at,
});

describe('audit history of an appeal', () => {
  it('labels the appeal, its outcome, the new decision and the arrears in Chinese, in order', () => {
    const appeal = { appealId: 'a-1', kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', contestedDecisionId: 'd-1', documentRef: '杭上政复决字〔2026〕第12号' };
    const history = caseHistory([
      event(0, `reviewCase-${CASE}`, 'AppealFiled', { kind: 'ADMINISTRATIVE_REVIEW', appealId: 'a-1' }, '2026-04-21T09:00:00+08:00'),
      event(1, `reviewCase-${CASE}`, 'AppealOutcomeRecorded', { kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', appealId: 'a-1' }, '2026-06-12T09:00:00+08:00'),
      event(2, `reviewCase-${CASE}`, 'BenefitChangeDecided', { changeType: 'INCREASE', appeal }, '2026-06-12T09:00:00+08:00'),
      event(3, `entitlement-${CASE}`, 'ArrearsDetermined', { decisionId: 'd-2' }, '2026-06-12T09:00:05+08:00'),
      event(4, `reviewCase-${CASE}`, 'AppealFiled', { kind: 'LITIGATION', appealId: 'a-2' }, '2026-06-20T09:00:00+08:00'),
    ]);
    expect(history.map((h) => h.label)).toEqual([
      '行政复议登记',
      '行政复议结果：变更原决定',
      '待遇变更决定（行政复议变更原决定后重新决定）',
      '补发核定',
      '行政诉讼登记',
    ]);
    for (const h of history) expect(h.label).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('labels the approval a revoked refusal becomes, then the arrears of the months already past', () => {
    const appeal = { appealId: 'a-3', kind: 'ADMINISTRATIVE_REVIEW', outcome: 'REVOKED', contestedDecisionId: 'refusal-1', documentRef: '杭上政复决字〔2026〕第18号' };
    const history = caseHistory([
      event(0, `reviewCase-${CASE}`, 'AppealOutcomeRecorded', { kind: 'ADMINISTRATIVE_REVIEW', outcome: 'REVOKED', appealId: 'a-3' }, '2026-06-12T09:00:00+08:00'),
      event(1, `reviewCase-${CASE}`, 'CaseApproved', { decisionId: 'approval-1', startMonth: '2026-04', appeal }, '2026-06-12T09:00:00+08:00'),
      event(2, `entitlement-${CASE}`, 'ArrearsDetermined', { decisionId: 'approval-1' }, '2026-06-12T09:00:05+08:00'),
    ]);
    expect(history.map((h) => h.label)).toEqual(['行政复议结果：撤销原决定', '审核确认批准（行政复议撤销不予批准决定后重新决定）', '补发核定']);
  });
});

const step = (command: ReviewCaseCommand, extra: Partial<Step<ReviewCaseCommand>> = {}): Step<ReviewCaseCommand> => {
  const on = command.metadata.now.slice(0, 10);
  return { command, actor: command.metadata.actor, occurredAt: `${on}T10:00:00+08:00`, ...extra };
};
const policyEventsOf = (version: typeof policy) => {
  const admin = { id: 'policy-admin-1', role: 'policy_admin', jurisdiction: version.divisionCode };
  const publish: Step<PolicyCommand> = {
    command: { type: 'PublishPolicyVersion', data: { version, reason: '2026年政策' }, metadata: { actor: admin, now: '2026-01-01T09:00:00+08:00' } },
    actor: admin,
    occurredAt: '2026-01-01T09:00:00+08:00',
  };
  return wrap('policy-dibao-330106', 'policy-dibao-330106', decideAll(policyLineDecider as never, [publish] as never));
};

describe('audit explanation of appeals and 一事一议', () => {
  it('a decision carrying out an appeal: the history shows the chain, the explanation says the amount is the body’s', () => {
    const steps = [
      ...reviewSteps(CASE),
      step({
        type: 'FileAppeal',
        data: {
          appealId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
          kind: 'ADMINISTRATIVE_REVIEW',
          contestedDecisionId: '4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d',
          filedOn: '2026-04-20',
          noticeReceivedOn: '2026-03-18',
          reason: '保障金额偏低',
        }, metadata: meta(COUNTY, '2026-04-21'),
      }),
      step(
        {
          type: 'RecordAppealOutcome',
          data: {
            appealId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
            outcome: 'CHANGED',
            documentRef: '杭上政复决字〔2026〕第12号',
            documentDate: '2026-06-10',
            reason: '复议机关变更原决定',
            newDecision: { decisionId: '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f', effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 150000 },
            policy,
          }, metadata: meta(COUNTY, '2026-06-12'),
        },
        { reason: '复议机关变更原决定', policyVersion: policy.version },
      ),
    ];
    const caseEvents = wrap(`reviewCase-${CASE}`, CASE, decideAll(reviewCaseDecider as never, steps as never));
    expect(caseHistory(caseEvents).slice(-3).map((h) => h.label)).toEqual([
      '行政复议登记',
      '行政复议结果：变更原决定',
      '待遇变更决定（行政复议变更原决定后重新决定）',
    ]);
    const change = caseEvents.at(-1)!;
    const x = explainDecision(caseEvents, policyEventsOf(policy), change.eventId);
    expect(x.recordedAmountFen).toBe(150000);
    expect(x.recomputation).toMatchObject({ performed: false, consistent: null });
    expect(x.recomputation.note).toContain('行政复议');
  });

  it('a collective decision re-computes consistent with the policy’s 一事一议 limits; outside them it is flagged', () => {
    const withCeiling = policyWith({ temporaryAssistance: { ...policy.parameters.temporaryAssistance, collectiveDecision: { ceilingFen: 3_000_000 } } });
    const meeting = {
      amountFen: 2_500_000,
      approvers: [
        { id: 'officer-county-001', name: '王某某' },
        { id: 'officer-county-002', name: '刘某某' },
        { id: 'officer-county-005', name: '陈某某' },
      ],
      meetingOn: '2026-03-14',
      minutesRef: 'doc:minutes/2026/局务会-07',
      reason: '一事一议',
    };
    const steps = [
      step(open({ caseId: CASE, program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type: 'EXPENDITURE', requestedAmountFen: 2_600_000, emergencyAdvanceRequested: false } })),
      step(receiveFacts(180000, { caseId: CASE })),
      step(visit()),
      step(opinion({ policy: withCeiling })),
      step(notice()),
      step(submit()),
      step(decideCase({ policy: withCeiling, collectiveDecision: meeting }), { policyVersion: withCeiling.version }),
    ];
    const caseEvents = wrap(`reviewCase-${CASE}`, CASE, decideAll(reviewCaseDecider as never, steps as never));
    const approval = caseEvents.at(-1)!;
    expect(approval.type).toBe('CaseApproved');
    const consistent = explainDecision(caseEvents, policyEventsOf(withCeiling), approval.eventId);
    expect(consistent.recomputation).toMatchObject({ performed: true, consistent: true, differences: [] });
    // Under a policy without the ceiling the collective decision does not hold: flagged, never silently equal.
    const flagged = explainDecision(caseEvents, policyEventsOf(policy), approval.eventId);
    expect(flagged.recomputation).toMatchObject({ performed: true, consistent: false, differences: [{ field: 'collectiveDecision', recorded: 2_500_000 }] });
  });
});
