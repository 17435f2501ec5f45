/**
 * Calendar dates in Asia/Shanghai. China has not observed daylight saving time since 1991, so
 * business time is a fixed UTC+08:00 offset and no time-zone database is needed.
 */

/** A calendar date `YYYY-MM-DD` (Asia/Shanghai). */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLocalDate(text: unknown): text is LocalDate {
  if (typeof text !== 'string') return false;
  const m = LOCAL_DATE.exec(text);
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `YYYY-MM` with a month from 01 to 12. */
export function isYearMonth(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = YEAR_MONTH.exec(text);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

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
export function wholeYearsBetween(from: LocalDate, on: LocalDate): number {
  const f = parseLocalDate(from);
  const o = parseLocalDate(on);
  let years = o.year - f.year;
  if (o.month < f.month || (o.month === f.month && o.day < f.day)) years -= 1;
  return years;
}

/** The month `YYYY-MM` of a date. */
export function yearMonthOf(date: LocalDate): string {
  return date.slice(0, 7);
}

/** `YYYY-MM` shifted by a whole number of months. */
export function addMonths(yearMonth: string, months: number): string {
  const m = YEAR_MONTH.exec(yearMonth);
  if (!m) throw new RangeError(`Not a month: ${yearMonth}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
