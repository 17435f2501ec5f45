/**
 * A refusal (不予批准) revoked or changed on appeal (行政复议 / 行政诉讼): the body's decision makes the
 * household eligible, so the county records the approval it orders — a `CaseApproved` linked to the
 * appeal, published as the ordinary AssistanceGranted (disbursement registers the entitlement).
 *
 * Reading of the law: a revoked refusal is void from the start (行政复议法 2023 art. 64, 行政诉讼法 art. 70:
 * 撤销 … 责令重新作出). The household is treated as eligible from the original decision, so the approval
 * starts in the month the original application would have started: the month after the refusal
 * (as an ordinary approval starts the month after its decision, decision.decide.ts). The body may set a
 * later month (`effectiveFrom`, e.g. the household became eligible later), never an earlier one, nor one
 * after next month. Months already past are back-paid (补发) by disbursement as a late registration.
 *
 * Only recurring programmes (低保, 特困, 低保边缘): a temporary-assistance refusal revoked is decided
 * again through the ordinary procedure. A refusal's new decision must make the household eligible: a
 * body that finds it still not eligible upholds the refusal (record UPHELD).
 *
 * Pure: time is data (`on`), refusals are `EligibilityError`s.
 */
import { isCalendarDate, monthAfter, monthOf, type CalendarDate, type CalendarMonth } from '../calendar-date';
import { step } from '../explanation';
import { conflictError, ruleError } from '../errors';
import { formatYuan } from '../money';
import type { PolicyVersion } from '../policy/policy-version';
import type { Appeal, AppealLink, AppealNewDecision, RecordAppealOutcome } from './appeals';
import { APPEAL_KIND_LABELS, APPEAL_OUTCOME_LABELS } from './appeals';
import type { ActorRef, CaseAssessment, ReviewCaseState } from './case-file';
import { assertCountyApprover, assertPolicyApplies, blank, currentOpinion, memberName, overpaymentRecoveryOf, tryAssess } from './decide-common';
import type { CaseApproved } from './events';
import { actorOf, todayOf } from '@sa/decider';

export const APPEAL_APPROVAL_ERRORS = {
  notEligible: 'appeal_refusal_new_decision_not_eligible',
  temporary: 'appeal_new_decision_unsupported',
  notCurrent: 'appeal_refusal_superseded',
  recipient: 'recipient_required',
  assessment: 'appeal_assessment_missing',
} as const;

/** The month the original application would have started: the month after the refusal. */
export const appealStartMonth = (refusedOn: CalendarDate): CalendarMonth => monthAfter(refusedOn);

