import { given } from '@sa/decider';
import type { EligibilityError } from '../errors';
import {
  redeterminationRoundDecider,
  redeterminationRoundStreamId,
  type RedeterminationRoundCommand,
  type RedeterminationRoundEvent,
} from './redetermination-round';

const ADMIN = { id: 'policy-330106', role: 'policy_admin', jurisdiction: '330106' };
const APPROVER = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
const VERSION = '330106-2026-06';
const CASES = ['0d4e1c7a-6f0b-4f43-9d52-2a8b8f1e0a01', '0d4e1c7a-6f0b-4f43-9d52-2a8b8f1e0a02'];

const run = (impactId: string, divisionCode = '330106'): RedeterminationRoundCommand => ({
  type: 'RecordRedeterminationRun',
  data: { policyVersion: VERSION, divisionCode, impactId },
  metadata: { actor: ADMIN, now: '2026-06-05T09:00:00+08:00' },
});
const decide = (caseIds: string[], batchId = 'batch-1'): RedeterminationRoundCommand => ({
  type: 'RecordRedeterminationDecisions',
  data: { policyVersion: VERSION, divisionCode: '330106', batchId, decision: 'APPROVE', caseIds, reason: '按新低保标准统一调整' },
  metadata: { actor: APPROVER, now: '2026-06-08T10:00:00+08:00' },
});
const recordedRun = (impactId: string, n: number): RedeterminationRoundEvent => ({
  type: 'RedeterminationRunRecorded',
  data: { policyVersion: VERSION, divisionCode: '330106', impactId, run: n, runBy: ADMIN, runOn: '2026-06-05' },
});

describe('re-determination round of a policy version (the stream batch routes address)', () => {
  it('is one stream per version', () => {
    expect(redeterminationRoundStreamId(VERSION)).toBe('redeterminationRound-330106-2026-06');
  });

  it('records each proposal run with its number, who ran it (metadata.actor) and the day (metadata.now)', () => {
    given(redeterminationRoundDecider).when(run('impact-1')).then([recordedRun('impact-1', 1)]);
    given(redeterminationRoundDecider, [recordedRun('impact-1', 1)]).when(run('impact-1')).then([recordedRun('impact-1', 2)]);
  });

  it('records a batch decision: the cases, the decision, who decided and the day', () => {
    given(redeterminationRoundDecider, [recordedRun('impact-1', 1)])
      .when(decide(CASES))
      .then([
        {
          type: 'RedeterminationDecisionsRecorded',
          data: { policyVersion: VERSION, divisionCode: '330106', batchId: 'batch-1', decision: 'APPROVE', caseIds: CASES, reason: '按新低保标准统一调整', decidedBy: APPROVER, decidedOn: '2026-06-08' },
        },
      ]);
  });

  it('keeps the version and division, counts runs and batches', () => {
    const decided = redeterminationRoundDecider.decide(decide(CASES), redeterminationRoundDecider.evolve(redeterminationRoundDecider.initialState, recordedRun('impact-1', 1)));
    given(redeterminationRoundDecider, [recordedRun('impact-1', 1), ...decided]).thenState({ policyVersion: VERSION, jurisdiction: '330106', runs: 1, batches: 1 });
  });

  it('refuses a command naming another division (conflict) and a batch without cases (rule, field caseIds)', () => {
    const other = given(redeterminationRoundDecider, [recordedRun('impact-1', 1)]).when(run('impact-2', '330105')).thenThrows<EligibilityError>('round_mismatch');
    expect(other.kind).toBe('conflict');
    const empty = given(redeterminationRoundDecider).when(decide([])).thenThrows<EligibilityError>('no_cases');
    expect(empty.options.field).toBe('caseIds');
  });

  it('refuses a command without its actor (metadata.actor)', () => {
    const command = { ...run('impact-1'), metadata: { now: '2026-06-05T09:00:00+08:00' } } as unknown as RedeterminationRoundCommand;
    given(redeterminationRoundDecider).when(command).thenThrows('actor_missing');
  });
});
