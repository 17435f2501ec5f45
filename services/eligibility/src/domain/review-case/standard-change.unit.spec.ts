/**
 * A new standard and the caseload (issue #14 item 6): the impact of a draft on each case, the
 * re-determination proposal after publication and the county's batch decision, as given / when / then
 * specifications of the review-case decider.
 */
import { given } from '@sa/decider';
import type { ActorRef, ReviewCaseCommand, ReviewCaseEvent } from '..';
import { impactOfStandard } from '..';
import { approvedCase, COUNTY, decideCase, decided, decider, history, open, opinion, policyWith, receiveFacts, stateOf, submit, meta, reviewCaseCommand, type CommandInput } from '../__tests__/review-case-fixtures';

const ADMIN: ActorRef = { id: 'policy-330106', role: 'policy_admin', jurisdiction: '330106' };
const IMPACT_ID = '5b0e8f4c-2d1a-4e6b-9c3f-7a8b9c0d1e2f';
const CHANGE_REQUEST_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
/** 低保标准 ¥1,000 → ¥1,100 from 1 June 2026. */
const raised = policyWith({ subsistenceStandard: 110000 }, { version: '330106-2026-06', effectiveFrom: '2026-06-01' });
const lowered = policyWith({ subsistenceStandard: 90000 }, { version: '330106-2026-06', effectiveFrom: '2026-06-01' });

const propose = (policy = raised, d: CommandInput<'ProposeStandardChange'> = {}): ReviewCaseCommand => reviewCaseCommand('ProposeStandardChange', { changeRequestId: CHANGE_REQUEST_ID, proposalId: 'proposal-std-1', impactId: IMPACT_ID, policy, actor: ADMIN, on: '2026-06-05' }, d);
const approve = (actor: ActorRef = COUNTY, policy = raised): ReviewCaseCommand => ({
  type: 'DecideBenefitChange',
  data: { decisionId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', policy, reason: '按新标准批量审核确认', evidenceRefs: ['doc:policy/330106-2026-06'] }, metadata: meta(actor, '2026-06-10'),
});
const reject = (actor: ActorRef = COUNTY): ReviewCaseCommand => ({
  type: 'RejectBenefitChange',
  data: { decisionId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', policyVersion: '330106-2026-06', reason: '家庭情况待重新核查，暂不调整' }, metadata: meta(actor, '2026-06-10'),
});
const only = <T extends ReviewCaseEvent['type']>(events: ReviewCaseEvent[], type: T) => {
  expect(events.map((e) => e.type)).toEqual([type]);
  return events[0] as Extract<ReviewCaseEvent, { type: T }>;
};

describe('impact of a draft standard on a case (impactOfStandard)', () => {
  const approved = stateOf(approvedCase()); // ¥1,300 a month: per capita ¥600, three members, one supplement
  it('raises the benefit when the standard rises: (1,100 − 600) × 3 + 10 % supplement = ¥1,610', () => {
    expect(impactOfStandard(approved, raised, '2026-06-05', '2025-06-05')).toMatchObject({ outcome: 'INCREASE', beforeFen: 130000, afterFen: 161000 });
    expect(impactOfStandard(approved, raised, '2026-06-05', '2025-06-05')!.explanation[0]).toBe('月保障金由 1,300.00 元 调整为 1,610.00 元（增加 310.00 元）');
  });
  it('lowers it when the standard falls: (900 − 600) × 3 + 90 = ¥990', () => {
    expect(impactOfStandard(approved, lowered, '2026-06-05', '2025-06-05')).toMatchObject({ outcome: 'DECREASE', beforeFen: 130000, afterFen: 99000 });
  });
  it('leaves it unchanged under the same parameters', () => {
    expect(impactOfStandard(approved, policyWith({}, { version: '330106-2026-05' }), '2026-06-05', '2025-06-05')).toMatchObject({ outcome: 'UNCHANGED', afterFen: 130000 });
  });
  it('tapers when only income is above the new standard, terminates without a taper schedule', () => {
    const below = policyWith({ subsistenceStandard: 55000 }, { version: '330106-2026-08' });
    expect(impactOfStandard(approved, below, '2026-06-05', '2025-06-05')).toMatchObject({ outcome: 'TAPER', afterFen: 130000 });
    const noTaper = policyWith({ subsistenceStandard: 55000, taperSchedule: [] }, { version: '330106-2026-08' });
    const terminated = impactOfStandard(approved, noTaper, '2026-06-05', '2025-06-05')!;
    expect(terminated).toMatchObject({ outcome: 'TERMINATE', beforeFen: 130000, afterFen: 0 });
    expect(terminated.explanation[0]).toContain('不低于当地低保标准¥550.00');
  });
  it('finds a recent refusal that the new standard would grant, and only within the window', () => {
    const past = history(open(), receiveFacts(330000), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }));
    const refused = stateOf([...past, ...decided(past, decideCase({ outcome: 'REFUSE', recipient: null, on: '2026-03-09' }))]);
    const higher = policyWith({ subsistenceStandard: 120000 }, { version: '330106-2026-09' });
    // per capita ¥1,100 < ¥1,200: minimum 20 % of the standard (¥240) × 3 + ¥120 supplement = ¥840
    expect(impactOfStandard(refused, higher, '2026-06-05', '2025-06-05')).toMatchObject({ outcome: 'NEWLY_ELIGIBLE', beforeFen: 0, afterFen: 84000 });
    expect(impactOfStandard(refused, raised, '2026-06-05', '2025-06-05')).toMatchObject({ outcome: 'STILL_REFUSED', afterFen: 0 });
    expect(impactOfStandard(refused, higher, '2026-06-05', '2026-04-01')).toBeNull();
  });
  it('ignores cases still in procedure', () => {
    expect(impactOfStandard(stateOf(history(open(), receiveFacts())), raised, '2026-06-05', '2025-06-05')).toBeNull();
  });
});

