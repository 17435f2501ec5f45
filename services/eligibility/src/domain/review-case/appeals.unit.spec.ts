/**
 * 行政复议 / 行政诉讼 (appeals.ts) given/when/then: filing within the legal time limits (or late with
 * a recorded legal reason), the outcome, and the new decision REVOKED / CHANGED cause — a
 * BenefitChangeDecided linked to the appeal whose public BenefitChanged is valid.
 */
import { validateIntegrationEvent } from '@sa/contracts';
import { given } from '@sa/decider';
import { benefitChangedV3Data, toIntegrationEvent } from '../../messaging/outgoing';
import { approvedCase, COUNTY, decided, decider, decideCase, history, open, opinion, policy, PROPOSER, receiveFacts, stateOf, submit, visit, reviewCaseCommand, type CommandInput } from '../__tests__/review-case-fixtures';
import { AppealFiled, AppealOutcomeRecorded, FileAppeal, lastDayToFile, RecordAppealOutcome } from './appeals';
import { ReviewCaseEvent } from './events';

const APPROVAL_ID = '4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d';
const APPEAL_ID = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
const NEW_DECISION_ID = '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
const STREET = { id: 'officer-street-001', role: 'street_officer', jurisdiction: '330106001' };

const fileAppeal = (d: CommandInput<'FileAppeal'> = {}): FileAppeal => reviewCaseCommand('FileAppeal', {
    appealId: APPEAL_ID,
    kind: 'ADMINISTRATIVE_REVIEW',
    contestedDecisionId: APPROVAL_ID,
    filedOn: '2026-04-20',
    noticeReceivedOn: '2026-03-18',
    reason: '家庭实际支出未计入，保障金额偏低',
    evidenceRefs: ['doc:appeal/2026/0420'],
    actor: STREET,
    on: '2026-04-21',
  }, d);

const outcome = (d: CommandInput<'RecordAppealOutcome'> = {}): RecordAppealOutcome => reviewCaseCommand('RecordAppealOutcome', {
    appealId: APPEAL_ID,
    outcome: 'CHANGED',
    documentRef: '杭上政复决字〔2026〕第12号',
    documentDate: '2026-06-10',
    reason: '复议机关变更原决定：月保障金额应为1500元',
    evidenceRefs: ['doc:appeal/2026/0610-decision'],
    newDecision: { decisionId: NEW_DECISION_ID, effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 150000 },
    policy,
    actor: COUNTY,
    on: '2026-06-12',
  }, d);

const appealed = (): ReviewCaseEvent[] => [...approvedCase(), ...decided(approvedCase(), fileAppeal())];

