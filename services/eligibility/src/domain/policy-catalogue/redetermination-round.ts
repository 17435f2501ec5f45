/**
 * The re-determination round of a published policy version (stream `redeterminationRound-<version>`):
 * the record of each batch run over many cases under that version — each proposal run
 * (`POST /policies/:versionId/redeterminations`) and each county batch decision
 * (`POST /policies/:versionId/redeterminations/decisions`). The per-case events (proposals, decisions)
 * stay on the cases' streams; this stream is what a batch route addresses: its revision is the
 * route's ETag and `If-Match` (docs/CONVENTIONS.md "Commands": batch routes), so two batches decided
 * on the same view of the round cannot both go through, and the round says who ran which batch when.
 */
import { actorOf, todayOf, type CommandWithMetadata, type Decider } from '@sa/decider';
import { EligibilityError } from '../errors';
import type { PolicyActor } from './policy-line';

export const REDETERMINATION_ROUND_CATEGORY = 'redeterminationRound';
export const redeterminationRoundStreamId = (policyVersion: string): string => `${REDETERMINATION_ROUND_CATEGORY}-${policyVersion}`;

/** A proposal run over the version's impact evaluation: who ran it is `metadata.actor`, when `metadata.now`. */
export type RecordRedeterminationRun = CommandWithMetadata<'RecordRedeterminationRun', { policyVersion: string; divisionCode: string; impactId: string }>;

/** A county batch decision over proposals of the version (all or nothing; the cases' own events carry each decision). */
export type RecordRedeterminationDecisions = CommandWithMetadata<
  'RecordRedeterminationDecisions',
  { policyVersion: string; divisionCode: string; batchId: string; decision: 'APPROVE' | 'REJECT'; caseIds: string[]; reason: string }
>;

export type RedeterminationRoundCommand = RecordRedeterminationRun | RecordRedeterminationDecisions;

export interface RedeterminationRunRecorded {
  type: 'RedeterminationRunRecorded';
  data: { policyVersion: string; divisionCode: string; impactId: string; run: number; runBy: PolicyActor; runOn: string };
}

export interface RedeterminationDecisionsRecorded {
  type: 'RedeterminationDecisionsRecorded';
  data: { policyVersion: string; divisionCode: string; batchId: string; decision: 'APPROVE' | 'REJECT'; caseIds: string[]; reason: string; decidedBy: PolicyActor; decidedOn: string };
}

export type RedeterminationRoundEvent = RedeterminationRunRecorded | RedeterminationDecisionsRecorded;

export interface RedeterminationRoundState {
  policyVersion: string | null;
  /** The version's division: who may address the round (the pipeline's `jurisdictionOf`). */
  jurisdiction: string | null;
  runs: number;
  batches: number;
}

export const initialRedeterminationRoundState: RedeterminationRoundState = { policyVersion: null, jurisdiction: null, runs: 0, batches: 0 };

/** The round is one version's, in that version's division: a command naming another is a conflict. */
function checkSameRound(state: RedeterminationRoundState, data: { policyVersion: string; divisionCode: string }): void {
  if (state.policyVersion !== null && (state.policyVersion !== data.policyVersion || state.jurisdiction !== data.divisionCode)) {
    throw new EligibilityError('round_mismatch', `This round is version ${state.policyVersion} of ${state.jurisdiction}, not ${data.policyVersion} of ${data.divisionCode}`, { kind: 'conflict' });
  }
}

export function decideRecordRedeterminationRun(command: RecordRedeterminationRun, state: RedeterminationRoundState): RedeterminationRoundEvent[] {
  checkSameRound(state, command.data);
  return [{ type: 'RedeterminationRunRecorded', data: { ...command.data, run: state.runs + 1, runBy: actorOf(command), runOn: todayOf(command) } }];
}

export function decideRecordRedeterminationDecisions(command: RecordRedeterminationDecisions, state: RedeterminationRoundState): RedeterminationRoundEvent[] {
  checkSameRound(state, command.data);
  if (command.data.caseIds.length === 0) throw new EligibilityError('no_cases', 'A batch decision names at least one case', { field: 'caseIds' });
  return [{ type: 'RedeterminationDecisionsRecorded', data: { ...command.data, caseIds: [...command.data.caseIds], decidedBy: actorOf(command), decidedOn: todayOf(command) } }];
}

export const redeterminationRoundDecider: Decider<RedeterminationRoundCommand, RedeterminationRoundEvent, RedeterminationRoundState> = {
  initialState: initialRedeterminationRoundState,
  decide(command, state) {
    switch (command.type) {
      case 'RecordRedeterminationRun':
        return decideRecordRedeterminationRun(command, state);
      case 'RecordRedeterminationDecisions':
        return decideRecordRedeterminationDecisions(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'RedeterminationRunRecorded':
        return { policyVersion: event.data.policyVersion, jurisdiction: event.data.divisionCode, runs: event.data.run, batches: state.batches };
      case 'RedeterminationDecisionsRecorded':
        return { policyVersion: event.data.policyVersion, jurisdiction: event.data.divisionCode, runs: state.runs, batches: state.batches + 1 };
      default:
        return state;
    }
  },
};
