/**
 * Issue 14 item 4, last step: the 追回 cap follows the newest policy. Given a benefit granted under a policy
 * without `overpaymentRecovery`, when a change is decided under a newer policy version that sets it, then the
 * BenefitChangeDecided carries that cap and is published as BenefitChanged v5 (v3 / v4 otherwise).
 */
import { validateIntegrationEvent } from '@sa/contracts';
import { given } from '@sa/decider';
import { toIntegrationEvent } from '../../messaging/outgoing';
import { A, approvedCase, COUNTY, decided, decider, meta, policy, policyWith, PROPOSER, reviewCaseCommand, stateOf } from '../__tests__/review-case-fixtures';
import type { PolicyVersion } from '../policy/policy-version';
import type { ReviewCaseCommand } from './commands';
import type { BenefitChangeDecided, ReviewCaseEvent } from './events';

const DECISION_ID = '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const capped = policyWith({ overpaymentRecovery: { monthlyCapPercent: 20 } }, { version: '330106-2026-07' });

const askRedetermination: ReviewCaseCommand = {
  type: 'RequestRedetermination',
  data: {
    changeRequestId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
    origin: 'REVIEW',
    requestedChange: 'RECALCULATE',
    trigger: { kind: 'PERIODIC_REVIEW' },
    reportedOn: '2026-06-01',
    urgent: false,
    changes: [],
    membersLeft: [],
    membersJoined: [],
    declaredIncome: [{ memberId: A, type: 'WAGES', month: '2026-05', amountFen: 330000 }],
  },
  metadata: meta(COUNTY, '2026-06-02'),
};

/** Granted under the default policy (no cap), re-determined, and the change proposed under `under`. */
function proposedUnder(under: PolicyVersion): ReviewCaseEvent[] {
  const asked = [...approvedCase(), ...decided(approvedCase(), askRedetermination)];
  const proposal: ReviewCaseCommand = {
    type: 'ProposeBenefitChange',
    data: { proposalId: 'p', policy: under, reason: { code: 'INCOME_INCREASED', description: '收入超过标准，渐退' } },
    metadata: meta(PROPOSER, '2026-06-03'),
  };
  return [...asked, ...decided(asked, proposal)];
}

const decideUnder = (under: PolicyVersion): ReviewCaseCommand => ({
  type: 'DecideBenefitChange',
  data: { decisionId: DECISION_ID, policy: under, reason: '同意渐退' },
  metadata: meta(COUNTY, '2026-06-10'),
});

const published = (change: ReviewCaseEvent) =>
  toIntegrationEvent({
    eventId: '0b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e',
    type: change.type,
    data: change.data,
    metadata: { correlationId: 'c', causationId: 'c', actor: COUNTY, occurredAt: '2026-06-10T10:00:00+08:00' },
  })!;

describe('BenefitChangeDecided carries the 追回 cap of the policy it was decided under', () => {
  it('given a grant without a cap, when the change is decided under a policy with 20 %, then the change carries 20 % and goes out as BenefitChanged v5', () => {
    const grant = approvedCase().at(-1)!;
    expect(grant.data).not.toHaveProperty('overpaymentRecovery');
    const events = given(decider, proposedUnder(capped)).when(decideUnder(capped)).then([expect.objectContaining({ type: 'BenefitChangeDecided' }) as unknown as ReviewCaseEvent]);
    const change = events[0] as BenefitChangeDecided;
    expect(change.data).toMatchObject({ changeType: 'TAPER', policyVersion: '330106-2026-07', overpaymentRecovery: { monthlyCapPercent: 20 } });
    const event = published(change);
    expect(event).toMatchObject({ type: 'BenefitChanged', schemaVersion: 5, data: { policyVersion: '330106-2026-07', overpaymentRecovery: { monthlyCapPercent: 20 }, proposedBy: PROPOSER, decidedBy: COUNTY } });
    expect(validateIntegrationEvent('BenefitChanged', 5, event.data).errors).toEqual([]);
  });

  it('given a grant, when the change is decided under a policy that sets no cap, then nothing is carried and it goes out as v3', () => {
    const events = given(decider, proposedUnder(policy)).when(decideUnder(policy)).then([expect.objectContaining({ type: 'BenefitChangeDecided' }) as unknown as ReviewCaseEvent]);
    expect(events[0]!.data).not.toHaveProperty('overpaymentRecovery');
    const event = published(events[0]!);
    expect(event.schemaVersion).toBe(3);
    expect(event.data).not.toHaveProperty('overpaymentRecovery');
  });

  it('a cap of 0 % (no offset at all) is carried too', () => {
    const none = policyWith({ overpaymentRecovery: { monthlyCapPercent: 0 } }, { version: '330106-2026-08' });
    const [change] = decided(proposedUnder(none), decideUnder(none));
    expect(change!.data).toMatchObject({ overpaymentRecovery: { monthlyCapPercent: 0 } });
    expect(published(change!)).toMatchObject({ schemaVersion: 5, data: { overpaymentRecovery: { monthlyCapPercent: 0 } } });
  });

  it('given an appeal CHANGED under a capped policy, then the change carries the cap and the appeal: v5 with trigger APPEAL', () => {
    const approvalId = (approvedCase().at(-1)!.data as { decisionId: string }).decisionId;
    const appealId = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
    const filed = decided(
      approvedCase(),
      reviewCaseCommand('FileAppeal', {
        appealId,
        kind: 'ADMINISTRATIVE_REVIEW',
        contestedDecisionId: approvalId,
        filedOn: '2026-04-20',
        noticeReceivedOn: '2026-03-18',
        reason: '保障金额偏低',
        evidenceRefs: [],
        actor: { id: 'officer-street-001', role: 'street_officer', jurisdiction: '330106001' },
        on: '2026-04-21',
      }),
    );
    const outcome = reviewCaseCommand('RecordAppealOutcome', {
      appealId,
      outcome: 'CHANGED',
      documentRef: '杭上政复决字〔2026〕第12号',
      documentDate: '2026-06-10',
      reason: '复议机关变更原决定：月保障金额应为1500元',
      evidenceRefs: [],
      newDecision: { decisionId: DECISION_ID, effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 150000 },
      policy: capped,
      actor: COUNTY,
      on: '2026-06-12',
    });
    const events = decider.decide(outcome, stateOf([...approvedCase(), ...filed]));
    const change = events.find((e) => e.type === 'BenefitChangeDecided')!;
    expect(change.data).toMatchObject({ overpaymentRecovery: { monthlyCapPercent: 20 }, appeal: { appealId } });
    const event = published(change);
    expect(event).toMatchObject({ schemaVersion: 5, data: { trigger: { kind: 'APPEAL', refId: appealId }, appeal: { appealId }, overpaymentRecovery: { monthlyCapPercent: 20 } } });
    expect(validateIntegrationEvent('BenefitChanged', 5, event.data).errors).toEqual([]);
  });
});
