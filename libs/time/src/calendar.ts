/**
 * Working-day calendar (工作日): Monday–Friday are working days, Saturday and Sunday are not, except
 * that public holidays are days off and 调休 make-up days (usually a Saturday or Sunday) are working
 * days. Built from plain data; where the data comes from (the `chinese-days` package, a
 * configuration table) is an adapter's business.
 *
 * Conventions for deadlines:
 * - `addWorkingDays(d, n)` is the n-th working day after `d` (d itself does not count), so
 *   "within 3 working days of acceptance on a Friday" ends on the Wednesday; n = 0 returns `d`.
 * - `workingDaysBetween(a, b)` counts working days in (a, b] — after `a`, up to and including `b`;
 *   negative when `b` is before `a`. It is the inverse of `addWorkingDays`.
 */
import { addCalendarDays, assertCalendarDate, CalendarDate, fromDayNumber, isWeekend, toDayNumber } from './calendar-date';
import { CalendarOutOfRangeError, InvalidCalendarDateError } from './calendar-errors';

/** Injection token of a service's `WorkingDayCalendar` (framework-free: a plain symbol). */
export const WORKING_DAY_CALENDAR = Symbol.for('@sa/time:WORKING_DAY_CALENDAR');

export interface WorkingDayCalendarData {
  /** Public holidays (days off), including those falling on a weekend. */
  holidays: readonly CalendarDate[];
  /** 调休 make-up working days (weekend days that are worked). */
  makeUpWorkdays: readonly CalendarDate[];
  /**
   * The inclusive period the holiday data is known for. Arithmetic reaching outside it throws
   * `CalendarOutOfRangeError` instead of silently ignoring next year's (unpublished) holidays.
   */
  coverage?: { from: CalendarDate; to: CalendarDate };
  /**
   * Outside the coverage: `'throw'` (default) refuses with `CalendarOutOfRangeError`; `'weekdays'`
   * counts Monday–Friday as working days (the best guess before the holidays are published).
   */
  beyondCoverage?: 'throw' | 'weekdays';
}

export class WorkingDayCalendar {
  private constructor(
    private readonly holidays: ReadonlySet<CalendarDate>,
    private readonly makeUpWorkdays: ReadonlySet<CalendarDate>,
    private readonly coverage: { from: number; to: number } | null,
    private readonly beyondCoverage: 'throw' | 'weekdays' = 'throw',
  ) {}

  /** Validates the data: every entry a real date, no date both a holiday and a make-up day. */
  static fromData(data: WorkingDayCalendarData): WorkingDayCalendar {
    data.holidays.forEach((date, i) => assertCalendarDate(date, `holidays[${i}]`));
    data.makeUpWorkdays.forEach((date, i) => assertCalendarDate(date, `makeUpWorkdays[${i}]`));
    const holidays = new Set(data.holidays);
    const both = data.makeUpWorkdays.filter((date) => holidays.has(date));
    if (both.length > 0) {
      throw new InvalidCalendarDateError(`dates both holiday and make-up working day: ${both.join(', ')}`, 'makeUpWorkdays');
    }
    let coverage: { from: number; to: number } | null = null;
    if (data.coverage) {
      coverage = { from: toDayNumber(data.coverage.from, 'coverage.from'), to: toDayNumber(data.coverage.to, 'coverage.to') };
      if (coverage.from > coverage.to) throw new InvalidCalendarDateError('coverage.from is after coverage.to', 'coverage');
    }
    return new WorkingDayCalendar(holidays, new Set(data.makeUpWorkdays), coverage, data.beyondCoverage ?? 'throw');
  }

  isWorkingDay(date: CalendarDate): boolean {
    if (!this.isCovered(toDayNumber(date))) {
      if (this.beyondCoverage === 'weekdays') return !isWeekend(date);
      this.assertCovered(toDayNumber(date));
    }
    if (this.makeUpWorkdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /** The n-th working day after `date` (n < 0: before it); `date` itself is not counted. */
  addWorkingDays(date: CalendarDate, workingDays: number): CalendarDate {
    if (!Number.isSafeInteger(workingDays)) {
      throw new InvalidCalendarDateError(`working days must be an integer, got ${workingDays}`);
    }
    const step = workingDays < 0 ? -1 : 1;
    let current = date;
    assertCalendarDate(current);
    for (let counted = 0; counted < Math.abs(workingDays); ) {
      current = addCalendarDays(current, step);
      if (this.isWorkingDay(current)) counted += 1;
    }
    return current;
  }

  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    const start = toDayNumber(from, 'from');
    const end = toDayNumber(to, 'to');
    const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
    let count = 0;
    for (let day = low + 1; day <= high; day += 1) {
      if (this.isWorkingDay(fromDayNumber(day))) count += 1;
    }
    return sign * count;
  }

  /** `date` when it is a working day, otherwise the next working day. */
  nextWorkingDayOnOrAfter(date: CalendarDate): CalendarDate {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
  }

  private isCovered(dayNumber: number): boolean {
    return !this.coverage || (dayNumber >= this.coverage.from && dayNumber <= this.coverage.to);
  }

  private assertCovered(dayNumber: number): void {
    if (!this.isCovered(dayNumber) && this.coverage) {
      const date = fromDayNumber(dayNumber);
      throw new CalendarOutOfRangeError(
        `${date} is outside the holiday data (${fromDayNumber(this.coverage.from)} – ${fromDayNumber(this.coverage.to)})`,
        Number(date.slice(0, 4)),
      );
    }
  }
}

/** Builds a working-day calendar from plain arrays (the pure entry point adapters call). */
export function buildWorkingDayCalendar(data: WorkingDayCalendarData): WorkingDayCalendar {
  return WorkingDayCalendar.fromData(data);
}

/** What deadline arithmetic needs of a calendar: a fixed `WorkingDayCalendar` or the managed one. */
export type WorkingDays = Pick<WorkingDayCalendar, 'isWorkingDay' | 'addWorkingDays' | 'workingDaysBetween' | 'nextWorkingDayOnOrAfter'>;
