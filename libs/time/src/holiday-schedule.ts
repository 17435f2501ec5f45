/**
 * The managed national holiday calendar (节假日安排) — the one place every service counts working days.
 *
 * - A year's schedule (public holidays and 调休 make-up working days) is published by a
 *   `policy_admin` as a versioned event (eligibility records it, every service consumes the
 *   integration event `HolidayCalendarPublished`). A correction is a higher version that
 *   supersedes the earlier one whole; nothing is edited.
 * - The bundled `chinese-days` data is the default for the years nobody published.
 * - Arithmetic that reaches a year with neither throws `CalendarOutOfRangeError` carrying the
 *   `year`; deadline code uses `dueDateOrOpen`, which turns that into an open due date and
 *   `calendarMissing: <year>` instead of refusing the command.
 */
import { assertCalendarDate, dayOfWeek, isCalendarDate, type CalendarDate } from './calendar-date';
import { buildNationalCalendar, chineseDaysYears, type YearCalendar } from './chinese-days';
import { CalendarOutOfRangeError, InvalidCalendarDateError } from './calendar-errors';
import type { WorkingDayCalendar, WorkingDays } from './calendar';

/** One year's schedule as published (the State Council's notice of that year). */
export interface HolidaySchedule {
  year: number;
  /** Days off: public holidays, including those on a weekend. */
  holidays: CalendarDate[];
  /** 调休 make-up working days: Saturdays or Sundays that are worked. */
  makeUpWorkdays: CalendarDate[];
}

/** A published schedule with its version (1, 2, …; each correction supersedes the one before). */
export interface PublishedHolidaySchedule extends HolidaySchedule {
  version: number;
}

export interface ScheduleProblem {
  field: string;
  message: string;
}

/** The calendar id of a year (Kafka key and stream id): `CN-2027`. */
export const calendarIdOf = (year: number): string => `CN-${year}`;

/**
 * Checks a schedule: a year 2000–2199, lists of real dates in that year, no duplicates, no date
 * both a holiday and a make-up day, every make-up day a Saturday or Sunday. Empty = valid.
 */
export function checkHolidaySchedule(input: unknown): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const s = (input ?? {}) as Partial<Record<keyof HolidaySchedule, unknown>>;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ field: '', message: 'must be an object' }];
  const year = s.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2199) {
    problems.push({ field: 'year', message: 'must be a year such as 2027' });
  }
  const lists: Record<'holidays' | 'makeUpWorkdays', CalendarDate[]> = { holidays: [], makeUpWorkdays: [] };
  for (const name of ['holidays', 'makeUpWorkdays'] as const) {
    const list = s[name];
    if (!Array.isArray(list)) {
      problems.push({ field: name, message: 'must be a list of dates YYYY-MM-DD' });
      continue;
    }
    const seen = new Set<string>();
    list.forEach((date: unknown, i) => {
      const field = `${name}[${i}]`;
      if (!isCalendarDate(date)) problems.push({ field, message: `must be a date YYYY-MM-DD, got ${JSON.stringify(date)}` });
      else if (typeof year === 'number' && Number(date.slice(0, 4)) !== year) problems.push({ field, message: `${date} is not in ${year}` });
      else if (seen.has(date)) problems.push({ field, message: `${date} is listed twice` });
      else if (name === 'makeUpWorkdays' && dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6) {
        problems.push({ field, message: `${date} is a weekday: a make-up working day is a Saturday or Sunday` });
      } else {
        seen.add(date);
        lists[name].push(date);
      }
    });
  }
  const holidays = new Set(lists.holidays);
  lists.makeUpWorkdays.forEach((date) => {
    if (holidays.has(date)) problems.push({ field: 'makeUpWorkdays', message: `${date} is both a holiday and a make-up working day` });
  });
  if (Array.isArray(s.holidays) && s.holidays.length === 0) problems.push({ field: 'holidays', message: 'a year has public holidays: at least one' });
  return problems;
}

/** Where the data of a year comes from. */
export type YearSource = { source: 'published'; version: number } | { source: 'bundled' } | { source: 'missing' };

/**
 * The working-day calendar of a service: bundled years, replaced or extended by the published
 * schedules it has received. Mutable only through `apply` (the consumer of the integration event);
 * every read sees one consistent calendar.
 */
export class ManagedWorkingDayCalendar implements WorkingDays {
  private readonly published = new Map<number, PublishedHolidaySchedule>();
  private current: WorkingDayCalendar;

  /**
   * `beyondCoverage`: past the known years, `'throw'` (default: deadline code leaves the due date
   * open, `dueDateOrOpen`) or `'weekdays'` (an operational reminder date guessed Monday–Friday).
   */
  constructor(
    private readonly bundled: ReadonlyMap<number, YearCalendar> = chineseDaysYears(),
    private readonly beyondCoverage: 'throw' | 'weekdays' = 'throw',
  ) {
    this.current = this.build();
  }

