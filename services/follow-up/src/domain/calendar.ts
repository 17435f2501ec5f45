/**
 * Calendar arithmetic in Asia/Shanghai business dates (`YYYY-MM-DD`) and months (`YYYY-MM`): the
 * pure civil-date arithmetic of @sa/time under the names this context uses. "Today" is always passed
 * in by the caller.
 */
import { addCalendarDays, addMonths, monthOf, toDayNumber, type CalendarDate, type CalendarMonth } from '@sa/time';

export type LocalDate = CalendarDate;
export type YearMonth = CalendarMonth;

export { addMonths, monthOf };

export function firstDayOf(month: YearMonth): LocalDate {
  return `${month}-01`;
}

/** The last day of the month: the day before the first of the next one. */
export function lastDayOf(month: YearMonth): LocalDate {
  return addCalendarDays(firstDayOf(addMonths(month, 1)), -1);
}

/** `date` moved by `n` calendar days (n < 0: back). */
export function addDays(date: LocalDate, n: number): LocalDate {
  return addCalendarDays(date, n);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(b, 'b') - toDayNumber(a, 'a');
}

/** A jurisdiction covers every division code that starts with it. */
export function covers(jurisdiction: string, code: string): boolean {
  return code.startsWith(jurisdiction);
}
