/**
 * 一事一议 (collective decision) of temporary assistance: for extraordinary hardship an amount above
 * the usual cap may be granted, decided collectively — at least `minimumApprovers` approvers named
 * (policy, default 3), the meeting's date and minutes referenced, a reason — and never above the
 * policy's own ceiling (`temporaryAssistance.collectiveDecision.ceilingFen`). Below the usual cap the
 * ordinary path stays (a collective decision is refused there: it is not needed). Pure.
 */
import { CalendarDate, isCalendarDate } from '../calendar-date';
import { ruleError } from '../errors';
import { step } from '../explanation';
import { Fen, formatYuan } from '../money';
import { DEFAULT_COLLECTIVE_DECISION_APPROVERS, PolicyVersion } from '../policy/policy-version';
import { splitIntoInstalments } from '../rules/temporary-assistance';
import { ActorRef, CaseAssessment, ReviewCaseState } from './case-file';
import { blank } from './decide-common';

/** One approver who took part in the collective decision. */
export interface CollectiveApprover {
  id: string;
  name: string;
  /** Their function at the meeting, e.g. 民政局局长, 分管副局长. */
  position?: string;
}

/** What the officer records of the meeting (DecideCase.data.collectiveDecision). */
export interface CollectiveDecisionInput {
  amountFen: Fen;
  approvers: CollectiveApprover[];
  meetingOn: CalendarDate;
  minutesRef: string;
  reason: string;
}

/** As recorded on CaseApproved: the meeting, its approvers and the limits it was checked against. */
export interface CollectiveDecisionRecord extends CollectiveDecisionInput {
  /** The usual cap the amount exceeds (temporaryAssistance cap for the household). */
  usualCapFen: Fen;
  /** The policy's 一事一议 ceiling. */
  ceilingFen: Fen;
  minimumApprovers: number;
  policyVersion: string;
  recordedBy: ActorRef;
}

const FIELD = 'collectiveDecision';

export const COLLECTIVE_DECISION_ERRORS = {
  notTemporary: 'collective_decision_not_applicable',
  notInPolicy: 'collective_decision_not_in_policy',
  notRequired: 'collective_decision_not_required',
  overCeiling: 'collective_decision_over_ceiling',
  overRequest: 'collective_decision_over_request',
  approvers: 'collective_decision_approvers_required',
  meeting: 'collective_decision_meeting_date',
  minutes: 'collective_decision_minutes_required',
  reason: 'collective_decision_reason_required',
} as const;

/**
 * The assessment of an approval decided collectively: the grant raised to the meeting's amount (a
 * new instalment split, county authority), with a `TA.COLLECTIVE_DECISION` step and the record the
 * event keeps. Throws a named `EligibilityError` for every rule it breaks.
 */
