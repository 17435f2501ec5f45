/**
 * A household withdraws after its approval (intake's ApplicationWithdrawn of an approved case): the
 * benefit is terminated from the month after — a BenefitChangeDecided TERMINATION, reason 申请人撤回,
 * which disbursement applies like any other decision — never ignored. Proposed by the officer who
 * recorded the withdrawal at intake, decided by eligibility on the household's own request.
 */
import { CalendarDate, monthAfter } from '../calendar-date';
import { WorkingDays } from '../calendar';
import { conflictError, notFoundError } from '../errors';
import { ActorRef, ReviewCaseState } from './case-file';
import { writtenNoticeDue } from './decide-common';
import { BenefitChangeDecided } from './events';
import type { ReviewCaseCommandOf } from './commands';
import { actorOf, todayOf } from '@sa/decider';

export type TerminateOnWithdrawal = ReviewCaseCommandOf<
  'TerminateOnWithdrawal',
  {
    /** The withdrawal (integration event id): the change request and the trigger's reference. */
    withdrawalId: string;
    decisionId: string;
    withdrawnOn: CalendarDate;
    note: string | null;
    /** Who recorded the withdrawal at intake. */
    recordedBy: ActorRef;
  }
>;

export const WITHDRAWAL_REASON = '申请人撤回';

export function decideTerminationOnWithdrawal(c: TerminateOnWithdrawal, s: ReviewCaseState, calendar: WorkingDays): BenefitChangeDecided[] {
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.status === 'NONE' || s.caseId === null) throw notFoundError('case_not_open', 'No review case for this case');
  if (s.handledChangeRequests.includes(d.withdrawalId)) return [];
  const benefit = s.benefit;
  if (s.status !== 'APPROVED' || !benefit) throw conflictError('no_active_benefit', 'The case has no recurring benefit to terminate');
  if (benefit.status === 'TERMINATED') return [];
  const description = d.note ? `${WITHDRAWAL_REASON}：${d.note}`.slice(0, 2000) : WITHDRAWAL_REASON;
  // Past the known holiday calendar the notice date stays open (calendarMissing names the year).
  const notice = writtenNoticeDue(calendar, on, s.procedure?.refusalNoticeWorkingDays ?? 3);
  return [
    {
      type: 'BenefitChangeDecided',
      data: {
        caseId: s.caseId,
        caseNumber: s.caseNumber!,
        jurisdiction: s.jurisdiction!,
        decisionId: d.decisionId,
        changeRequestId: d.withdrawalId,
        program: benefit.program,
        changeType: 'TERMINATION',
        effectiveMonth: monthAfter(on),
        previousMonthlyAmountFen: benefit.monthlyAmountFen,
        monthlyAmountFen: null,
        taperSchedule: null,
        membersCovered: null,
        supplements: null,
        reviewClass: null,
        reviewIntervalMonths: null,
        reason: { code: 'HOUSEHOLD_REQUEST', description },
        trigger: { kind: 'CHANGE_REQUEST', refId: d.withdrawalId },
        policyVersion: benefit.policyVersion,
        assessment: null,
        decidedOn: on,
        decidedBy: actor,
        proposedBy: d.recordedBy,
        // The written decision still reaches the household within the procedure's notice period.
        ...notice,
        decisionReason: description,
        evidenceRefs: [`withdrawal:${d.withdrawalId}`],
      },
    },
  ];
}
