/**
 * `decide` of the review case: every casework rule of 审核确认, each refusal a named
 * `EligibilityError`. One exported function per command, grouped by step of the procedure
 * (investigation.decide.ts, opinion.decide.ts, decision.decide.ts, redetermination.decide.ts;
 * emergency-advance.ts, withdrawal-after-approval.ts), and this short switch. Time is data (`on`,
 * the command's date); the working-day calendar is given to the factory, so the decider stays pure
 * and the audit tool can rebuild it.
 */
import type { Decider } from '@sa/decider';
import { decideAppealOutcome, decideFileAppeal } from './appeals';
import { ReviewCaseState } from './case-file';
import { ReviewCaseCommand } from './commands';
import { PRE_DECISION, type ReviewCaseDeciderDeps } from './decide-common';
import { decideCase, extendDeadline, submit, withdraw } from './decision.decide';
import { decideDueDates } from './due-dates.decide';
import { decideEmergencyAdvance } from './emergency-advance';
import { evolveReviewCase, initialReviewCaseState, ReviewCaseEvent } from './events';
import { open, receiveFacts, recordInquiry, recordLetter, recordVisit } from './investigation.decide';
import { fileObjection, issueOpinion, postNotice, resolveObjection } from './opinion.decide';
import { decideChange, proposeChange, requestRedetermination } from './redetermination.decide';
import { decideMigration } from './migration';
import { decideTerminationOnWithdrawal } from './withdrawal-after-approval';
import { proposeStandardChange, rejectBenefitChange } from './standard-change';

export {
  currentNotice,
  currentOpinion,
  investigatorIds,
  latestVerification,
  NATIONAL_DEFAULT_DEADLINES,
  openObjections,
  REFUSAL_REASON_CODES,
  type ReviewCaseDeciderDeps,
} from './decide-common';

export function createReviewCaseDecider(deps: ReviewCaseDeciderDeps): Decider<ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState> {
  const { calendar } = deps;

  function decide(command: ReviewCaseCommand, state: ReviewCaseState): ReviewCaseEvent[] {
    switch (command.type) {
      case 'OpenReviewCase':
        return open(command, state, calendar);
      case 'ReceiveVerificationFacts':
        return receiveFacts(command, state);
      case 'RecordHomeVisit':
        return recordVisit(command, state);
      case 'RecordNeighbourhoodInquiry':
        return recordInquiry(command, state);
      case 'RecordEvidenceLetter':
        return recordLetter(command, state);
      case 'IssueInitialOpinion':
        return issueOpinion(command, state);
      case 'PostPublicNotice':
        return postNotice(command, state);
      case 'FileObjection':
        return fileObjection(command, state);
      case 'ResolveObjection':
        return resolveObjection(command, state);
      case 'ExtendDecisionDeadline':
        return extendDeadline(command, state, calendar);
      case 'SubmitForDecision':
        return submit(command, state);
      case 'DecideCase':
        return decideCase(command, state, calendar);
      case 'WithdrawCase':
        return withdraw(command, state);
      case 'RequestRedetermination':
        return requestRedetermination(command, state);
      case 'ProposeBenefitChange':
        return proposeChange(command, state);
      case 'DecideBenefitChange':
        return decideChange(command, state, calendar);
      case 'ApproveEmergencyAdvance':
        return decideEmergencyAdvance(command, state);
      case 'TerminateOnWithdrawal':
        return decideTerminationOnWithdrawal(command, state, calendar);
      case 'MigrateCase':
        return decideMigration(command, state);
      case 'DateOpenDueDates':
        return decideDueDates(command, state, calendar);
      case 'FileAppeal':
        return decideFileAppeal(command, state, calendar);
      case 'RecordAppealOutcome':
        return decideAppealOutcome(command, state, calendar);
      case 'ProposeStandardChange':
        return proposeStandardChange(command, state);
      case 'RejectBenefitChange':
        return rejectBenefitChange(command, state);
      default:
        return [];
    }
  }

  return { decide, evolve: evolveReviewCase, initialState: initialReviewCaseState };
}

/** Statuses before the decision (for read models and queues). */
export const OPEN_STATUSES: readonly string[] = PRE_DECISION;