export function decideApprovalOnAppeal(
  appeal: Appeal,
  c: RecordAppealOutcome,
  s: ReviewCaseState & { caseId: string; jurisdiction: string },
  link: AppealLink,
  reason: string,
): CaseApproved {
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  const n: AppealNewDecision = d.newDecision!;
  if (s.program === 'TEMPORARY_ASSISTANCE' || s.program === null) {
    throw ruleError(APPEAL_APPROVAL_ERRORS.temporary, '撤销临时救助不予批准决定后，请按临时救助程序重新审核确认', 'newDecision');
  }
  assertCountyApprover(actor);
  if (!d.policy) throw ruleError('policy_required', 'The policy in force is required for a new decision', 'policy');
  assertPolicyApplies(s, d.policy, on);
  const refusal = s.decision;
  if (s.status !== 'REFUSED' || !refusal || refusal.decisionId !== appeal.contestedDecisionId) {
    throw conflictError(APPEAL_APPROVAL_ERRORS.notCurrent, `被申请的不予批准决定（${appeal.contestedDecisionId}）已不是本案现行决定`);
  }
  if (blank(n.decisionId)) throw ruleError('decision_id_required', 'The new decision needs its id', 'newDecision.decisionId');
  if (n.eligible !== true) {
    throw ruleError(APPEAL_APPROVAL_ERRORS.notEligible, '撤销或变更不予批准决定的新决定须认定符合条件（仍不符合条件的，请记录“维持”）', 'newDecision.eligible');
  }
  const amount = n.monthlyAmountFen;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw ruleError('invalid_amount', 'newDecision.monthlyAmountFen must be a positive integer number of fen', 'newDecision.monthlyAmountFen');
  }
  const earliest = appealStartMonth(refusal.decidedOn);
  const given = typeof n.effectiveFrom === 'string' && n.effectiveFrom !== '';
  if (given && !isCalendarDate(n.effectiveFrom)) throw ruleError('invalid_date', 'newDecision.effectiveFrom must be a calendar date YYYY-MM-DD', 'newDecision.effectiveFrom');
  const startMonth = given ? monthOf(n.effectiveFrom) : earliest;
  if (startMonth < earliest) {
    throw ruleError('invalid_date', `新决定的起始月份不能早于原申请应开始发放的月份（${earliest}，不予批准决定次月）`, 'newDecision.effectiveFrom', { earliestMonth: earliest });
  }
  if (startMonth > monthAfter(on)) throw ruleError('invalid_date', `新决定的起始月份不能晚于${monthAfter(on)}`, 'newDecision.effectiveFrom');

  const r = n.recipient;
  const payee = r ? s.household!.members.find((m) => m.memberId === r.memberId && m.included) : undefined;
  if (!r || !payee) throw ruleError(APPEAL_APPROVAL_ERRORS.recipient, 'An approval names the payee: an included member of the household', 'newDecision.recipient.memberId');
  if (blank(r.bankAccountRef)) throw ruleError(APPEAL_APPROVAL_ERRORS.recipient, 'The payee’s bank-account reference is required', 'newDecision.recipient.bankAccountRef');

  const opinion = currentOpinion(s);
  const inputs = { extremePoverty: opinion?.extremePoverty ?? null, temporary: null, reviewClass: opinion?.reviewClass ?? null };
  const base = tryAssess(s, d.policy, on, inputs) ?? opinion?.assessment ?? null;
  if (!base) throw ruleError(APPEAL_APPROVAL_ERRORS.assessment, 'No assessment of the household to record the new decision on (verification report missing)', 'newDecision');
  const assessment = appealAssessment(base, amount, startMonth, link, actor, d.policy, on, s);
  const label = `${APPEAL_KIND_LABELS[appeal.kind]}${APPEAL_OUTCOME_LABELS[link.outcome]}不予批准决定（${link.documentRef}）`;
  return {
    type: 'CaseApproved',
    data: {
      caseId: s.caseId,
      caseNumber: s.caseNumber!,
      jurisdiction: s.jurisdiction,
      decisionId: n.decisionId,
      program: s.program,
      decidedOn: on,
      decidedBy: actor,
      // The appeal stands where the initial opinion would: the officer who recorded it proposed nothing, the body decided.
      proposedBy: appeal.recordedBy,
      decisionAuthority: 'COUNTY',
      policyVersion: d.policy.version,
      reason: `${label}：${reason}`.slice(0, 2000),
      evidenceRefs: [link.documentRef, ...(d.evidenceRefs ?? [])],
      overdue: false,
      assessment,
      startMonth,
      ...overpaymentRecoveryOf(d.policy, s.program),
      membersCovered: assessment.coveredMemberIds.map((memberId) => ({ memberId, name: memberName(s, memberId) })),
      recipient: { memberId: payee.memberId, name: payee.name, bankAccountRef: r.bankAccountRef.trim(), ...(r.bankAccountMasked ? { bankAccountMasked: r.bankAccountMasked } : {}) },
      appeal: link,
    },
  };
}

/** The assessment recorded on the approval: today's figures of the household, the body's amount, eligible, explained. */
function appealAssessment(
  base: CaseAssessment,
  amount: number,
  startMonth: CalendarMonth,
  link: AppealLink,
  actor: ActorRef,
  policy: PolicyVersion,
  on: CalendarDate,
  s: ReviewCaseState,
): CaseAssessment {
  const covered = base.eligible && base.coveredMemberIds.length > 0 ? base.coveredMemberIds : s.household!.members.filter((m) => m.included).map((m) => m.memberId);
  const coverage = base.eligible ? base.coverage : 'HOUSEHOLD';
  return {
    ...base,
    policyVersion: policy.version,
    assessmentDate: on,
    eligible: true,
    outcome: 'APPEAL_DECISION',
    coverage,
    monthlyAmountFen: amount,
    baseAmountFen: amount,
    supplements: [],
    coveredMemberIds: covered,
    temporary: null,
    reasons: [
      {
        code: 'APPEAL_DECISION',
        en: `${link.kind === 'LITIGATION' ? 'Court judgment' : 'Administrative review decision'} ${link.documentRef}: the refusal is ${link.outcome.toLowerCase()}, ${formatYuan(amount)} a month from ${startMonth}`,
        zh: `${APPEAL_KIND_LABELS[link.kind]}${APPEAL_OUTCOME_LABELS[link.outcome]}原不予批准决定（${link.documentRef}）：自${startMonth}起每月${formatYuan(amount)}`,
      },
    ],
    explanation: [
      ...base.explanation,
      step(
        'APPEAL.NEW_DECISION',
        {
          en: 'The review body / court revoked or changed the refusal: its decision sets eligibility and the amount; the household is eligible from the month after the original decision',
          zh: '复议机关（人民法院）撤销或变更不予批准决定：按其决定认定符合条件和保障金额，自原决定次月起享受',
        },
        { appealId: link.appealId, documentRef: link.documentRef, documentDate: link.documentDate, contestedDecisionId: link.contestedDecisionId, rulesEligible: base.eligible, rulesAmountFen: base.monthlyAmountFen },
        { policyVersion: policy.version },
        { eligible: true, monthlyAmountFen: amount, startMonth, decidedBy: actor.id },
      ),
    ],
  };
}
