/** Changes in circumstances: reported, applied from eligibility's decision, and a minor coming of age. */
import { todayOf } from '@sa/decider';
import { FollowUpRuleError } from './follow-up-rule-error';
import { FollowUpCommandOf, FollowUpEvent, FollowUpState } from './follow-up-case';
import { notInFuture, requireNotClosed, requireOpened } from './follow-up-case.guards';
import { describeFeedRecord, FEED_TEMPLATES, validResidentId } from './data-feeds';

export function reportChange(command: FollowUpCommandOf<'ReportChange'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  if (state.changeReportIds.includes(d.reportId)) return [];
  requireNotClosed(state);
  if (d.changes.length === 0) throw new FollowUpRuleError('changes_missing', 'Describe at least one change', { field: 'changes' });
  if (d.changedOn !== undefined) notInFuture(d.changedOn, today, 'changedOn');
  const events: FollowUpEvent[] = [];
  let reviewId = state.openReview?.reviewId;
  if (reviewId === undefined) {
    reviewId = d.reviewId;
    events.push({
      type: 'ReviewOpened',
      data: {
        reviewId,
        reviewType: 'TRIGGERED',
        trigger: { kind: d.source === 'HOUSEHOLD' ? 'CHANGE_REPORT' : 'DATA_ALERT', refId: d.reportId },
        openedOn: today,
      },
    });
  }
  events.push({
    type: 'ChangeReported',
    data: {
      reportId: d.reportId,
      source: d.source,
      reviewId,
      changes: d.changes,
      reportedOn: today,
      ...(d.changedOn ? { changedOn: d.changedOn } : {}),
    },
  });
  return events;
}

/**
 * 数据比对预警: a department's record matched a member of the household. The alert lands in the open
 * review, or opens a triggered review (kind DATA_ALERT) that shows in the review queue. Raised once per
 * alert id (file digest + row + case): importing the same file again raises nothing.
 */
export function raiseDataAlert(command: FollowUpCommandOf<'RaiseDataAlert'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  if ((state.dataAlertIds ?? []).includes(d.alertId)) return [];
  requireNotClosed(state);
  const template = FEED_TEMPLATES[d.source.kind];
  if (!template) throw new FollowUpRuleError('feed_kind_unknown', `Unknown feed kind ${String(d.source.kind)}`, { field: 'kind' });
  if (!/^[0-9a-f]{64}$/.test(d.source.fileDigest)) throw new FollowUpRuleError('file_digest_invalid', 'The file digest is a SHA-256 in hex', { field: 'fileDigest' });
  const residentId = d.record['residentId'];
  if (residentId === undefined || !validResidentId(residentId)) {
    throw new FollowUpRuleError('resident_id_invalid', 'The record has no valid resident ID', { field: 'residentId' });
  }
  const eventDate = d.record['eventDate'];
  if (eventDate !== undefined) notInFuture(eventDate, today, 'eventDate');
  const changes = [
    {
      kind: template.change,
      ...(d.memberId ? { memberId: d.memberId } : {}),
      description: describeFeedRecord(d.source.kind, d.record),
      evidenceRefs: [`data-feed:${d.source.kind}:${d.source.fileDigest}#row=${d.source.rowNumber}`],
    },
  ];
  const events: FollowUpEvent[] = [];
  let reviewId = state.openReview?.reviewId;
  if (reviewId === undefined) {
    reviewId = d.reviewId;
    events.push({ type: 'ReviewOpened', data: { reviewId, reviewType: 'TRIGGERED', trigger: { kind: 'DATA_ALERT', refId: d.alertId }, openedOn: today } });
  }
  events.push({
    type: 'DataAlertRaised',
    data: {
      alertId: d.alertId,
      reviewId,
      source: d.source,
      ...(d.memberId ? { memberId: d.memberId } : {}),
      record: d.record,
      changes,
      raisedOn: today,
    },
  });
  return events;
}

export function applyBenefitChange(command: FollowUpCommandOf<'ApplyBenefitChange'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  requireOpened(state);
  if (state.appliedDecisionIds.includes(d.decisionId) || state.status === 'CLOSED') return [];
  if (d.changeType === 'TAPER' && (!d.taperSchedule || d.taperSchedule.length === 0)) {
    throw new FollowUpRuleError('taper_schedule_missing', 'A taper needs its schedule', { field: 'taperSchedule' });
  }
  const events: FollowUpEvent[] = [
    {
      type: 'BenefitChangeApplied',
      data: {
        decisionId: d.decisionId,
        changeType: d.changeType,
        effectiveMonth: d.effectiveMonth,
        ...(d.monthlyAmountFen !== undefined ? { monthlyAmountFen: d.monthlyAmountFen } : {}),
        ...(d.taperSchedule ? { taperSchedule: d.taperSchedule } : {}),
        ...(d.reviewClass ? { reviewClass: d.reviewClass } : {}),
        ...(d.reviewIntervalMonths ? { reviewIntervalMonths: d.reviewIntervalMonths } : {}),
        reason: d.reason,
        decidedOn: d.decidedOn,
      },
    },
  ];
  if (d.changeType === 'TERMINATION') {
    events.push({
      type: 'FollowUpClosed',
      data: {
        reason: 'TERMINATED',
        closedOn: d.decidedOn,
        finalNote: `救助已于${d.effectiveMonth}终止：${d.reason}`,
      },
    });
  }
  return events;
}

export function flagAgeOut(command: FollowUpCommandOf<'FlagAgeOut'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  if (state.ageOutFlagged.includes(d.memberId)) return [];
  requireNotClosed(state);
  if (state.program !== 'EXTREME_POVERTY_SUPPORT') {
    throw new FollowUpRuleError('not_extreme_poverty_support', 'Age-out reviews concern 特困 support only', { kind: 'conflict' });
  }
  if (!state.membersCovered.some((m) => m.memberId === d.memberId)) {
    throw new FollowUpRuleError('member_not_covered', 'The member is not covered by the benefit', { field: 'memberId' });
  }
  const events: FollowUpEvent[] = [];
  let reviewId = state.openReview?.reviewId;
  if (reviewId === undefined) {
    reviewId = d.reviewId;
    events.push({ type: 'ReviewOpened', data: { reviewId, reviewType: 'TRIGGERED', trigger: { kind: 'OTHER', refId: d.memberId }, openedOn: today } });
  }
  events.push({ type: 'AgeOutFlagged', data: { memberId: d.memberId, adultOn: d.adultOn, reviewId, flaggedOn: today } });
  return events;
}