describe('re-determination proposal after publication (ProposeStandardChange)', () => {
  it('records one proposal with the policy version, the impact, old and new amount and the proposer', () => {
    const event = only(decided(approvedCase(), propose()), 'StandardRedeterminationProposed');
    expect(event.data).toMatchObject({
      impactId: IMPACT_ID,
      policyVersion: '330106-2026-06',
      previousMonthlyAmountFen: 130000,
      monthlyAmountFen: 161000,
      changeType: 'INCREASE',
      redetermination: { changeRequestId: CHANGE_REQUEST_ID, requestedChange: 'RECALCULATE', trigger: { kind: 'POLICY_CHANGE', refId: IMPACT_ID } },
      proposal: { proposedBy: ADMIN, changeType: 'INCREASE', monthlyAmountFen: 161000, reason: { code: 'STANDARD_ADJUSTED' } },
    });
    expect(event.data.proposal.reason.description).toBe('低保标准调整（政策版本 330106-2026-06）：月保障金由 1,300.00 元 调整为 1,610.00 元');
  });
  it('is idempotent: the same impact proposes nothing new for the case', () => {
    const past = [...approvedCase(), ...decided(approvedCase(), propose())];
    given(decider, past).when(propose()).thenNothing();
  });
  it('proposes nothing when the standard does not change the amount', () => {
    given(decider, approvedCase()).when(propose(policyWith({}, { version: '330106-2026-05' }))).thenNothing();
  });
  it('refuses a case whose other re-determination is open, or a version not yet in force', () => {
    const past = [...approvedCase(), ...decided(approvedCase(), propose())];
    given(decider, past).when(propose(raised, { changeRequestId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a' })).thenThrows('redetermination_in_progress');
    given(decider, approvedCase()).when(propose(policyWith({ subsistenceStandard: 110000 }, { version: '330106-2026-07', effectiveFrom: '2026-07-01' }))).thenThrows('policy_not_applicable');
  });
});

describe('the county decides the proposals (DecideBenefitChange / RejectBenefitChange)', () => {
  const proposed = () => [...approvedCase(), ...decided(approvedCase(), propose())];
  it('approval: BenefitChanged with the new amount from next month, decided by the county, proposed by the admin', () => {
    const d = only(decided(proposed(), approve()), 'BenefitChangeDecided').data;
    expect(d).toMatchObject({
      changeType: 'INCREASE',
      previousMonthlyAmountFen: 130000,
      monthlyAmountFen: 161000,
      effectiveMonth: '2026-07',
      policyVersion: '330106-2026-06',
      trigger: { kind: 'POLICY_CHANGE', refId: IMPACT_ID },
      reason: { code: 'STANDARD_ADJUSTED' },
      decidedBy: COUNTY,
      proposedBy: ADMIN,
      decisionReason: '按新标准批量审核确认',
      evidenceRefs: ['doc:policy/330106-2026-06'],
    });
    expect(stateOf([...proposed(), ...decided(proposed(), approve())]).benefit).toMatchObject({ monthlyAmountFen: 161000, policyVersion: '330106-2026-06' });
  });
  it('four eyes: the proposer may not decide, even holding the county role', () => {
    const proposerAsCounty: ActorRef = { ...ADMIN, role: 'county_approver' };
    given(decider, proposed()).when(approve(proposerAsCounty)).thenThrows('decider_is_proposer');
    given(decider, proposed()).when(reject(proposerAsCounty)).thenThrows('decider_is_proposer');
  });
  it('rejection: the benefit stays, the re-determination closes, a new impact may propose again', () => {
    const d = only(decided(proposed(), reject()), 'BenefitChangeRejected').data;
    expect(d).toMatchObject({ changeType: 'INCREASE', monthlyAmountFen: 130000, proposedMonthlyAmountFen: 161000, decidedBy: COUNTY, proposedBy: ADMIN, policyVersion: '330106-2026-06' });
    const after = [...proposed(), ...decided(proposed(), reject())];
    expect(stateOf(after)).toMatchObject({ redetermination: null, benefit: { monthlyAmountFen: 130000 } });
    given(decider, after).when(propose()).thenNothing();
    expect(decided(after, propose(raised, { changeRequestId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a' })).map((e) => e.type)).toEqual(['StandardRedeterminationProposed']);
  });
  it('nothing to decide without a proposal', () => {
    given(decider, approvedCase()).when(reject()).thenThrows('no_redetermination');
  });
});
