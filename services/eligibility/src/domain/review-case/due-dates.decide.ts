/**
 * 期限补定: due dates left open because a year's holiday schedule was missing (`calendarMissing`)
 * are dated once a `policy_admin` publishes it. The decision deadline and the investigation start
 * while the case is undecided, the refusal's written-notice date and every benefit change's open
 * written-notice date are counted again from the same start and the same number of working days;
 * what the calendar now reaches is recorded in one `DueDatesDated`. A date still beyond the known
 * years stays open (its year in `calendarMissing`); a case with nothing to date records nothing, so
 * the command may be repeated (every instance, every refresh) without effect.
 */
import { CalendarDate } from '../calendar-date';
import { dueDateOrOpen, WorkingDays } from '../calendar';
import { ReviewCaseState } from './case-file';
import { PRE_DECISION } from './decide-common';
import { DatedDueDateKind, DueDatesDated } from './events';
import type { ReviewCaseCommandOf } from './commands';
import { actorOf, todayOf } from '@sa/decider';

export type DateOpenDueDates = ReviewCaseCommandOf<
  'DateOpenDueDates',
  {
    /** The year whose publication prompts the dating (recorded; every open date is tried). */
    calendarYear: number;
    calendarVersion: number | null;
  }
>;

/** An open due date of the case: where it counts from, how many working days, the year it lacks. */
export interface OpenDueDate {
  kind: DatedDueDateKind;
  decisionId: string | null;
  from: CalendarDate;
  workingDays: number;
  calendarMissing: number;
}

/** Every due date of the case that is open for want of a holiday schedule. */
export function openDueDates(s: ReviewCaseState): OpenDueDate[] {
  const open: OpenDueDate[] = [];
  const deadline = s.deadline;
  const undecided = (PRE_DECISION as readonly string[]).includes(s.status);
  if (undecided && deadline && s.acceptedOn !== null && typeof deadline.calendarMissing === 'number') {
    if (deadline.dueOn === null) {
      open.push({ kind: 'DECISION_DEADLINE', decisionId: null, from: s.acceptedOn, workingDays: deadline.workingDays, calendarMissing: deadline.calendarMissing });
    }
    if (deadline.investigationStartDueOn === null && s.procedure) {
      open.push({
        kind: 'INVESTIGATION_START',
        decisionId: null,
        from: s.acceptedOn,
        workingDays: s.procedure.investigationStartWorkingDays,
        calendarMissing: deadline.calendarMissing,
      });
    }
  }
  const decision = s.decision;
  if (decision && decision.outcome === 'REFUSED' && decision.noticeDueOn === null && typeof decision.calendarMissing === 'number') {
    open.push({
      kind: 'REFUSAL_NOTICE',
      decisionId: decision.decisionId,
      from: decision.decidedOn,
      workingDays: decision.noticeWorkingDays ?? s.procedure?.refusalNoticeWorkingDays ?? 3,
      calendarMissing: decision.calendarMissing,
    });
  }
  for (const n of s.openChangeNotices ?? []) {
    open.push({ kind: 'CHANGE_NOTICE', decisionId: n.decisionId, from: n.decidedOn, workingDays: n.workingDays, calendarMissing: n.calendarMissing });
  }
  return open;
}

export function decideDueDates(c: DateOpenDueDates, s: ReviewCaseState, calendar: WorkingDays): DueDatesDated[] {
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.caseId === null) return [];
  const dated: DueDatesDated['data']['dated'] = [];
  const stillMissing: number[] = [];
  for (const open of openDueDates(s)) {
    const due = dueDateOrOpen(calendar, open.from, open.workingDays);
    if (due.dueOn === null) stillMissing.push(due.calendarMissing ?? open.calendarMissing);
    else dated.push({ kind: open.kind, decisionId: open.decisionId, from: open.from, workingDays: open.workingDays, dueOn: due.dueOn });
  }
  if (dated.length === 0) return [];
  return [
    {
      type: 'DueDatesDated',
      data: {
        caseId: s.caseId,
        calendarYear: c.data.calendarYear,
        calendarVersion: c.data.calendarVersion,
        dated,
        calendarMissing: stillMissing.length > 0 ? Math.min(...stillMissing) : null,
        datedOn: on,
        datedBy: actor,
      },
    },
  ];
}

export function evolveDueDatesDated(state: ReviewCaseState, event: DueDatesDated): ReviewCaseState {
  let { deadline, decision } = state;
  let openChangeNotices = state.openChangeNotices ?? [];
  for (const d of event.data.dated) {
    switch (d.kind) {
      case 'DECISION_DEADLINE':
        if (deadline) deadline = { ...deadline, dueOn: d.dueOn, calendarMissing: null };
        break;
      case 'INVESTIGATION_START':
        if (deadline) deadline = { ...deadline, investigationStartDueOn: d.dueOn };
        break;
      case 'REFUSAL_NOTICE':
        if (decision && decision.decisionId === d.decisionId) decision = { ...decision, noticeDueOn: d.dueOn, calendarMissing: null };
        break;
      case 'CHANGE_NOTICE':
        openChangeNotices = openChangeNotices.filter((n) => n.decisionId !== d.decisionId);
        break;
    }
  }
  return { ...state, deadline, decision, openChangeNotices };
}