export function applyCollectiveDecision(
  s: ReviewCaseState,
  assessment: CaseAssessment,
  input: CollectiveDecisionInput,
  policy: PolicyVersion,
  actor: ActorRef,
  on: CalendarDate,
): { assessment: CaseAssessment; record: CollectiveDecisionRecord } {
  const t = assessment.temporary;
  if (s.program !== 'TEMPORARY_ASSISTANCE' || !t) {
    throw ruleError(COLLECTIVE_DECISION_ERRORS.notTemporary, '一事一议仅适用于临时救助的批准决定', FIELD);
  }
  const parameters = policy.parameters.temporaryAssistance.collectiveDecision;
  if (!parameters) {
    throw ruleError(COLLECTIVE_DECISION_ERRORS.notInPolicy, `政策版本${policy.version}未设定一事一议救助上限，不能超过常规上限决定`, FIELD);
  }
  const minimumApprovers = parameters.minimumApprovers ?? DEFAULT_COLLECTIVE_DECISION_APPROVERS;
  const amount = input.amountFen;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw ruleError('invalid_amount', 'amountFen must be a positive integer number of fen', `${FIELD}.amountFen`);
  if (amount <= t.capFen) {
    throw ruleError(
      COLLECTIVE_DECISION_ERRORS.notRequired,
      `金额${formatYuan(amount)}未超过常规救助上限${formatYuan(t.capFen)}，按常规程序审批，无需一事一议`,
      `${FIELD}.amountFen`,
      { usualCapFen: t.capFen },
    );
  }
  if (amount > parameters.ceilingFen) {
    throw ruleError(
      COLLECTIVE_DECISION_ERRORS.overCeiling,
      `金额${formatYuan(amount)}超过一事一议救助上限${formatYuan(parameters.ceilingFen)}（政策版本${policy.version}）`,
      `${FIELD}.amountFen`,
      { ceilingFen: parameters.ceilingFen, policyVersion: policy.version },
    );
  }
  if (amount > t.requestedFen) {
    throw ruleError(COLLECTIVE_DECISION_ERRORS.overRequest, `金额${formatYuan(amount)}超过申请金额${formatYuan(t.requestedFen)}`, `${FIELD}.amountFen`);
  }
  const approvers = Array.isArray(input.approvers) ? input.approvers : [];
  approvers.forEach((a, i) => {
    if (blank(a?.id)) throw ruleError(COLLECTIVE_DECISION_ERRORS.approvers, '每位参与决定的人员须记录其标识', `${FIELD}.approvers[${i}].id`);
    if (blank(a?.name)) throw ruleError(COLLECTIVE_DECISION_ERRORS.approvers, '每位参与决定的人员须记录姓名', `${FIELD}.approvers[${i}].name`);
  });
  const distinct = new Set(approvers.map((a) => a.id.trim()));
  if (distinct.size < minimumApprovers) {
    throw ruleError(
      COLLECTIVE_DECISION_ERRORS.approvers,
      `一事一议须由至少${minimumApprovers}名人员集体研究决定，记录了${distinct.size}名（不同人员）`,
      `${FIELD}.approvers`,
      { minimumApprovers },
    );
  }
  if (!isCalendarDate(input.meetingOn) || input.meetingOn > on || (s.acceptedOn !== null && input.meetingOn < s.acceptedOn)) {
    throw ruleError(COLLECTIVE_DECISION_ERRORS.meeting, `会议日期须为受理日（${s.acceptedOn}）至决定日（${on}）之间的日期`, `${FIELD}.meetingOn`);
  }
  if (blank(input.minutesRef)) throw ruleError(COLLECTIVE_DECISION_ERRORS.minutes, '一事一议须引用会议纪要', `${FIELD}.minutesRef`);
  if (blank(input.reason)) throw ruleError(COLLECTIVE_DECISION_ERRORS.reason, '一事一议须写明理由', `${FIELD}.reason`);

  const firstMonth = t.instalments[0]!.month;
  const instalments = splitIntoInstalments(amount, t.instalments.length, firstMonth);
  const record: CollectiveDecisionRecord = {
    amountFen: amount,
    approvers: approvers.map((a) => ({ id: a.id.trim(), name: a.name.trim(), ...(a.position && !blank(a.position) ? { position: a.position.trim() } : {}) })),
    meetingOn: input.meetingOn,
    minutesRef: input.minutesRef.trim(),
    reason: input.reason.trim(),
    usualCapFen: t.capFen,
    ceilingFen: parameters.ceilingFen,
    minimumApprovers,
    policyVersion: policy.version,
    recordedBy: actor,
  };
  return {
    record,
    assessment: {
      ...assessment,
      monthlyAmountFen: amount,
      baseAmountFen: amount,
      temporary: { ...t, grantableFen: amount, authority: 'COUNTY', instalments },
      reasons: [
        ...assessment.reasons.filter((r) => r.code !== 'CAPPED_AT_LIMIT'),
        {
          code: 'COLLECTIVE_DECISION',
          en: `Above the usual cap (${formatYuan(t.capFen)}): ${formatYuan(amount)} decided collectively`,
          zh: `一事一议：超过常规救助上限${formatYuan(t.capFen)}，经集体研究决定救助${formatYuan(amount)}`,
        },
      ],
      explanation: [
        ...assessment.explanation,
        step(
          'TA.COLLECTIVE_DECISION',
          { en: 'Collective decision above the usual cap, within the policy ceiling', zh: '一事一议：集体研究决定，不超过一事一议救助上限' },
          { amountFen: amount, approvers: record.approvers.length, meetingOn: record.meetingOn, minutesRef: record.minutesRef },
          {
            'temporaryAssistance.collectiveDecision.ceilingFen': parameters.ceilingFen,
            'temporaryAssistance.collectiveDecision.minimumApprovers': minimumApprovers,
            usualCapFen: t.capFen,
          },
          { grantedFen: amount, instalments: instalments.map((i) => ({ ...i })) },
        ),
      ],
    },
  };
}
