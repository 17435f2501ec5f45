import { addDays, addMonths, firstDayOf, lastDayOf, monthOf, type LocalDate, type YearMonth } from './calendar';

/**
 * The periodic review schedule (定期核查): the next review falls due in the month `interval` months
 * after the start month (or after the month the last review was completed). The review is due from
 * the first day of that month and overdue after its last day.
 */
export interface ReviewSchedule {
  nextReviewDueMonth: YearMonth;
  reviewIntervalMonths: number;
}

export type ReviewDueStatus = 'NOT_DUE' | 'DUE_SOON' | 'DUE' | 'OVERDUE';

export function firstReviewDueMonth(startMonth: YearMonth, intervalMonths: number): YearMonth {
  return addMonths(startMonth, intervalMonths);
}

/** After a review completed on `completedOn`, the next one falls due `interval` months later. */
export function nextReviewDueMonthAfter(completedOn: LocalDate, intervalMonths: number): YearMonth {
  return addMonths(monthOf(completedOn), intervalMonths);
}

export function reviewDueOn(schedule: ReviewSchedule): LocalDate {
  return firstDayOf(schedule.nextReviewDueMonth);
}

export function reviewDeadline(schedule: ReviewSchedule): LocalDate {
  return lastDayOf(schedule.nextReviewDueMonth);
}

/**
 * Where a review stands on `today`: DUE_SOON within `dueSoonDays` before its due date, DUE in its due
 * month, OVERDUE after the month ended, NOT_DUE before the window.
 */
export function reviewDueStatus(schedule: ReviewSchedule, today: LocalDate, dueSoonDays: number): ReviewDueStatus {
  const dueOn = reviewDueOn(schedule);
  if (today > reviewDeadline(schedule)) return 'OVERDUE';
  if (today >= dueOn) return 'DUE';
  if (today >= addDays(dueOn, -dueSoonDays)) return 'DUE_SOON';
  return 'NOT_DUE';
}
