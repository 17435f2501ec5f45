/**
 * A new standard (政策标准调整) and the caseload (issue #14 item 6): what a draft policy version does to
 * each case (`impactOfStandard`, the rule engine through `recalculate` — no second rule engine), the
 * re-determination proposal the policy admin makes for every changed case once the version is
 * published (`proposeStandardChange` → `StandardRedeterminationProposed`), and the county's rejection
 * of such a proposal (`rejectBenefitChange` → `BenefitChangeRejected`). An approval is the ordinary
 * `DecideBenefitChange` (→ `BenefitChangeDecided`, published as `BenefitChanged`, so payments follow).
 * Pure: time is data (`on`), refusals are `EligibilityError`s.
 */
import { CalendarDate, monthAfter } from '../calendar-date';
import { conflictError, ruleError } from '../errors';
import { Fen, formatYuan } from '../money';
import { PolicyVersion } from '../policy/policy-version';
import { planTaper } from '../rules/taper';
import { refusalReasonsOf } from './assessment';
import { ActorRef, BenefitChangeProposal, BenefitChangeType, CaseAssessment, Program, Redetermination, ReviewCaseState } from './case-file';
import { assertCountyApprover, assertFourEyes, assertOpened, assertPolicyApplies, requireText, tryAssess } from './decide-common';
import { recalculate } from './redetermination.decide';
import type { ReviewCaseCommandOf } from './commands';
import { actorOf, todayOf } from '@sa/decider';

// ---- impact of a draft standard -------------------------------------------------------------------

/** How a draft changes a case: the active benefits, and the recent refusals that would now be granted. */
export type ImpactOutcome = 'INCREASE' | 'DECREASE' | 'UNCHANGED' | 'TAPER' | 'TERMINATE' | 'NEWLY_ELIGIBLE' | 'STILL_REFUSED' | 'NOT_ASSESSABLE';

export const IMPACT_OUTCOMES: readonly ImpactOutcome[] = ['INCREASE', 'DECREASE', 'UNCHANGED', 'TAPER', 'TERMINATE', 'NEWLY_ELIGIBLE', 'STILL_REFUSED', 'NOT_ASSESSABLE'];

/** The outcomes a re-determination is proposed for (a benefit in payment whose amount the draft changes). */
export const CHANGED_OUTCOMES: readonly ImpactOutcome[] = ['INCREASE', 'DECREASE', 'TAPER', 'TERMINATE'];

export const IMPACT_OUTCOME_LABELS: Record<ImpactOutcome, string> = {
  INCREASE: '增发',
  DECREASE: '减发',
  UNCHANGED: '不变',
  TAPER: '渐退',
  TERMINATE: '停发',
  NEWLY_ELIGIBLE: '新符合条件（近期不予批准）',
  STILL_REFUSED: '仍不符合条件',
  NOT_ASSESSABLE: '无法测算',
};

export interface CaseImpact {
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  program: Program;
  outcome: ImpactOutcome;
  /** Monthly amount paid now (0 for a refusal). */
  beforeFen: Fen;
  /** Monthly amount under the draft (TAPER: its first month; TERMINATE / STILL_REFUSED: 0). */
  afterFen: Fen;
  /** Chinese lines for the officer: the change, the reasons and the rule engine's steps. */
  explanation: string[];
}

const yuan = (fen: Fen): string => formatYuan(fen).replace('¥', '') + ' 元';

function stepLines(assessment: CaseAssessment): string[] {
  const reasons = assessment.reasons.map((r) => `理由：${r.zh}`);
  const steps = assessment.explanation.map((s) => (typeof s.result === 'object' && s.result !== null ? s.description.zh : `${s.description.zh}：${String(s.result)}`));
  return [...reasons, ...steps];
}

/**
 * The impact of `draft` on one case on `on`, from the facts the case holds: a benefit in payment
 * (APPROVED, ACTIVE) is recalculated; a refusal decided on or after `refusedSince` is assessed again.
 * Null for any other case (in procedure, withdrawn, suspended, tapering, terminated, temporary assistance).
 */
