/** The guards every follow-up command shares. */
import { type LocalDate } from './calendar';
import { FollowUpRuleError } from './follow-up-rule-error';
import { FollowUpState, OpenReview } from './follow-up-case';

export const REQUESTED_CHANGE = {
  INCREASE: 'RECALCULATE',
  DECREASE: 'RECALCULATE',
  TAPER: 'RECALCULATE',
  SUSPENSION: 'SUSPEND',
  TERMINATION: 'TERMINATE',
} as const;

export function requireOpened(state: FollowUpState): void {
  if (state.status === 'NONE') throw new FollowUpRuleError('follow_up_not_found', 'No follow-up case for this case', { kind: 'not_found' });
}

export function requireNotClosed(state: FollowUpState): void {
  requireOpened(state);
  if (state.status === 'CLOSED') throw new FollowUpRuleError('follow_up_closed', 'The follow-up case is closed', { kind: 'conflict' });
}

export function requireOpenReview(state: FollowUpState, reviewId?: string): OpenReview {
  requireNotClosed(state);
  const review = state.openReview;
  if (!review || (reviewId !== undefined && review.reviewId !== reviewId)) {
    throw new FollowUpRuleError('review_not_open', 'No such open review', { kind: 'not_found', field: 'reviewId' });
  }
  return review;
}

export function requireNoOpenReview(state: FollowUpState): void {
  if (state.openReview) {
    throw new FollowUpRuleError('review_already_open', `Review ${state.openReview.reviewId} is still open`, { kind: 'conflict' });
  }
}

export function notInFuture(date: LocalDate, today: LocalDate, field: string): void {
  if (date > today) throw new FollowUpRuleError('date_in_future', `${field} is after today`, { field });
}
