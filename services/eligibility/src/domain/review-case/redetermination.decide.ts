/**
 * Re-determination after a change (动态管理 → 审核确认): proposal and county decision of a benefit change.
 * Pure: time is data (`on`), the working-day calendar a parameter; refusals are `EligibilityError`s.
 */
import { CalendarDate, monthAfter } from '../calendar-date';
import { WorkingDays } from '../calendar';
import { ageGroupsOf } from '../age-groups';
import { conflictError, ruleError } from '../errors';
import { IncomeItem } from '../household';
import { Rational, roundToFen } from '../money';
import { PolicyVersion } from '../policy/policy-version';
import { planTaper } from '../rules/taper';
import { assessCase, refusalReasonsOf } from './assessment';
import { BenefitChangeType, CaseAssessment, ReviewCaseState } from './case-file';
import { DecideBenefitChange, ProposeBenefitChange, RequestRedetermination } from './commands';
import { ReviewCaseEvent } from './events';
import {
  assertCountyApprover,
  assertFourEyes,
  assertOpened,
  assertPolicyApplies,
  assessmentInput,
  blank,
  memberName,
  overpaymentRecoveryOf,
  requireText,
  writtenNoticeDue,
} from './decide-common';
import { actorOf, todayOf } from '@sa/decider';

export function requestRedetermination(c: RequestRedetermination, s: ReviewCaseState): ReviewCaseEvent[] {
  assertOpened(s);
  const d = c.data;
  const on = todayOf(c);
  if (s.handledChangeRequests.includes(d.changeRequestId)) return [];
  const benefit = s.benefit;
  if (s.status !== 'APPROVED' || !benefit) throw conflictError('no_active_benefit', 'The case has no recurring benefit to re-determine');
  if (benefit.status === 'TERMINATED') throw conflictError('benefit_terminated', 'The benefit has been terminated');
  if (s.redetermination) {
    throw conflictError('redetermination_in_progress', `Change request ${s.redetermination.changeRequestId} is still being re-determined`);
  }
  if (d.requestedChange === 'RESUME' && benefit.status !== 'SUSPENDED') throw ruleError('benefit_not_suspended', 'Only a suspended benefit can resume');
  if (d.requestedChange === 'SUSPEND' && benefit.status === 'SUSPENDED') throw conflictError('benefit_already_suspended', 'The benefit is already suspended');
  const known = new Set([...s.household!.members.map((m) => m.memberId), ...d.membersJoined.map((m) => m.memberId)]);
  const groups = new Map<string, { memberId: string; type: IncomeItem['type']; amounts: number[] }>();
  d.declaredIncome.forEach((i, n) => {
    if (!known.has(i.memberId)) throw ruleError('unknown_member', `Member ${i.memberId} is not in the household`, `declaredIncome[${n}].memberId`);
    const key = `${i.memberId}/${i.type}`;
    const group = groups.get(key) ?? { memberId: i.memberId, type: i.type, amounts: [] };
    group.amounts.push(i.amountFen);
    groups.set(key, group);
  });
  // Monthly average of the declared months, rounded once (the same rounding rule as everywhere).
  const incomeOverrides: IncomeItem[] = [...groups.values()].map((g) => ({
    memberId: g.memberId,
    type: g.type,
    monthlyAverageFen: roundToFen(Rational.sum(g.amounts.map((a) => Rational.fen(a))).dividedBy(g.amounts.length)),
  }));
  return [
    {
      type: 'RedeterminationRequested',
      data: {
        redetermination: {
          changeRequestId: d.changeRequestId,
          origin: d.origin,
          requestedChange: d.requestedChange,
          trigger: d.trigger,
          reportedOn: d.reportedOn,
          receivedOn: on,
          urgent: d.urgent,
          changes: d.changes,
          ...(d.recommendation ? { recommendation: d.recommendation } : {}),
          ...(d.reasons && d.reasons.length > 0 ? { reasons: d.reasons } : {}),
        },
        membersLeft: d.membersLeft,
        membersJoined: d.membersJoined,
        ...(d.membersJoined.length > 0 ? { ageGroups: ageGroupsOf(d.membersJoined) } : {}),
        incomeOverrides,
      },
    },
  ];
}

/** The change the rules give for the open re-determination, on `on` under `policy`. */
export function planChange(s: ReviewCaseState, policy: PolicyVersion, on: CalendarDate): { changeType: BenefitChangeType | 'NO_CHANGE'; assessment: CaseAssessment | null } {
  const r = s.redetermination!;
  if (r.requestedChange === 'SUSPEND') return { changeType: 'SUSPENSION', assessment: null };
  if (r.requestedChange === 'TERMINATE') return { changeType: 'TERMINATION', assessment: null };
  if (r.requestedChange === 'RESUME') {
    const assessment = assessBenefit(s, policy, on);
    if (!assessment.eligible) throw ruleError('not_eligible_by_rules', 'The household no longer meets the conditions: the benefit cannot resume');
    return { changeType: 'RESUMPTION', assessment };
  }
  return recalculate(s, policy, on);
}

/** The rule engine's assessment of the case's benefit under `policy` on `on` (the facts the case holds). */
export function assessBenefit(s: ReviewCaseState, policy: PolicyVersion, on: CalendarDate): CaseAssessment {
  const benefit = s.benefit!;
  const last = [...s.opinions].reverse().find((o) => o.proposal === 'APPROVE');
  return assessCase(
    assessmentInput(s, policy, on, { extremePoverty: last?.extremePoverty ?? null, temporary: null, reviewClass: benefit.reviewClass === 'INTENSIVE' ? 'INTENSIVE' : null }),
  );
}

