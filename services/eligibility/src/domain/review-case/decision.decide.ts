/**
 * Deadline extension, submission (审核), the decision (审核确认) and withdrawal: per-command decisions of the review case.
 * Pure: time is data (`on`), the working-day calendar a parameter; refusals are `EligibilityError`s.
 */
import { monthAfter } from '../calendar-date';
import { dueDateOrOpen, WorkingDays } from '../calendar';
import { conflictError, forbiddenError, ruleError } from '../errors';
import { assessCase, refusalReasonsOf } from './assessment';
import { ReviewCaseState } from './case-file';
import { applyCollectiveDecision, COLLECTIVE_DECISION_ERRORS, type CollectiveDecisionRecord } from './collective-decision';
import { DecideCase, ExtendDecisionDeadline, SubmitForDecision, WithdrawCase } from './commands';
import { ReviewCaseEvent } from './events';
import {
  overpaymentRecoveryOf,
  assertBeforeDecision,
  assertCountyApprover,
  assertFourEyes,
  assertHomeVisited,
  assertNoticeOver,
  assertPolicyApplies,
  assessmentInput,
  blank,
  checkReasons,
  currentOpinion,
  extendedDue,
  latestVerification,
  memberName,
  noticeDue,
  requireText,
  tryAssess,
} from './decide-common';
import { actorOf, todayOf } from '@sa/decider';

export function extendDeadline(c: ExtendDecisionDeadline, s: ReviewCaseState, calendar: WorkingDays): ReviewCaseEvent[] {
  assertBeforeDecision(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.deadline!.extensionReason !== null) throw conflictError('deadline_already_extended', 'The decision deadline has already been extended once');
  const reason = requireText(d.reason, 'extension_reason_required', 'reason', 'The reason for the extension');
  const workingDays = s.procedure!.extendedDecisionWorkingDays;
  return [
    {
      type: 'DecisionDeadlineExtended',
      data: { workingDays, ...extendedDue(dueDateOrOpen(calendar, s.acceptedOn!, workingDays)), reason, extendedOn: on, extendedBy: actor },
    },
  ];
}

export function submit(c: SubmitForDecision, s: ReviewCaseState): ReviewCaseEvent[] {
  assertBeforeDecision(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.status === 'SUBMITTED') throw conflictError('already_submitted', 'The file is already with the decision-maker');
  const opinion = currentOpinion(s);
  if (!opinion) throw ruleError('initial_opinion_missing', 'No initial opinion (初审意见) has been issued in this round');
  assertNoticeOver(s, on, opinion.noticeRequired);
  if (opinion.proposedBy.id === actor.id) {
    throw forbiddenError('reviewer_is_proposer', 'The review (审核) is done by someone other than the officer who proposed');
  }
  return [
    {
      type: 'CaseSubmittedForDecision',
      data: { round: s.round, submittedOn: on, submittedBy: actor, reviewNote: requireText(d.reviewNote, 'review_note_required', 'reviewNote', 'The review opinion') },
    },
  ];
}