describe('行政复议 / 行政诉讼: filing', () => {
  it('records an appeal filed within 60 days of receiving the decision, with its last day', () => {
    const [filed] = decider.decide(fileAppeal(), stateOf(approvedCase())) as AppealFiled[];
    expect(filed!.data).toMatchObject({
      appealId: APPEAL_ID,
      kind: 'ADMINISTRATIVE_REVIEW',
      contestedDecisionId: APPROVAL_ID,
      contestedDecisionKind: 'APPROVAL',
      noticeReceivedOn: '2026-03-18',
      lastDayToFile: '2026-05-18',
      late: false,
      lateFilingReason: null,
      recordedBy: STREET,
    });
    expect(stateOf(appealed()).appeals).toEqual([expect.objectContaining({ appealId: APPEAL_ID, outcome: null })]);
  });

  it('counts 60 days for 行政复议 and 6 months for 行政诉讼, moving a last day off a rest day', () => {
    expect(lastDayToFile('ADMINISTRATIVE_REVIEW', '2026-03-18')).toBe('2026-05-18'); // a Monday
    expect(lastDayToFile('ADMINISTRATIVE_REVIEW', '2026-03-14')).toBe('2026-05-13'); // 60 days: Wed 13 May
    expect(lastDayToFile('LITIGATION', '2026-03-18')).toBe('2026-09-18');
    expect(lastDayToFile('LITIGATION', '2026-08-31')).toBe('2027-03-01'); // 28 Feb 2027 is a Sunday
  });

  it('refuses a late filing naming the limit, unless a legal reason for the delay is recorded', () => {
    const lateFiling = { filedOn: '2026-05-19', on: '2026-05-20' };
    const late = fileAppeal(lateFiling);
    const error = given(decider, approvedCase()).when(late).thenThrows<Error & { field?: string; details?: Record<string, unknown> }>('appeal_time_limit_passed');
    expect(error.message).toContain('自收到决定之日起60日内');
    expect(error.message).toContain('2026-05-18');
    const [filed] = decider.decide(fileAppeal({ ...lateFiling, lateFilingReason: '申请人住院治疗（附住院证明），耽误期限' }), stateOf(approvedCase())) as AppealFiled[];
    expect(filed!.data).toMatchObject({ late: true, lateFilingReason: '申请人住院治疗（附住院证明），耽误期限' });
    // 行政诉讼: six months from receipt, so 19 May is in time.
    expect((decider.decide(fileAppeal({ ...lateFiling, kind: 'LITIGATION' }), stateOf(approvedCase())) as AppealFiled[])[0]!.data.late).toBe(false);
  });

  it('refuses an unknown decision, impossible dates, a missing reason, and a second open appeal of the same kind', () => {
    given(decider, approvedCase()).when(fileAppeal({ contestedDecisionId: NEW_DECISION_ID })).thenThrows('contested_decision_unknown');
    given(decider, approvedCase()).when(fileAppeal({ noticeReceivedOn: '2026-03-10' })).thenThrows('invalid_date');
    given(decider, approvedCase()).when(fileAppeal({ filedOn: '2026-03-17' })).thenThrows('invalid_date');
    given(decider, approvedCase()).when(fileAppeal({ filedOn: '2026-04-22' })).thenThrows('invalid_date');
    given(decider, approvedCase()).when(fileAppeal({ reason: ' ' })).thenThrows('appeal_reason_required');
    given(decider, appealed()).when(fileAppeal({ appealId: NEW_DECISION_ID })).thenThrows('appeal_already_open');
    given(decider, appealed()).when(fileAppeal()).thenNothing(); // the same appeal again: recorded once
  });
});