/**
 * RECALCULATE of a recurring benefit: INCREASE / DECREASE / NO_CHANGE when still eligible, TAPER when
 * only income rose above the standard (and the policy has a taper), TERMINATION otherwise. The one
 * place this classification is made (a change request's re-determination and a new standard's impact).
 */
export function recalculate(s: ReviewCaseState, policy: PolicyVersion, on: CalendarDate): { changeType: BenefitChangeType | 'NO_CHANGE'; assessment: CaseAssessment } {
  const benefit = s.benefit!;
  const assessment = assessBenefit(s, policy, on);
  if (assessment.eligible) {
    const amount = assessment.monthlyAmountFen;
    const current = benefit.monthlyAmountFen;
    return { changeType: amount > current ? 'INCREASE' : amount < current ? 'DECREASE' : 'NO_CHANGE', assessment };
  }
  // Income rose above the standard while everything else still holds: 渐退 when the policy has a taper.
  const codes = new Set(refusalReasonsOf(assessment).map((x) => x.code));
  const onlyIncome = codes.size === 1 && codes.has('INCOME_ABOVE_STANDARD');
  const taper = onlyIncome && benefit.status === 'ACTIVE' && policy.parameters.taperSchedule.length > 0;
  return { changeType: taper ? 'TAPER' : 'TERMINATION', assessment };
}

export function proposeChange(c: ProposeBenefitChange, s: ReviewCaseState): ReviewCaseEvent[] {
  assertOpened(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (!s.redetermination || !s.benefit) throw conflictError('no_redetermination', 'No change request is being re-determined');
  assertPolicyApplies(s, d.policy, on);
  if (blank(d.reason?.description)) throw ruleError('change_reason_required', 'A change gives written reasons', 'reason.description');
  const { changeType, assessment } = planChange(s, d.policy, on);
  const monthlyAmountFen = changeType === 'INCREASE' || changeType === 'DECREASE' || changeType === 'RESUMPTION' ? assessment!.monthlyAmountFen : null;
  return [
    {
      type: 'BenefitChangeProposed',
      data: {
        changeRequestId: s.redetermination.changeRequestId,
        proposal: {
          proposalId: d.proposalId,
          proposedBy: actor,
          proposedOn: on,
          policyVersion: d.policy.version,
          changeType,
          monthlyAmountFen,
          reason: { code: d.reason.code, description: d.reason.description.trim() },
          assessment,
        },
      },
    },
  ];
}

export function decideChange(c: DecideBenefitChange, s: ReviewCaseState, calendar: WorkingDays): ReviewCaseEvent[] {
  assertOpened(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  const r = s.redetermination;
  if (!r || !s.benefit) throw conflictError('no_redetermination', 'No change request is being re-determined');
  const proposal = r.proposal;
  if (!proposal) throw ruleError('change_proposal_missing', 'No change has been proposed for this change request');
  assertPolicyApplies(s, d.policy, on);
  assertFourEyes(s, actor, [proposal.proposedBy.id]);
  assertCountyApprover(actor);
  const reason = requireText(d.reason, 'decision_reason_required', 'reason', 'The decision’s reason');
  const { changeType, assessment } = planChange(s, d.policy, on);
  const monthlyAmountFen = changeType === 'INCREASE' || changeType === 'DECREASE' || changeType === 'RESUMPTION' ? assessment!.monthlyAmountFen : null;
  if (changeType !== proposal.changeType || monthlyAmountFen !== proposal.monthlyAmountFen) {
    throw conflictError('proposal_outdated', `The rules now give ${changeType}${monthlyAmountFen === null ? '' : ` (${monthlyAmountFen} fen)`}; propose the change again`);
  }
  if (changeType === 'NO_CHANGE') {
    return [
      {
        type: 'RedeterminationClosed',
        data: { changeRequestId: r.changeRequestId, outcome: 'NO_CHANGE', closedOn: on, decidedBy: actor, proposedBy: proposal.proposedBy, policyVersion: d.policy.version, reason },
      },
    ];
  }
  const benefit = s.benefit;
  const effectiveMonth = monthAfter(on);
  const withAmount = monthlyAmountFen !== null;
  const needsNotice = changeType === 'DECREASE' || changeType === 'TERMINATION';
  return [
    {
      type: 'BenefitChangeDecided',
      data: {
        caseId: s.caseId!,
        caseNumber: s.caseNumber!,
        jurisdiction: s.jurisdiction!,
        decisionId: d.decisionId,
        changeRequestId: r.changeRequestId,
        program: benefit.program,
        changeType,
        effectiveMonth,
        previousMonthlyAmountFen: benefit.monthlyAmountFen,
        monthlyAmountFen,
        taperSchedule: changeType === 'TAPER' ? planTaper(benefit.monthlyAmountFen, d.policy.parameters.taperSchedule, effectiveMonth) : null,
        membersCovered: withAmount ? assessment!.coveredMemberIds.map((memberId) => ({ memberId, name: memberName(s, memberId) })) : null,
        supplements: withAmount ? assessment!.supplements : null,
        reviewClass: withAmount ? assessment!.reviewClass : null,
        reviewIntervalMonths: withAmount ? assessment!.reviewIntervalMonths : null,
        reason: proposal.reason,
        trigger: r.trigger,
        policyVersion: d.policy.version,
        assessment,
        decidedOn: on,
        decidedBy: actor,
        proposedBy: proposal.proposedBy,
        ...writtenNoticeDue(calendar, on, needsNotice ? d.policy.parameters.deadlines.refusalNoticeWorkingDays : null),
        decisionReason: reason,
        evidenceRefs: d.evidenceRefs ?? [],
        ...overpaymentRecoveryOf(d.policy, benefit.program),
      },
    },
  ];
}
