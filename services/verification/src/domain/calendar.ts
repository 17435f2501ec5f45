/**
 * Dates and months in Asia/Shanghai (UTC+8 all year: China has no daylight saving time, so the
 * offset is fixed and the arithmetic below is exact). Pure: no clock, no time-zone database.
 *
 *   LocalDate  'YYYY-MM-DD'      YearMonth  'YYYY-MM'      Instant  ISO-8601 with offset
 */
import type { LocalDate, MonthRange, YearMonth } from '@sa/contracts';
import { shanghaiDate as shanghaiDateOf, shanghaiInstant } from '@sa/time';
import { addMonths } from '@sa/time';

const YEAR_MONTH = /^([0-9]{4})-(0[1-9]|1[0-2])$/;
const LOCAL_DATE = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$/;

export function isYearMonth(value: unknown): value is YearMonth {
  return typeof value === 'string' && YEAR_MONTH.test(value);
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]);
}

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function isMonthRange(value: unknown): value is MonthRange {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<MonthRange>;
  return isYearMonth(r.from) && isYearMonth(r.to) && r.from <= r.to;
}

function monthIndex(month: YearMonth): number {
  const m = YEAR_MONTH.exec(month);
  if (!m) throw new RangeError(`not a month YYYY-MM: ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function fromMonthIndex(index: number): YearMonth {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Month arithmetic is @sa/time's: `addMonths('2025-01', -1)` → `'2024-12'`. */
export { addMonths };

/** The month of a date: `'2025-03-04'` → `'2025-03'`. */
export function monthOf(date: LocalDate): YearMonth {
  if (!isLocalDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return date.slice(0, 7);
}

/** Every month of an inclusive range, in order. */
export function monthsIn(range: MonthRange): YearMonth[] {
  const first = monthIndex(range.from);
  const last = monthIndex(range.to);
  const out: YearMonth[] = [];
  for (let i = first; i <= last; i++) out.push(fromMonthIndex(i));
  return out;
}

export function monthCount(range: MonthRange): number {
  return monthIndex(range.to) - monthIndex(range.from) + 1;
}

export function monthInRange(month: YearMonth, range: MonthRange): boolean {
  return month >= range.from && month <= range.to;
}

/**
 * The reference period of an application: the `months` whole months before the month of the
 * acceptance date. Accepted on 2025-03-04 → 2024-03 … 2025-02.
 */
export function referencePeriodBefore(date: LocalDate, months = 12): MonthRange {
  if (!Number.isSafeInteger(months) || months < 1) throw new RangeError(`bad number of months: ${months}`);
  const to = addMonths(monthOf(date), -1);
  return { from: addMonths(to, -(months - 1)), to };
}

/** The calendar date in Shanghai of an instant: `'2025-03-04T23:30:00Z'` → `'2025-03-05'`. */
export function shanghaiDate(instant: string): LocalDate {
  return shanghaiDateOf(instant);
}

/** An instant written in Shanghai time: `2025-03-04T09:30:00.000+08:00`. */
export function toShanghaiInstant(ms: number): string {
  return shanghaiInstant(ms);
}

/** The instant `ms` milliseconds after `instant`, written in Shanghai time. */
export function addMilliseconds(instant: string, ms: number): string {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) throw new RangeError(`not an instant: ${instant}`);
  return toShanghaiInstant(at + ms);
}

/** `addDays('2025-02-27', 2)` → `'2025-03-01'` (calendar days). */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!isLocalDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Compares two instants by the time they denote (not by their text). */
export function compareInstants(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}
