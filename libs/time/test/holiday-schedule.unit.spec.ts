/** The managed holiday calendar: bundled years, published schedules and their corrections, open due dates. */
import {
  checkHolidaySchedule,
  dueDateOrOpen,
  EXAMPLE_HOLIDAY_SCHEDULE_2027,
  ManagedWorkingDayCalendar,
  nextYearCalendarWarning,
} from '@sa/time';

const published2027 = (version = 1) => ({ ...EXAMPLE_HOLIDAY_SCHEDULE_2027, version });

describe('ManagedWorkingDayCalendar', () => {
  it('counts 2026 from the bundled chinese-days data and leaves a deadline into 2027 open', () => {
    const calendar = new ManagedWorkingDayCalendar();
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.sourceOf(2026)).toEqual({ source: 'bundled' });
    expect(calendar.sourceOf(2027)).toEqual({ source: 'missing' });
    expect(dueDateOrOpen(calendar, '2026-12-29', 3)).toEqual({ dueOn: null, calendarMissing: 2027 });
    expect(dueDateOrOpen(calendar, '2027-01-04', 3)).toEqual({ dueOn: null, calendarMissing: 2027 });
    expect(dueDateOrOpen(calendar, '2027-06-30', 3)).toEqual({ dueOn: null, calendarMissing: 2027 });
    expect(dueDateOrOpen(calendar, '2026-12-01', 3)).toEqual({ dueOn: '2026-12-04', calendarMissing: null });
  });

  it('counts 2027 once its schedule is published (example schedule: 1–3 January off)', () => {
    const calendar = new ManagedWorkingDayCalendar();
    expect(calendar.apply(published2027())).toBe(true);
    expect(calendar.sourceOf(2027)).toEqual({ source: 'published', version: 1 });
    expect(dueDateOrOpen(calendar, '2026-12-29', 3)).toEqual({ dueOn: '2027-01-04', calendarMissing: null });
    expect(dueDateOrOpen(calendar, '2027-01-04', 3)).toEqual({ dueOn: '2027-01-07', calendarMissing: null });
    expect(dueDateOrOpen(calendar, '2027-06-30', 3)).toEqual({ dueOn: '2027-07-05', calendarMissing: null });
    // 2027-12-31 + 1 reaches 2028, not published
    expect(dueDateOrOpen(calendar, '2027-12-30', 3)).toEqual({ dueOn: null, calendarMissing: 2028 });
  });

  it('a correction (higher version) supersedes the schedule whole; an older or repeated version changes nothing', () => {
    const calendar = new ManagedWorkingDayCalendar();
    calendar.apply(published2027(1));
    const corrected = { ...published2027(2), holidays: EXAMPLE_HOLIDAY_SCHEDULE_2027.holidays.filter((d) => d !== '2027-01-01') };
    expect(calendar.apply(corrected)).toBe(true);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.apply(published2027(1))).toBe(false);
    expect(calendar.apply(corrected)).toBe(false);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.sourceOf(2027)).toEqual({ source: 'published', version: 2 });
  });

  it('a published year replaces the bundled data of that year', () => {
    const calendar = new ManagedWorkingDayCalendar();
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false);
    calendar.apply({ year: 2026, version: 1, holidays: ['2026-10-01'], makeUpWorkdays: [] });
    expect(calendar.isWorkingDay('2026-10-07')).toBe(true);
    expect(calendar.scheduleOf(2026)).toEqual({ year: 2026, holidays: ['2026-10-01'], makeUpWorkdays: [] });
  });

  it('refuses an invalid schedule, naming each field', () => {
    expect(checkHolidaySchedule(EXAMPLE_HOLIDAY_SCHEDULE_2027)).toEqual([]);
    expect(checkHolidaySchedule({ year: 2027, holidays: ['2027-02-30', '2028-01-01', '2027-01-02', '2027-01-02'], makeUpWorkdays: ['2027-01-04', '2027-01-02'] })).toEqual([
      { field: 'holidays[0]', message: 'must be a date YYYY-MM-DD, got "2027-02-30"' },
      { field: 'holidays[1]', message: '2028-01-01 is not in 2027' },
      { field: 'holidays[3]', message: '2027-01-02 is listed twice' },
      { field: 'makeUpWorkdays[0]', message: '2027-01-04 is a weekday: a make-up working day is a Saturday or Sunday' },
      { field: 'makeUpWorkdays', message: '2027-01-02 is both a holiday and a make-up working day' },
    ]);
    expect(checkHolidaySchedule({ year: '2027', holidays: [], makeUpWorkdays: 'x' }).map((p) => p.field)).toEqual(['year', 'makeUpWorkdays', 'holidays']);
    expect(() => new ManagedWorkingDayCalendar().apply({ year: 2027, version: 1, holidays: ['2026-01-01'], makeUpWorkdays: [] })).toThrow(/holidays\[0\]/);
  });

  it('warns from 1 December when next year is not published', () => {
    const calendar = new ManagedWorkingDayCalendar();
    expect(nextYearCalendarWarning(calendar, '2026-11-30')).toBeNull();
    expect(nextYearCalendarWarning(calendar, '2026-12-01')).toMatch(/^calendar_missing: 2027/);
    expect(nextYearCalendarWarning(calendar, '2027-01-04')).toMatch(/^calendar_missing: 2027/);
    calendar.apply(published2027());
    expect(nextYearCalendarWarning(calendar, '2026-12-01')).toBeNull();
    expect(nextYearCalendarWarning(calendar, '2027-12-01')).toMatch(/^calendar_missing: 2028/);
  });

  it('past the known years counts Monday–Friday when asked (weekdays), until the year is published', () => {
    const calendar = new ManagedWorkingDayCalendar(undefined, 'weekdays');
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    calendar.apply(published2027());
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });
});
