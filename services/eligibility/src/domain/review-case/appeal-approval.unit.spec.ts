/**
 * A refusal revoked / changed on appeal (appeal-approval.ts) given/when/then: the approval the body
 * orders, decided by a county_approver, from the month after the refusal, linked to the appeal, and
 * published as a valid AssistanceGranted; bad input refused naming the field.
 */
import { validateIntegrationEvent } from '@sa/contracts';
import { given } from '@sa/decider';
import { assistanceGrantedData, toIntegrationEvent } from '../../messaging/outgoing';
import { A, COUNTY, decided, decider, decideCase, history, open, opinion, policy, PROPOSER, receiveFacts, stateOf, submit, visit, meta, reviewCaseCommand, type CommandInput } from '../__tests__/review-case-fixtures';
import type { FileAppeal, RecordAppealOutcome } from './appeals';
import type { CaseApproved, ReviewCaseEvent } from './events';

const REFUSAL_ID = '4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d';
const APPEAL_ID = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
const APPROVAL_ID = '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
const STREET = { id: 'officer-street-001', role: 'street_officer', jurisdiction: '330106001' };
const RECIPIENT = { memberId: A, bankAccountRef: 'bank-account:7c1e9a', bankAccountMasked: '6222 **** **** 1234' };

const fileAppeal: FileAppeal = {
  type: 'FileAppeal',
  data: {
    appealId: APPEAL_ID,
    kind: 'ADMINISTRATIVE_REVIEW',
    contestedDecisionId: REFUSAL_ID,
    filedOn: '2026-04-20',
    noticeReceivedOn: '2026-03-18',
    reason: '家庭收入核算有误，应予纳入低保',
    evidenceRefs: ['doc:appeal/2026/0420'],
  }, metadata: meta(STREET, '2026-04-21'),
};

const revoke = (d: CommandInput<'RecordAppealOutcome'> = {}, n: Record<string, unknown> = {}): RecordAppealOutcome => reviewCaseCommand('RecordAppealOutcome', {
    appealId: APPEAL_ID,
    outcome: 'REVOKED',
    documentRef: '杭上政复决字〔2026〕第18号',
    documentDate: '2026-06-10',
    reason: '复议机关撤销不予批准决定：家庭人均收入低于当地低保标准',
    evidenceRefs: ['doc:appeal/2026/0610-decision'],
    newDecision: { decisionId: APPROVAL_ID, effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 130000, recipient: RECIPIENT, ...n },
    policy,
    actor: COUNTY,
    on: '2026-06-12',
  }, d);

// Refused on 16 March 2026 (income above the standard by the rules), the household appeals on 20 April.
const refused = history(open(), receiveFacts(330000), visit(), opinion({ proposal: 'REFUSE' }), submit(), decideCase({ outcome: 'REFUSE' }));
const appealed = (): ReviewCaseEvent[] => [...refused, ...decided(refused, fileAppeal)];