  /**
   * Takes a published schedule; a version not above the one held is ignored (redelivery, an older
   * version after its correction). Returns whether the calendar changed.
   */
  apply(schedule: PublishedHolidaySchedule): boolean {
    const problems = checkHolidaySchedule(schedule);
    if (problems.length > 0) throw new InvalidCalendarDateError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems[0]!.field);
    const held = this.published.get(schedule.year);
    if (held && held.version >= schedule.version) return false;
    this.published.set(schedule.year, { ...schedule, holidays: [...schedule.holidays], makeUpWorkdays: [...schedule.makeUpWorkdays] });
    this.current = this.build();
    return true;
  }

  /** Where the year's data comes from. */
  sourceOf(year: number): YearSource {
    const p = this.published.get(year);
    if (p) return { source: 'published', version: p.version };
    return this.bundled.has(year) ? { source: 'bundled' } : { source: 'missing' };
  }

  /** The schedule in force for a year (published or bundled), undefined when missing. */
  scheduleOf(year: number): HolidaySchedule | undefined {
    const p = this.published.get(year);
    if (p) return { year, holidays: [...p.holidays], makeUpWorkdays: [...p.makeUpWorkdays] };
    const b = this.bundled.get(year);
    return b ? { year, holidays: [...b.holidays].sort(), makeUpWorkdays: [...b.makeUpWorkdays].sort() } : undefined;
  }

  /** True when working days can be counted in that year. */
  knows(year: number): boolean {
    return this.sourceOf(year).source !== 'missing';
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.current.isWorkingDay(date);
  }

  addWorkingDays(date: CalendarDate, workingDays: number): CalendarDate {
    return this.current.addWorkingDays(date, workingDays);
  }

  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    return this.current.workingDaysBetween(from, to);
  }

  nextWorkingDayOnOrAfter(date: CalendarDate): CalendarDate {
    return this.current.nextWorkingDayOnOrAfter(date);
  }

  private build(): WorkingDayCalendar {
    const overrides = new Map<number, YearCalendar>();
    for (const [year, p] of this.published) overrides.set(year, { holidays: [...p.holidays], makeUpWorkdays: [...p.makeUpWorkdays] });
    return buildNationalCalendar(overrides, new Map(this.bundled), this.beyondCoverage);
  }
}

/** A due date, or open because the calendar has no schedule for `calendarMissing` yet. */
export interface DueDate {
  dueOn: CalendarDate | null;
  calendarMissing: number | null;
}

/**
 * The n-th working day after `from`, or an open due date naming the missing year: the one way to
 * compute a deadline that never throws for a date past the known calendar.
 */
export function dueDateOrOpen(calendar: WorkingDays, from: CalendarDate, workingDays: number): DueDate {
  assertCalendarDate(from, 'from');
  try {
    return { dueOn: calendar.addWorkingDays(from, workingDays), calendarMissing: null };
  } catch (e) {
    if (e instanceof CalendarOutOfRangeError) return { dueOn: null, calendarMissing: e.year ?? Number(from.slice(0, 4)) + 1 };
    throw e;
  }
}

/** An officer's reminder date (no legal effect): counted on the calendar, and provisional while a year it spans is missing. */
export interface ReminderDueDate {
  dueOn: CalendarDate;
  /** The first year from `from` to `dueOn` whose holiday schedule nobody published (counted Monday–Friday), or null. */
  provisionalYear: number | null;
}

/**
 * A reminder date that is never left open (it keeps items on the overdue lists): on a calendar that guesses
 * Monday–Friday past the known years (`beyondCoverage: 'weekdays'`), marked provisional when it crosses a year
 * the calendar does not know, so it can be shown as such and re-dated once that year is published. A calendar
 * without `knows` (a fixed test calendar) is taken as knowing every year it counts.
 */
export function reminderDueDate(calendar: WorkingDays & { knows?: (year: number) => boolean }, from: CalendarDate, workingDays: number): ReminderDueDate {
  assertCalendarDate(from, 'from');
  const dueOn = calendar.addWorkingDays(from, workingDays);
  if (typeof calendar.knows !== 'function') return { dueOn, provisionalYear: null };
  for (let year = Number(from.slice(0, 4)); year <= Number(dueOn.slice(0, 4)); year++) {
    if (!calendar.knows(year)) return { dueOn, provisionalYear: year };
  }
  return { dueOn, provisionalYear: null };
}

/**
 * The readiness warning: from 1 December, when next year's schedule is neither published nor
 * bundled, working-day deadlines will soon be left open. Null when there is nothing to say.
 */
export function nextYearCalendarWarning(calendar: Pick<ManagedWorkingDayCalendar, 'knows'>, today: CalendarDate): string | null {
  assertCalendarDate(today, 'today');
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (!calendar.knows(year)) return `calendar_missing: ${year} — the holiday schedule of ${year} is not published; working-day deadlines are left open`;
  if (month === 12 && !calendar.knows(year + 1)) {
    return `calendar_missing: ${year + 1} — the holiday schedule of ${year + 1} is not published yet; deadlines reaching into ${year + 1} are left open`;
  }
  return null;
}