export function decideCase(c: DecideCase, s: ReviewCaseState, calendar: WorkingDays): ReviewCaseEvent[] {
  assertBeforeDecision(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (d.outcome !== 'APPROVE' && d.outcome !== 'REFUSE') throw ruleError('invalid_outcome', "outcome must be 'APPROVE' or 'REFUSE'", 'outcome');
  const opinion = currentOpinion(s);
  if (!opinion) throw ruleError('initial_opinion_missing', 'No initial opinion (初审意见) has been issued in this round');
  assertPolicyApplies(s, d.policy, on);

  const inputs = { extremePoverty: opinion.extremePoverty, temporary: opinion.temporary, reviewClass: opinion.reviewClass };
  const approve = d.outcome === 'APPROVE';
  let assessment = approve ? assessCase(assessmentInput(s, d.policy, on, inputs)) : tryAssess(s, d.policy, on, inputs);
  // 一事一议: an amount above the usual cap, decided collectively (collective-decision.ts).
  let collective: CollectiveDecisionRecord | null = null;
  if (d.collectiveDecision !== undefined && d.collectiveDecision !== null) {
    if (!approve || !assessment) throw ruleError(COLLECTIVE_DECISION_ERRORS.notTemporary, '一事一议仅适用于临时救助的批准决定', 'collectiveDecision');
    ({ assessment, record: collective } = applyCollectiveDecision(s, assessment, d.collectiveDecision, d.policy, actor, on));
  }
  const streetAlone = s.program === 'TEMPORARY_ASSISTANCE' && (approve ? assessment?.temporary?.authority : opinion.authority) === 'STREET_OFFICE';

  assertNoticeOver(s, on, approve && !streetAlone);
  if (approve && !streetAlone) {
    if (!latestVerification(s)) throw ruleError('verification_missing', 'No household economic verification report has been received yet');
    assertHomeVisited(s);
  }
  assertFourEyes(s, actor, s.opinions.map((o) => o.proposedBy.id));
  if (streetAlone) {
    if (actor.role !== 'street_reviewer' && actor.role !== 'county_approver') {
      throw forbiddenError('decision_role_not_allowed', 'Small temporary assistance is decided by the street office (street_reviewer) or the county');
    }
  } else {
    assertCountyApprover(actor);
    if (s.status !== 'SUBMITTED') throw ruleError('not_submitted_for_decision', 'The street office has not submitted the file for decision (审核) yet');
  }
  const reason = requireText(d.reason, 'decision_reason_required', 'reason', 'The decision’s reason');
  const base = {
    caseId: s.caseId!,
    caseNumber: s.caseNumber!,
    jurisdiction: s.jurisdiction!,
    decisionId: d.decisionId,
    program: s.program!,
    decidedOn: on,
    decidedBy: actor,
    proposedBy: opinion.proposedBy,
    decisionAuthority: streetAlone ? ('STREET_DELEGATED' as const) : ('COUNTY' as const),
    policyVersion: d.policy.version,
    reason,
    evidenceRefs: d.evidenceRefs ?? [],
    overdue: s.deadline?.dueOn ? on > s.deadline.dueOn : false,
  };

  if (approve) {
    const a = assessment!;
    if (!a.eligible) {
      throw ruleError('not_eligible_by_rules', 'The rules do not allow an approval: ' + refusalReasonsOf(a).map((r) => r.description).join('；'), 'outcome');
    }
    const r = d.recipient;
    const payee = r ? s.household!.members.find((m) => m.memberId === r.memberId && m.included) : undefined;
    if (!r || !payee) throw ruleError('recipient_required', 'An approval names the payee: an included member of the household', 'recipient.memberId');
    if (blank(r.bankAccountRef)) throw ruleError('recipient_required', 'The payee’s bank-account reference is required', 'recipient.bankAccountRef');
    const startMonth = a.temporary ? a.temporary.instalments[0]!.month : monthAfter(on);
    return [
      {
        type: 'CaseApproved',
        data: {
          ...base,
          assessment: a,
          startMonth,
          ...(collective ? { collectiveDecision: collective } : {}),
          ...overpaymentRecoveryOf(d.policy, s.program!),
          membersCovered: a.coveredMemberIds.map((memberId) => ({ memberId, name: memberName(s, memberId) })),
          recipient: { memberId: payee.memberId, name: payee.name, bankAccountRef: r.bankAccountRef, ...(r.bankAccountMasked ? { bankAccountMasked: r.bankAccountMasked } : {}) },
        },
      },
    ];
  }

  const given = d.reasons && d.reasons.length > 0 ? checkReasons(d.reasons, 'reasons') : [];
  const reasons = given.length > 0 ? given : opinion.reasons.length > 0 ? opinion.reasons : assessment ? refusalReasonsOf(assessment) : [];
  if (reasons.length === 0) throw ruleError('refusal_reasons_required', 'A refusal gives written reasons', 'reasons');
  return [
    {
      type: 'CaseRefused',
      data: {
        ...base,
        temporaryAssistanceType: s.temporaryAssistance?.type ?? null,
        reasons,
        assessment,
        // Past the known holiday calendar the notice date stays open (never a refused command).
        ...noticeDue(calendar, on, d.policy.parameters.deadlines.refusalNoticeWorkingDays),
      },
    },
  ];
}

export function withdraw(c: WithdrawCase, s: ReviewCaseState): ReviewCaseEvent[] {
  const actor = actorOf(c);
  if (s.status === 'WITHDRAWN') return [];
  assertBeforeDecision(s);
  return [{ type: 'CaseWithdrawn', data: { withdrawnOn: c.data.withdrawnOn, reason: c.data.reason, recordedBy: actor } }];
}