describe('a refusal revoked on appeal: the approval the body orders', () => {
  it('given a refusal and its appeal, when REVOKED with the new decision, then the outcome and a CaseApproved from the month after the refusal', () => {
    const events = decider.decide(revoke(), stateOf(appealed()));
    expect(events.map((e) => e.type)).toEqual(['AppealOutcomeRecorded', 'CaseApproved']);
    expect(events[0]!.data).toMatchObject({ outcome: 'REVOKED', contestedDecisionId: REFUSAL_ID, newDecisionId: APPROVAL_ID });
    const approved = events[1] as CaseApproved;
    expect(approved.data).toMatchObject({
      decisionId: APPROVAL_ID,
      program: 'MINIMUM_LIVING_ALLOWANCE',
      startMonth: '2026-04',
      decidedOn: '2026-06-12',
      decidedBy: COUNTY,
      proposedBy: STREET,
      decisionAuthority: 'COUNTY',
      policyVersion: policy.version,
      evidenceRefs: ['杭上政复决字〔2026〕第18号', 'doc:appeal/2026/0610-decision'],
      overdue: false,
      recipient: { memberId: A, bankAccountRef: 'bank-account:7c1e9a' },
      appeal: { appealId: APPEAL_ID, kind: 'ADMINISTRATIVE_REVIEW', outcome: 'REVOKED', contestedDecisionId: REFUSAL_ID, documentRef: '杭上政复决字〔2026〕第18号', documentDate: '2026-06-10' },
      assessment: { eligible: true, outcome: 'APPEAL_DECISION', monthlyAmountFen: 130000, coverage: 'HOUSEHOLD' },
    });
    expect(approved.data.reason).toContain('行政复议撤销不予批准决定');
    expect(approved.data.membersCovered.length).toBeGreaterThan(0);
    const last = approved.data.assessment.explanation.at(-1)!;
    expect(last).toMatchObject({ rule: 'APPEAL.NEW_DECISION', result: { eligible: true, monthlyAmountFen: 130000, startMonth: '2026-04' } });
    expect(last.inputs).toMatchObject({ rulesEligible: false });

    // The case is approved, its benefit active from April; the approval is itself a decision that can be contested.
    const after = stateOf([...appealed(), ...events]);
    expect(after.status).toBe('APPROVED');
    expect(after.benefit).toMatchObject({ status: 'ACTIVE', monthlyAmountFen: 130000, sinceMonth: '2026-04', decisionId: APPROVAL_ID });
    expect(after.decisions?.at(-1)).toEqual({ decisionId: APPROVAL_ID, kind: 'APPROVAL', decidedOn: '2026-06-12' });
    // The same outcome again appends nothing.
    given(decider, [...appealed(), ...events]).when(revoke()).thenNothing();
  });

  it('publishes the approval as a valid AssistanceGranted v2 (start month in the past, the appeal linked); v1 would refuse the start month', () => {
    const approved = decider.decide(revoke(), stateOf(appealed()))[1] as CaseApproved;
    const published = toIntegrationEvent({
      eventId: '0b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e',
      type: 'CaseApproved',
      data: approved.data,
      metadata: { correlationId: approved.data.caseId, causationId: 'c', actor: COUNTY, occurredAt: '2026-06-12T10:00:00+08:00' },
    })!;
    expect(published.schemaVersion).toBe(2);
    expect(validateIntegrationEvent('AssistanceGranted', 2, published.data).errors).toEqual([]);
    expect(published.data).toMatchObject({
      decisionId: APPROVAL_ID,
      startMonth: '2026-04',
      monthlyAmountFen: 130000,
      decisionAuthority: 'COUNTY',
      appeal: { appealId: APPEAL_ID, outcome: 'REVOKED', contestedDecisionId: REFUSAL_ID },
    });
    expect(JSON.stringify((published.data as { explanation: unknown }).explanation)).toContain('复议机关');
    expect(validateIntegrationEvent('AssistanceGranted', 1, assistanceGrantedData(approved.data)).errors).toEqual(['/startMonth: must be after the month of the decision']);
    // v2 still refuses a start month after the month after the decision.
    expect(validateIntegrationEvent('AssistanceGranted', 2, { ...published.data, startMonth: '2026-08' }).errors).toContain('/startMonth: must not be after the month after the decision');
  });

  it('without effectiveFrom: from the month after the refusal', () => {
    const [, approved] = decider.decide(revoke({}, { effectiveFrom: '' }), stateOf(appealed())) as [unknown, CaseApproved];
    expect(approved.data.startMonth).toBe('2026-04');
  });

  it('CHANGED with a later start month the body set: from that month', () => {
    const [, approved] = decider.decide(revoke({ outcome: 'CHANGED' }, { effectiveFrom: '2026-05-01', monthlyAmountFen: 90000 }), stateOf(appealed())) as [unknown, CaseApproved];
    expect(approved.data).toMatchObject({ startMonth: '2026-05', assessment: { monthlyAmountFen: 90000 }, appeal: { outcome: 'CHANGED' } });
  });

  it('refuses, naming the field: before the month after the refusal, after next month, not eligible, no amount, no payee, a payee outside the household', () => {
    const s = appealed();
    const field = (cmd: RecordAppealOutcome, code: string, name: string) => {
      const error = given(decider, s).when(cmd).thenThrows<Error & { field?: string }>(code);
      expect(error.field).toBe(name);
    };
    field(revoke({}, { effectiveFrom: '2026-03-01' }), 'invalid_date', 'newDecision.effectiveFrom');
    field(revoke({}, { effectiveFrom: '2026-08-01' }), 'invalid_date', 'newDecision.effectiveFrom');
    field(revoke({}, { eligible: false, monthlyAmountFen: null }), 'appeal_refusal_new_decision_not_eligible', 'newDecision.eligible');
    field(revoke({}, { monthlyAmountFen: 0 }), 'invalid_amount', 'newDecision.monthlyAmountFen');
    field(revoke({}, { recipient: null }), 'recipient_required', 'newDecision.recipient.memberId');
    field(revoke({}, { recipient: { memberId: 'someone-else', bankAccountRef: 'bank-account:1' } }), 'recipient_required', 'newDecision.recipient.memberId');
    field(revoke({}, { recipient: { memberId: A, bankAccountRef: ' ' } }), 'recipient_required', 'newDecision.recipient.bankAccountRef');
  });

  it('only a county_approver records the approval; the street officer is refused', () => {
    given(decider, appealed()).when(revoke({ actor: PROPOSER })).thenThrows('county_decision_required');
  });

  it('refuses when the refusal is no longer the case’s decision (already approved on this appeal by another decision)', () => {
    const events = decider.decide(revoke(), stateOf(appealed()));
    const later = [...appealed(), ...events];
    const second: FileAppeal = { ...fileAppeal, data: { ...fileAppeal.data, appealId: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', kind: 'LITIGATION' } };
    const withSecond = [...later, ...decided(later, second)];
    given(decider, withSecond)
      .when(revoke({ appealId: second.data.appealId }, { decisionId: '8e9f0a1b-2c3d-4e4f-8a5b-6c7d8e9f0a1b' }))
      .thenThrows('appeal_refusal_superseded');
  });

  it('a temporary-assistance refusal revoked is decided again through the ordinary procedure', () => {
    const ta = history(
      open({ program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type: 'EXPENDITURE', requestedAmountFen: 500000, emergencyAdvanceRequested: false } }),
      receiveFacts(330000),
      visit(),
      opinion({ proposal: 'REFUSE', reasons: [{ code: 'OTHER', description: '支出型困难不符合条件' }] }),
      submit(),
      decideCase({ outcome: 'REFUSE' }),
    );
    const withAppeal = [...ta, ...decided(ta, fileAppeal)];
    given(decider, withAppeal).when(revoke()).thenThrows('appeal_new_decision_unsupported');
  });
});
