/**
 * Calendar dates in Asia/Shanghai. China has not observed daylight saving time since 1991, so
 * business time is a fixed UTC+08:00 offset and no time-zone database is needed.
 */
import { addMonths, ageOn, isCalendarDate, isCalendarMonth } from '@sa/time';

/** A calendar date `YYYY-MM-DD` (Asia/Shanghai). */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const isLocalDate: (text: unknown) => text is LocalDate = isCalendarDate;

/** `YYYY-MM` with a month from 01 to 12. */
export const isYearMonth: (text: unknown) => text is string = isCalendarMonth;

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(date);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new RangeError(`Not a date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// The Asia/Shanghai date, instant (+08:00) and year of an instant: one implementation in @sa/time.
export { shanghaiDate, shanghaiInstant, shanghaiYear } from '@sa/time';

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0; // ISO dates sort lexicographically
}

/** Whole years from `from` to `on`; a birthday on 29 February counts on 1 March in other years. */
export const wholeYearsBetween: (from: LocalDate, on: LocalDate) => number = ageOn;

/** The month `YYYY-MM` of a date. */
export function yearMonthOf(date: LocalDate): string {
  return date.slice(0, 7);
}

/** `YYYY-MM` shifted by a whole number of months (@sa/time's). */
export { addMonths };
