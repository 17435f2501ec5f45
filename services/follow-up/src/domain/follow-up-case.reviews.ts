/** Periodic and ad-hoc reviews (定期/不定期复核): open, re-verify, visit, conclude. */
import { addDays, addMonths, monthOf } from './calendar';
import { todayOf } from '@sa/decider';
import { FollowUpRuleError } from './follow-up-rule-error';
import { nextReviewDueMonthAfter, reviewDueOn } from './review-schedule';
import { FollowUpCommandOf, FollowUpEvent, FollowUpState } from './follow-up-case';
import { notInFuture, REQUESTED_CHANGE, requireNoOpenReview, requireNotClosed, requireOpenReview } from './follow-up-case.guards';

export function openPeriodicReview(command: FollowUpCommandOf<'OpenPeriodicReview'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  requireNotClosed(state);
  if (state.openReview?.reviewId === d.reviewId) return [];
  requireNoOpenReview(state);
  const schedule = { nextReviewDueMonth: state.nextReviewDueMonth!, reviewIntervalMonths: state.reviewIntervalMonths };
  const dueOn = reviewDueOn(schedule);
  if (today < addDays(dueOn, -d.dueSoonDays)) {
    throw new FollowUpRuleError('review_not_due', `The next periodic review is due from ${dueOn}`, { kind: 'conflict' });
  }
  return [
    { type: 'ReviewOpened', data: { reviewId: d.reviewId, reviewType: 'PERIODIC', dueMonth: schedule.nextReviewDueMonth, openedOn: today } },
  ];
}

export function openAdHocReview(command: FollowUpCommandOf<'OpenAdHocReview'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  requireNotClosed(state);
  if (state.openReview?.reviewId === d.reviewId) return [];
  requireNoOpenReview(state);
  return [{ type: 'ReviewOpened', data: { reviewId: d.reviewId, reviewType: 'TRIGGERED', trigger: d.trigger, openedOn: today } }];
}

export function requestReverification(command: FollowUpCommandOf<'RequestReverification'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  const review = requireOpenReview(state);
  if (review.reverification?.requestId === d.requestId) return [];
  if (review.reverification && !review.reverification.answered) {
    throw new FollowUpRuleError('reverification_outstanding', 'A re-verification of this review is still outstanding', { kind: 'conflict' });
  }
  if (d.members.length === 0) {
    throw new FollowUpRuleError('no_members_to_verify', 'Re-verification needs the household members to query', { field: 'members' });
  }
  const withConsent = new Set(d.consents.map((c) => c.memberId));
  const missing = d.members.filter((m) => !withConsent.has(m.memberId));
  if (missing.length > 0) {
    throw new FollowUpRuleError('consent_missing', `No verification consent for ${missing.map((m) => m.memberId).join(', ')}`, {
      field: 'consents',
    });
  }
  const lastMonth = addMonths(monthOf(today), -1);
  const kind = review.reviewType === 'PERIODIC' ? 'PERIODIC_REVIEW' : review.trigger?.kind === 'COMPLAINT' ? 'COMPLAINT' : review.trigger?.kind === 'DATA_ALERT' ? 'DATA_ALERT' : 'CHANGE_REPORT';
  return [
    {
      type: 'ReverificationRequested',
      data: {
        reviewId: review.reviewId,
        requestId: d.requestId,
        trigger: { kind, refId: review.trigger?.refId ?? review.reviewId },
        members: d.members,
        consents: d.consents,
        referencePeriod: { from: addMonths(lastMonth, -(d.referenceMonths - 1)), to: lastMonth },
        requestedOn: today,
        dueOn: d.dueOn,
      },
    },
  ];
}

export function receiveVerificationResult(command: FollowUpCommandOf<'ReceiveVerificationResult'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  const review = state.openReview;
  // A report for a request this case is no longer waiting for (review concluded, case closed) is ignored.
  if (state.status === 'NONE' || state.status === 'CLOSED' || !review?.reverification) return [];
  if (d.requestId !== undefined && d.requestId !== review.reverification.requestId) return [];
  if (review.verification?.verificationId === d.verificationId && review.verification.reportVersion >= d.reportVersion) return [];
  return [
    {
      type: 'VerificationResultReceived',
      data: {
        reviewId: review.reviewId,
        ...(d.requestId ? { requestId: d.requestId } : {}),
        verificationId: d.verificationId,
        reportVersion: d.reportVersion,
        receivedOn: today,
      },
    },
  ];
}

