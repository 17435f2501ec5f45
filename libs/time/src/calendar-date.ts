/**
 * Calendar dates and months as plain strings, with arithmetic on civil dates (day numbers), never
 * on instants: `'2026-10-01'` is the first of October in Asia/Shanghai whatever the machine's zone.
 * Conversions use Howard Hinnant's days-from-civil algorithms (pure integer arithmetic).
 */
import { InvalidCalendarDateError } from './calendar-errors';

/** `YYYY-MM-DD`, a civil date in Asia/Shanghai. */
export type CalendarDate = string;
/** `YYYY-MM`, a civil month in Asia/Shanghai. */
export type CalendarMonth = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function parse(date: CalendarDate, label: string): CivilDate {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new InvalidCalendarDateError(`${label} must be a calendar date YYYY-MM-DD, got ${String(date)}`, label);
}

function format({ year, month, day }: CivilDate): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `YYYY-MM-DD` of a year, month (1–12) and day, or null when there is no such day (e.g. 2023-02-29). */
export function calendarDateFrom(year: number, month: number, day: number): CalendarDate | null {
  if (![year, month, day].every(Number.isInteger) || year < 0 || year > 9999) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return format({ year, month, day });
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  try {
    parse(value as CalendarDate, 'date');
    return true;
  } catch {
    return false;
  }
}

export function assertCalendarDate(value: unknown, label = 'date'): asserts value is CalendarDate {
  parse(value as CalendarDate, label);
}

export function isCalendarMonth(value: unknown): value is CalendarMonth {
  const match = typeof value === 'string' ? MONTH_PATTERN.exec(value) : null;
  return !!match && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

export function assertCalendarMonth(value: unknown, label = 'month'): asserts value is CalendarMonth {
  if (!isCalendarMonth(value)) {
    throw new InvalidCalendarDateError(`${label} must be a calendar month YYYY-MM, got ${String(value)}`, label);
  }
}

/** Days since 1970-01-01 (which is day 0). */
export function toDayNumber(date: CalendarDate, label = 'date'): number {
  const { year, month, day } = parse(date, label);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of `toDayNumber`. */
export function fromDayNumber(dayNumber: number): CalendarDate {
  if (!Number.isSafeInteger(dayNumber)) throw new InvalidCalendarDateError(`day number must be an integer, got ${dayNumber}`);
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return format({ year, month, day });
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isSafeInteger(days)) throw new InvalidCalendarDateError(`days must be an integer, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: CalendarDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/** `'2026-10-01'` → `'2026-10'`. */
export function monthOf(date: CalendarDate): CalendarMonth {
  parse(date, 'date');
  return date.slice(0, 7);
}

export function addMonths(month: CalendarMonth, months: number): CalendarMonth {
  assertCalendarMonth(month);
  if (!Number.isSafeInteger(months)) throw new InvalidCalendarDateError(`months must be an integer, got ${months}`);
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month after the one `date` falls in: benefits start the month after the decision. */
export function monthAfter(date: CalendarDate): CalendarMonth {
  return addMonths(monthOf(date), 1);
}

/** Completed years of age on `onDate` (someone born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: CalendarDate, onDate: CalendarDate): number {
  const birth = parse(birthDate, 'birthDate');
  const on = parse(onDate, 'onDate');
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}