export function impactOfStandard(s: ReviewCaseState, draft: PolicyVersion, on: CalendarDate, refusedSince: CalendarDate): CaseImpact | null {
  if (s.caseId === null || s.jurisdiction === null || s.program === null || s.program === 'TEMPORARY_ASSISTANCE') return null;
  const base = { caseId: s.caseId, caseNumber: s.caseNumber ?? '', jurisdiction: s.jurisdiction, program: s.program };
  if (s.status === 'APPROVED' && s.benefit?.status === 'ACTIVE') {
    const before = s.benefit.monthlyAmountFen;
    let planned: ReturnType<typeof recalculate>;
    try {
      planned = recalculate(s, draft, on);
    } catch (e) {
      return { ...base, outcome: 'NOT_ASSESSABLE', beforeFen: before, afterFen: before, explanation: [`无法按新标准测算：${e instanceof Error ? e.message : String(e)}`] };
    }
    const { changeType, assessment } = planned;
    if (changeType === 'TERMINATION') {
      const why = refusalReasonsOf(assessment).map((r) => r.description).join('；');
      return { ...base, outcome: 'TERMINATE', beforeFen: before, afterFen: 0, explanation: [`按新标准不再符合条件，停发（现月保障金 ${yuan(before)}）${why ? `：${why}` : ''}`, ...stepLines(assessment)] };
    }
    if (changeType === 'TAPER') {
      const first = planTaper(before, draft.parameters.taperSchedule, monthAfter(on))[0]?.amountFen ?? 0;
      return {
        ...base,
        outcome: 'TAPER',
        beforeFen: before,
        afterFen: first,
        explanation: [`按新标准家庭收入超过低保标准，渐退 ${draft.parameters.taperSchedule.length} 个月（首月 ${yuan(first)}，现月保障金 ${yuan(before)}）`, ...stepLines(assessment)],
      };
    }
    const after = assessment.monthlyAmountFen;
    const outcome: ImpactOutcome = changeType === 'NO_CHANGE' ? 'UNCHANGED' : changeType === 'INCREASE' ? 'INCREASE' : 'DECREASE';
    const delta = after - before;
    const headline =
      outcome === 'UNCHANGED'
        ? `月保障金不变：${yuan(before)}`
        : `月保障金由 ${yuan(before)} 调整为 ${yuan(after)}（${delta > 0 ? '增加' : '减少'} ${yuan(Math.abs(delta))}）`;
    return { ...base, outcome, beforeFen: before, afterFen: after, explanation: [headline, ...stepLines(assessment)] };
  }
  if (s.status === 'REFUSED' && s.decision && s.decision.decidedOn >= refusedSince) {
    const last = [...s.opinions].reverse()[0];
    let assessment: CaseAssessment | null;
    try {
      assessment = tryAssess(s, draft, on, { extremePoverty: last?.extremePoverty ?? null, temporary: null, reviewClass: null });
    } catch (e) {
      return { ...base, outcome: 'NOT_ASSESSABLE', beforeFen: 0, afterFen: 0, explanation: [`无法按新标准测算：${e instanceof Error ? e.message : String(e)}`] };
    }
    if (!assessment) return { ...base, outcome: 'NOT_ASSESSABLE', beforeFen: 0, afterFen: 0, explanation: ['案件缺少核对报告或特困评估，无法按新标准测算'] };
    if (assessment.eligible) {
      return {
        ...base,
        outcome: 'NEWLY_ELIGIBLE',
        beforeFen: 0,
        afterFen: assessment.monthlyAmountFen,
        explanation: [`${s.decision.decidedOn} 不予批准；按新标准符合条件，月保障金 ${yuan(assessment.monthlyAmountFen)}（需重新申请）`, ...stepLines(assessment)],
      };
    }
    return { ...base, outcome: 'STILL_REFUSED', beforeFen: 0, afterFen: 0, explanation: [`${s.decision.decidedOn} 不予批准；按新标准仍不符合条件`, ...stepLines(assessment)] };
  }
  return null;
}

// ---- proposal after publication --------------------------------------------------------------------

/**
 * The policy admin proposes the change a published standard gives one case (one command per case,
 * from `POST /policies/:versionId/redeterminations`). `changeRequestId` is derived from the impact and
 * the case by the application, so proposing twice records nothing new.
 */
export type ProposeStandardChange = ReviewCaseCommandOf<
  'ProposeStandardChange',
  {
    changeRequestId: string;
    proposalId: string;
    impactId: string;
    policy: PolicyVersion;
  }
>;

/** The county rejects a proposed change: the benefit stays as it is (four eyes: not the proposer). */
export type RejectBenefitChange = ReviewCaseCommandOf<'RejectBenefitChange', { decisionId: string; policyVersion: string; reason: string; evidenceRefs?: string[] }>;

export type StandardRedeterminationProposed = {
  type: 'StandardRedeterminationProposed';
  data: {
    caseId: string;
    impactId: string;
    policyVersion: string;
    previousMonthlyAmountFen: Fen;
    /** The new amount (INCREASE / DECREASE), the taper's first month (TAPER) or 0 (TERMINATION). */
    monthlyAmountFen: Fen;
    changeType: BenefitChangeType;
    redetermination: Omit<Redetermination, 'proposal'>;
    proposal: BenefitChangeProposal;
  };
};

export type BenefitChangeRejected = {
  type: 'BenefitChangeRejected';
  data: {
    caseId: string;
    decisionId: string;
    changeRequestId: string;
    proposalId: string;
    changeType: BenefitChangeProposal['changeType'];
    monthlyAmountFen: Fen;
    proposedMonthlyAmountFen: Fen | null;
    policyVersion: string;
    decidedOn: CalendarDate;
    decidedBy: ActorRef;
    proposedBy: ActorRef;
    reason: string;
    evidenceRefs: string[];
  };
};

