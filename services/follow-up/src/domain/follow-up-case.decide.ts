/**
 * `decide` of the follow-up case (动态管理): one exported function per command, grouped by what it is about
 * (follow-up-case.lifecycle.ts, follow-up-case.reviews.ts, follow-up-case.changes.ts), the shared guards in
 * follow-up-case.guards.ts, and this short switch. Time and actor come from the command's `metadata` (`todayOf`, `actorOf`): the decider stays pure.
 */
import type { Decider } from '@sa/decider';
import { evolveFollowUp, FollowUpCommand, FollowUpEvent, FollowUpState, initialFollowUpState } from './follow-up-case';
import { applyBenefitChange, flagAgeOut, raiseDataAlert, reportChange } from './follow-up-case.changes';
import { closeEndedTaper, openFollowUp, planWelfareVisits, recordPayment, recordWelfareVisit } from './follow-up-case.lifecycle';
import { concludeReview, openAdHocReview, openPeriodicReview, receiveVerificationResult, recordReviewVisit, requestReverification } from './follow-up-case.reviews';

export function decideFollowUp(command: FollowUpCommand, state: FollowUpState): FollowUpEvent[] {
  switch (command.type) {
    case 'OpenFollowUp':
      return openFollowUp(command, state);
    case 'OpenPeriodicReview':
      return openPeriodicReview(command, state);
    case 'OpenAdHocReview':
      return openAdHocReview(command, state);
    case 'RequestReverification':
      return requestReverification(command, state);
    case 'ReceiveVerificationResult':
      return receiveVerificationResult(command, state);
    case 'RecordReviewVisit':
      return recordReviewVisit(command, state);
    case 'ConcludeReview':
      return concludeReview(command, state);
    case 'ReportChange':
      return reportChange(command, state);
    case 'RaiseDataAlert':
      return raiseDataAlert(command, state);
    case 'ApplyBenefitChange':
      return applyBenefitChange(command, state);
    case 'FlagAgeOut':
      return flagAgeOut(command, state);
    case 'RecordPayment':
      return recordPayment(command, state);
    case 'CloseEndedTaper':
      return closeEndedTaper(command, state);
    case 'PlanWelfareVisits':
      return planWelfareVisits(command, state);
    case 'RecordWelfareVisit':
      return recordWelfareVisit(command, state);
  }
}

export const followUpDecider: Decider<FollowUpCommand, FollowUpEvent, FollowUpState> = {
  decide: decideFollowUp,
  evolve: evolveFollowUp,
  initialState: initialFollowUpState,
};
