/** The follow-up case from grant to close: opening, payments seen, taper end, welfare visits. */
import { monthOf } from './calendar';
import { actorOf, todayOf } from '@sa/decider';
import { FollowUpRuleError } from './follow-up-rule-error';
import { firstReviewDueMonth } from './review-schedule';
import { FollowUpCommandOf, FollowUpEvent, FollowUpState } from './follow-up-case';
import { notInFuture, requireNotClosed, requireOpened } from './follow-up-case.guards';

export function openFollowUp(command: FollowUpCommandOf<'OpenFollowUp'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  if (state.status !== 'NONE') return []; // the grant was already taken in (redelivery)
  if (!Number.isInteger(d.reviewIntervalMonths) || d.reviewIntervalMonths < 1) {
    throw new FollowUpRuleError('invalid_review_interval', 'The review interval must be a whole number of months ≥ 1', {
      field: 'reviewIntervalMonths',
    });
  }
  return [
    {
      type: 'FollowUpOpened',
      data: {
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        decisionId: d.decisionId,
        program: d.program,
        jurisdiction: d.jurisdiction,
        reviewClass: d.reviewClass,
        reviewIntervalMonths: d.reviewIntervalMonths,
        startMonth: d.startMonth,
        monthlyAmountFen: d.monthlyAmountFen,
        membersCovered: d.membersCovered,
        nextReviewDueMonth: firstReviewDueMonth(d.startMonth, d.reviewIntervalMonths),
        openedOn: today,
      },
    },
  ];
}

export function recordPayment(command: FollowUpCommandOf<'RecordPayment'>, state: FollowUpState): FollowUpEvent[] {
  requireOpened(state);
  return [{ type: 'PaymentRecorded', data: { ...command.data } }];
}

export function closeEndedTaper(command: FollowUpCommandOf<'CloseEndedTaper'>, state: FollowUpState): FollowUpEvent[] {
  const today = todayOf(command);
  if (state.status !== 'TAPERING' || !state.taperSchedule) return [];
  const lastMonth = state.taperSchedule[state.taperSchedule.length - 1]!.month;
  if (monthOf(today) <= lastMonth) return [];
  return [
    {
      type: 'FollowUpClosed',
      data: { reason: 'TAPER_ENDED', closedOn: today, finalNote: `渐退期已于${lastMonth}结束，救助终止` },
    },
  ];
}

export function planWelfareVisits(command: FollowUpCommandOf<'PlanWelfareVisits'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  requireNotClosed(state);
  if (d.vulnerabilities.length === 0) {
    throw new FollowUpRuleError('no_vulnerability', 'Welfare visits are for vulnerable recipients: name at least one', { field: 'vulnerabilities' });
  }
  if (!Number.isInteger(d.intervalDays) || d.intervalDays < 1) {
    throw new FollowUpRuleError('invalid_visit_interval', 'The visit interval is a whole number of days ≥ 1', { field: 'intervalDays' });
  }
  return [
    {
      type: 'WelfareVisitsPlanned',
      data: { vulnerabilities: [...new Set(d.vulnerabilities)], intervalDays: d.intervalDays, firstDueOn: d.firstDueOn, plannedOn: today },
    },
  ];
}

export function recordWelfareVisit(command: FollowUpCommandOf<'RecordWelfareVisit'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  if (state.welfareVisitIds.includes(d.visitId)) return [];
  requireNotClosed(state);
  if (!state.welfarePlan) throw new FollowUpRuleError('no_welfare_plan', 'No welfare-visit plan for this case', { kind: 'conflict' });
  notInFuture(d.visitedOn, today, 'visitedOn');
  if (d.note.trim() === '') throw new FollowUpRuleError('visit_note_missing', 'Describe what the visit found', { field: 'note' });
  return [
    { type: 'WelfareVisitRecorded', data: { visitId: d.visitId, visitedOn: d.visitedOn, officerId: actorOf(command).id, note: d.note, concerns: d.concerns } },
  ];
}