export function proposeStandardChange(c: ProposeStandardChange, s: ReviewCaseState): StandardRedeterminationProposed[] {
  assertOpened(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.handledChangeRequests.includes(d.changeRequestId)) return [];
  const benefit = s.benefit;
  if (s.status !== 'APPROVED' || !benefit) throw conflictError('no_active_benefit', 'The case has no recurring benefit to re-determine');
  if (benefit.status !== 'ACTIVE') throw conflictError('benefit_not_active', `The benefit is ${benefit.status}: a new standard is applied to benefits in payment`);
  if (s.redetermination) {
    throw conflictError('redetermination_in_progress', `Change request ${s.redetermination.changeRequestId} is still being re-determined`);
  }
  assertPolicyApplies(s, d.policy, on);
  const { changeType, assessment } = recalculate(s, d.policy, on);
  if (changeType === 'NO_CHANGE') return [];
  const previous = benefit.monthlyAmountFen;
  const amount =
    changeType === 'INCREASE' || changeType === 'DECREASE'
      ? assessment.monthlyAmountFen
      : changeType === 'TAPER'
        ? (planTaper(previous, d.policy.parameters.taperSchedule, monthAfter(on))[0]?.amountFen ?? 0)
        : 0;
  const description =
    changeType === 'TERMINATION'
      ? `低保标准调整（政策版本 ${d.policy.version}）：按新标准不再符合条件，停发（现月保障金 ${yuan(previous)}）`
      : changeType === 'TAPER'
        ? `低保标准调整（政策版本 ${d.policy.version}）：按新标准家庭收入超过标准，渐退（现月保障金 ${yuan(previous)}）`
        : `低保标准调整（政策版本 ${d.policy.version}）：月保障金由 ${yuan(previous)} 调整为 ${yuan(amount)}`;
  return [
    {
      type: 'StandardRedeterminationProposed',
      data: {
        caseId: s.caseId,
        impactId: d.impactId,
        policyVersion: d.policy.version,
        previousMonthlyAmountFen: previous,
        monthlyAmountFen: amount,
        changeType,
        redetermination: {
          changeRequestId: d.changeRequestId,
          origin: 'OFFICER',
          requestedChange: 'RECALCULATE',
          trigger: { kind: 'POLICY_CHANGE', refId: d.impactId },
          reportedOn: on,
          receivedOn: on,
          urgent: false,
          changes: [{ kind: 'POLICY_CHANGE', description }],
        },
        proposal: {
          proposalId: d.proposalId,
          proposedBy: actor,
          proposedOn: on,
          policyVersion: d.policy.version,
          changeType,
          monthlyAmountFen: changeType === 'INCREASE' || changeType === 'DECREASE' ? amount : null,
          reason: { code: 'STANDARD_ADJUSTED', description },
          assessment,
        },
      },
    },
  ];
}

export function rejectBenefitChange(c: RejectBenefitChange, s: ReviewCaseState): BenefitChangeRejected[] {
  assertOpened(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  const r = s.redetermination;
  if (!r || !s.benefit) throw conflictError('no_redetermination', 'No change request is being re-determined');
  const proposal = r.proposal;
  if (!proposal) throw ruleError('change_proposal_missing', 'No change has been proposed for this change request');
  assertFourEyes(s, actor, [proposal.proposedBy.id]);
  assertCountyApprover(actor);
  const reason = requireText(d.reason, 'decision_reason_required', 'reason', 'The decision’s reason');
  return [
    {
      type: 'BenefitChangeRejected',
      data: {
        caseId: s.caseId,
        decisionId: d.decisionId,
        changeRequestId: r.changeRequestId,
        proposalId: proposal.proposalId,
        changeType: proposal.changeType,
        monthlyAmountFen: s.benefit.monthlyAmountFen,
        proposedMonthlyAmountFen: proposal.monthlyAmountFen,
        policyVersion: d.policyVersion,
        decidedOn: on,
        decidedBy: actor,
        proposedBy: proposal.proposedBy,
        reason,
        evidenceRefs: d.evidenceRefs ?? [],
      },
    },
  ];
}

export function evolveStandardChange(state: ReviewCaseState, event: StandardRedeterminationProposed | BenefitChangeRejected): ReviewCaseState {
  if (event.type === 'StandardRedeterminationProposed') {
    const d = event.data;
    return {
      ...state,
      redetermination: { ...d.redetermination, proposal: d.proposal },
      handledChangeRequests: [...state.handledChangeRequests, d.redetermination.changeRequestId],
    };
  }
  return { ...state, redetermination: null };
}