export function recordReviewVisit(command: FollowUpCommandOf<'RecordReviewVisit'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  const review = requireOpenReview(state, d.reviewId);
  notInFuture(d.visitedOn, today, 'visitedOn');
  if (d.visitedOn < review.openedOn) {
    throw new FollowUpRuleError('visit_before_review', 'The visit is dated before the review was opened', { field: 'visitedOn' });
  }
  if (new Set(d.officerIds).size < 2) {
    throw new FollowUpRuleError('visit_needs_two_officers', 'A home visit is made by at least two officers', { field: 'officerIds' });
  }
  if (d.note.trim() === '') throw new FollowUpRuleError('visit_note_missing', 'Describe what the visit found', { field: 'note' });
  return [
    {
      type: 'ReviewVisitRecorded',
      data: {
        reviewId: d.reviewId,
        visitedOn: d.visitedOn,
        officerIds: [...new Set(d.officerIds)],
        note: d.note,
        ...(d.reportRef ? { reportRef: d.reportRef } : {}),
      },
    },
  ];
}

export function concludeReview(command: FollowUpCommandOf<'ConcludeReview'>, state: FollowUpState): FollowUpEvent[] {
  const d = command.data;
  const today = todayOf(command);
  if (state.completedReviewIds.includes(d.reviewId)) return [];
  const review = requireOpenReview(state, d.reviewId);
  if (review.reverification && !review.reverification.answered && d.finding !== 'HOUSEHOLD_UNREACHABLE') {
    throw new FollowUpRuleError('verification_outstanding', 'The re-verification report has not arrived yet', { kind: 'conflict' });
  }
  const reasons = d.reasons.map((r) => r.trim()).filter((r) => r !== '');
  if (d.recommendation === 'NO_CHANGE') {
    if (d.finding === 'CHANGE_FOUND' && d.changes.length === 0) {
      throw new FollowUpRuleError('changes_missing', 'Name the changes that were found', { field: 'changes' });
    }
  } else if (reasons.length === 0) {
    throw new FollowUpRuleError('written_reasons_required', `A ${d.recommendation} proposal needs written reasons for the household`, {
      field: 'reasons',
    });
  }
  if (d.recommendation !== 'NO_CHANGE' && d.finding === 'NO_MATERIAL_CHANGE' && !['SUSPENSION', 'TERMINATION'].includes(d.recommendation)) {
    throw new FollowUpRuleError('proposal_without_change', 'An amount change needs a change in circumstances', { field: 'finding' });
  }
  const allChanges = [...review.changes, ...d.changes];
  const events: FollowUpEvent[] = [
    {
      type: 'ReviewConcluded',
      data: {
        reviewId: review.reviewId,
        reviewType: review.reviewType,
        ...(review.trigger ? { trigger: review.trigger } : {}),
        ...(review.dueMonth ? { dueMonth: review.dueMonth } : {}),
        completedOn: today,
        finding: d.finding,
        recommendation: d.recommendation,
        reasons,
        changes: allChanges,
        summary: d.summary,
        ...(review.visit ? { visit: review.visit } : {}),
        ...(review.verification ? { verification: review.verification } : {}),
        nextReviewDueMonth: nextReviewDueMonthAfter(today, state.reviewIntervalMonths),
      },
    },
  ];
  if (d.recommendation !== 'NO_CHANGE') {
    events.push({
      type: 'ChangeProposed',
      data: {
        changeRequestId: d.changeRequestId,
        origin: 'REVIEW',
        reviewId: review.reviewId,
        recommendation: d.recommendation,
        requestedChange: REQUESTED_CHANGE[d.recommendation],
        reasons,
        changes: allChanges,
        proposedOn: today,
        urgent: d.recommendation === 'SUSPENSION' || d.recommendation === 'TERMINATION',
      },
    });
  }
  return events;
}
