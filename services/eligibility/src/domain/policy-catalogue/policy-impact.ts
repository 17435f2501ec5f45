/**
 * The record of a caseload impact evaluation (stream `policyImpact-<impactId>`): which draft was
 * evaluated, by whom, for which division, on which date, and the totals. The per-case list is kept
 * beside it in the read-model tables `policy_impacts` / `policy_impact_cases` (written once, with this
 * event, by the impact service), so it is paged and exported without recomputing.
 */
import { actorOf, type CommandWithMetadata, type Decider } from '@sa/decider';
import { CalendarDate } from '../calendar-date';
import { Fen } from '../money';
import { PolicyVersion } from '../policy/policy-version';
import type { ImpactOutcome } from '../review-case/standard-change';
import type { PolicyActor } from './policy-line';

export const policyImpactStreamId = (impactId: string): string => `policyImpact-${impactId}`;

export interface PolicyImpactSummary {
  impactId: string;
  /** The draft's division: every case of it (a jurisdiction covers every code that starts with it). */
  jurisdiction: string;
  draft: PolicyVersion;
  /** SHA-256 of the draft's canonical JSON: proposals need the published version to be this draft. */
  draftDigest: string;
  refusalMonths: number;
  refusedSince: CalendarDate;
  evaluatedOn: CalendarDate;
  counts: Record<ImpactOutcome, number>;
  /** Active benefits (INCREASE … TERMINATE, UNCHANGED, NOT_ASSESSABLE): monthly total now and under the draft. */
  monthlyCostBeforeFen: Fen;
  monthlyCostAfterFen: Fen;
  /** Recent refusals the draft would grant: their monthly total (not in the costs above). */
  newlyEligibleMonthlyFen: Fen;
  cases: number;
}

/** Records an evaluation; who evaluated is `metadata.actor` (the event keeps it as `evaluatedBy`). */
export type RecordPolicyImpact = CommandWithMetadata<'RecordPolicyImpact', PolicyImpactSummary>;

export interface PolicyImpactEvaluated {
  type: 'PolicyImpactEvaluated';
  data: PolicyImpactSummary & { evaluatedBy: PolicyActor };
}

export interface PolicyImpactState {
  impactId: string | null;
  jurisdiction: string | null;
}

export const policyImpactDecider: Decider<RecordPolicyImpact, PolicyImpactEvaluated, PolicyImpactState> = {
  initialState: { impactId: null, jurisdiction: null },
  decide(command, state) {
    if (state.impactId !== null) return [];
    return [{ type: 'PolicyImpactEvaluated', data: { ...command.data, evaluatedBy: actorOf(command) } }];
  },
  evolve(state, event) {
    return event.type === 'PolicyImpactEvaluated' ? { impactId: event.data.impactId, jurisdiction: event.data.jurisdiction } : state;
  },
};