describe('行政复议 / 行政诉讼: outcome and the new decision', () => {
  it('CHANGED: the new amount from April is a BenefitChangeDecided linked to the appeal, its BenefitChanged valid', () => {
    const events = decider.decide(outcome(), stateOf(appealed()));
    expect(events.map((e) => e.type)).toEqual(['AppealOutcomeRecorded', 'BenefitChangeDecided']);
    const [recorded, change] = events as [AppealOutcomeRecorded, Extract<ReviewCaseEvent, { type: 'BenefitChangeDecided' }>];
    expect(recorded.data).toMatchObject({ outcome: 'CHANGED', documentRef: '杭上政复决字〔2026〕第12号', documentDate: '2026-06-10', newDecisionId: NEW_DECISION_ID });
    expect(change.data).toMatchObject({
      decisionId: NEW_DECISION_ID,
      changeType: 'INCREASE',
      effectiveMonth: '2026-04',
      previousMonthlyAmountFen: 130000,
      monthlyAmountFen: 150000,
      policyVersion: policy.version,
      decidedBy: COUNTY,
      proposedBy: STREET,
      trigger: { kind: 'OFFICER_INITIATIVE', refId: APPEAL_ID },
      reason: { code: 'OTHER' },
      evidenceRefs: ['杭上政复决字〔2026〕第12号', 'doc:appeal/2026/0610-decision'],
      appeal: { appealId: APPEAL_ID, kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', contestedDecisionId: APPROVAL_ID, documentRef: '杭上政复决字〔2026〕第12号' },
    });
    expect(change.data.reason.description).toContain('行政复议变更原决定');
    expect(validateIntegrationEvent('BenefitChanged', 3, benefitChangedV3Data(change.data)).errors).toEqual([]);
    // Published as BenefitChanged v4: trigger APPEAL naming the appeal, and the appeal (the stored event keeps its trigger).
    const published = toIntegrationEvent({
      eventId: '0b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e',
      type: change.type,
      data: change.data,
      metadata: { correlationId: change.data.caseId, causationId: 'c', actor: COUNTY, occurredAt: '2026-06-12T10:00:00+08:00' },
    })!;
    expect(published.schemaVersion).toBe(4);
    expect(validateIntegrationEvent('BenefitChanged', 4, published.data).errors).toEqual([]);
    expect(published.data).toMatchObject({
      trigger: { kind: 'APPEAL', refId: APPEAL_ID },
      appeal: { appealId: APPEAL_ID, kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', contestedDecisionId: APPROVAL_ID },
      changeType: 'INCREASE',
      monthlyAmountFen: 150000,
    });
    // A change no appeal caused is still v3.
    const { appeal: _a, ...plain } = change.data;
    expect(toIntegrationEvent({ eventId: '1b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e', type: change.type, data: plain, metadata: { correlationId: change.data.caseId, causationId: 'c', actor: COUNTY, occurredAt: '2026-06-12T10:00:00+08:00' } })!.schemaVersion).toBe(3);
    const after = stateOf([...appealed(), ...events]);
    expect(after.benefit).toMatchObject({ monthlyAmountFen: 150000, sinceMonth: '2026-04', decisionId: NEW_DECISION_ID });
    expect(after.appeals![0]!.outcome).toMatchObject({ outcome: 'CHANGED' });
    // The new decision can itself be contested (行政诉讼 against it).
    expect(after.decisions!.map((d) => d.kind)).toEqual(['APPROVAL', 'BENEFIT_CHANGE']);
    given(decider, [...appealed(), ...events]).when(outcome()).thenNothing(); // the same outcome again: recorded once
    given(decider, [...appealed(), ...events]).when(outcome({ outcome: 'UPHELD', newDecision: null })).thenThrows('appeal_outcome_already_recorded');
  });

  it('REVOKED with the household found not eligible: a termination from the given month, with its written notice', () => {
    const events = decider.decide(
      outcome({ outcome: 'REVOKED', newDecision: { decisionId: NEW_DECISION_ID, effectiveFrom: '2026-05-01', eligible: false } }),
      stateOf(appealed()),
    );
    const change = events[1] as Extract<ReviewCaseEvent, { type: 'BenefitChangeDecided' }>;
    expect(change.data).toMatchObject({ changeType: 'TERMINATION', effectiveMonth: '2026-05', monthlyAmountFen: null, writtenNoticeDueOn: '2026-06-17' });
    expect(validateIntegrationEvent('BenefitChanged', 3, benefitChangedV3Data(change.data)).errors).toEqual([]);
  });

  it('UPHELD and WITHDRAWN record the document only; a new decision there is refused', () => {
    expect(decider.decide(outcome({ outcome: 'UPHELD', newDecision: null }), stateOf(appealed())).map((e) => e.type)).toEqual(['AppealOutcomeRecorded']);
    expect(decider.decide(outcome({ outcome: 'WITHDRAWN', newDecision: undefined, actor: STREET }), stateOf(appealed())).map((e) => e.type)).toEqual(['AppealOutcomeRecorded']);
    given(decider, appealed()).when(outcome({ outcome: 'UPHELD' })).thenThrows('appeal_new_decision_not_allowed');
  });

  it('refuses what the new decision cannot be: missing, the same amount, before the approval, by a street officer, without a document', () => {
    given(decider, appealed()).when(outcome({ newDecision: null })).thenThrows('appeal_new_decision_required');
    given(decider, appealed())
      .when(outcome({ newDecision: { decisionId: NEW_DECISION_ID, effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 130000 } }))
      .thenThrows('appeal_new_decision_no_change');
    given(decider, appealed())
      .when(outcome({ newDecision: { decisionId: NEW_DECISION_ID, effectiveFrom: '2026-03-01', eligible: true, monthlyAmountFen: 150000 } }))
      .thenThrows('invalid_date');
    given(decider, appealed())
      .when(outcome({ newDecision: { decisionId: NEW_DECISION_ID, effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: -5 } }))
      .thenThrows('invalid_amount');
    given(decider, appealed()).when(outcome({ actor: STREET })).thenThrows('county_decision_required');
    given(decider, appealed()).when(outcome({ documentRef: '' })).thenThrows('appeal_document_required');
    given(decider, appealed()).when(outcome({ documentDate: '2026-04-01' })).thenThrows('invalid_date');
    given(decider, appealed()).when(outcome({ appealId: NEW_DECISION_ID })).thenThrows('appeal_not_found');
  });

  it('a later decision keeps its months: the new decision may not reach back over it', () => {
    const first = [...appealed(), ...decider.decide(outcome(), stateOf(appealed()))];
    // A 行政诉讼 against the approval after the 复议 changed it from April: the current decision is the 复议's.
    const litigation = fileAppeal({ appealId: NEW_DECISION_ID.replace('6c7d', '7d8e'), kind: 'LITIGATION', filedOn: '2026-06-20', on: '2026-06-20' });
    const past = [...first, ...decided(first, litigation)];
    const again = (effectiveFrom: string) =>
      outcome({
        appealId: litigation.data.appealId,
        documentRef: '（2026）浙0106行初45号',
        documentDate: '2026-07-01',
        newDecision: { decisionId: '8e9f0a1b-2c3d-4e4f-8a5b-6c7d8e9f0a1b', effectiveFrom, eligible: true, monthlyAmountFen: 160000 },
        on: '2026-07-02',
      });
    given(decider, past).when(again('2026-03-01')).thenThrows('invalid_date');
    const events = decider.decide(again('2026-04-01'), stateOf(past));
    expect(events[1]!.data).toMatchObject({ changeType: 'INCREASE', effectiveMonth: '2026-04', previousMonthlyAmountFen: 150000, monthlyAmountFen: 160000 });
    // Contesting the approval when a later, unrelated change governs from July: not before July.
    const decreased = [...approvedCase()];
    const change = {
      type: 'BenefitChangeDecided' as const,
      data: { ...(first[first.length - 1]!.data as Extract<ReviewCaseEvent, { type: 'BenefitChangeDecided' }>['data']), decisionId: '9f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c', effectiveMonth: '2026-07', changeType: 'DECREASE' as const, monthlyAmountFen: 100000, appeal: undefined },
    };
    const withChange = [...decreased, change, ...decided([...decreased, change], fileAppeal())];
    given(decider, withChange).when(outcome()).thenThrows('appeal_new_decision_overlaps_later_decision');
    expect(decider.decide(outcome({ newDecision: { decisionId: NEW_DECISION_ID, effectiveFrom: '2026-07-01', eligible: true, monthlyAmountFen: 150000 } }), stateOf(withChange))[1]!.data).toMatchObject({
      effectiveMonth: '2026-07',
      previousMonthlyAmountFen: 100000,
    });
  });

  it('UPHELD on a refusal records the outcome only (a revoked refusal: appeal-approval.unit.spec.ts)', () => {
    const refused = history(open(), receiveFacts(330000), visit(), opinion({ proposal: 'REFUSE' }), submit(), decideCase({ outcome: 'REFUSE' }));
    expect(stateOf(refused).status).toBe('REFUSED');
    const withAppeal = [...refused, ...decided(refused, fileAppeal())];
    expect(decider.decide(outcome({ outcome: 'UPHELD', newDecision: null }), stateOf(withAppeal)).map((e) => e.type)).toEqual(['AppealOutcomeRecorded']);
    expect(PROPOSER.role).toBe('street_officer');
  });
});
