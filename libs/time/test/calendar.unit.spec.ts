import { getHolidaysInRange, getWorkdaysInRange, isWorkday } from 'chinese-days';
import {
  addCalendarDays,
  buildNationalCalendar,
  buildWorkingDayCalendar,
  CalendarOutOfRangeError,
  chineseDaysYears,
  InvalidCalendarDateError,
  isWeekend,
  loadWorkingDayCalendar,
} from '@sa/time';

/** Mid-Autumn and National Day 2026 as published: Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked. */
const autumn2026 = buildWorkingDayCalendar({
  holidays: ['2026-09-25', '2026-09-26', '2026-09-27', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkdays: ['2026-09-20', '2026-10-10'],
});

describe('working-day calendar', () => {
  it('treats holidays as days off and make-up weekend days as working days', () => {
    expect(autumn2026.isWorkingDay('2026-10-01')).toBe(false);
    expect(autumn2026.isWorkingDay('2026-10-07')).toBe(false);
    expect(autumn2026.isWorkingDay('2026-09-20')).toBe(true); // make-up Sunday
    expect(autumn2026.isWorkingDay('2026-10-10')).toBe(true); // make-up Saturday
    expect(autumn2026.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
    expect(autumn2026.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('counts a deadline across National Day', () => {
    expect(autumn2026.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(autumn2026.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(autumn2026.workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(autumn2026.workingDaysBetween('2026-10-10', '2026-09-30')).toBe(-3);
  });

  it('counts the make-up Sunday as the next working day after a Friday', () => {
    expect(autumn2026.addWorkingDays('2026-09-18', 1)).toBe('2026-09-20');
    expect(autumn2026.addWorkingDays('2026-09-20', -1)).toBe('2026-09-18');
  });

  it('does not count the start day and returns it for zero working days', () => {
    expect(autumn2026.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
    expect(autumn2026.nextWorkingDayOnOrAfter('2026-10-03')).toBe('2026-10-08');
    // acceptance on Friday 2026-09-11: investigation must start within 3 working days → Wednesday
    expect(autumn2026.addWorkingDays('2026-09-11', 3)).toBe('2026-09-16');
  });

  it('is the inverse of itself over long spans', () => {
    for (const n of [1, 5, 10, 30, 45]) {
      const due = autumn2026.addWorkingDays('2026-09-15', n);
      expect(autumn2026.workingDaysBetween('2026-09-15', due)).toBe(n);
    }
    expect(autumn2026.addWorkingDays('2026-09-15', 30)).toBe('2026-11-02');
  });

  it('refuses data that is contradictory or unreadable', () => {
    expect(() => buildWorkingDayCalendar({ holidays: ['2026-10-10'], makeUpWorkdays: ['2026-10-10'] })).toThrow(InvalidCalendarDateError);
    expect(() => buildWorkingDayCalendar({ holidays: ['2026-10-32'], makeUpWorkdays: [] })).toThrow(InvalidCalendarDateError);
  });

  it('refuses to count beyond the period its holiday data covers', () => {
    const calendar = buildWorkingDayCalendar({ holidays: [], makeUpWorkdays: [], coverage: { from: '2026-01-01', to: '2026-12-31' } });
    expect(calendar.addWorkingDays('2026-12-29', 2)).toBe('2026-12-31');
    expect(() => calendar.addWorkingDays('2026-12-30', 2)).toThrow(CalendarOutOfRangeError);
  });

  it('agrees with the chinese-days data for every day of 2026', () => {
    const holidays = getHolidaysInRange('2026-01-01', '2026-12-31', false);
    const makeUpWorkdays = getWorkdaysInRange('2026-01-01', '2026-12-31', true).filter(isWeekend);
    const calendar = buildWorkingDayCalendar({ holidays, makeUpWorkdays, coverage: { from: '2026-01-01', to: '2026-12-31' } });

    expect(makeUpWorkdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
    expect(holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07']));
    for (let date = '2026-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      expect([date, calendar.isWorkingDay(date)]).toEqual([date, isWorkday(date)]);
    }
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-09-18', 1)).toBe('2026-09-20');
  });
});

describe('the national calendar (chinese-days, published years)', () => {
  it('knows published holidays and refuses, or counts weekdays, beyond its last year', () => {
    const strict = loadWorkingDayCalendar();
    expect(strict.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    const beyond = `${[...chineseDaysYears().keys()].sort((a, b) => b - a)[0]! + 1}-01-05`;
    expect(() => strict.isWorkingDay(beyond)).toThrow(CalendarOutOfRangeError);
    expect(loadWorkingDayCalendar({ beyondCoverage: 'weekdays' }).isWorkingDay(beyond)).toBe(!isWeekend(beyond));
  });

  it('adds a year that is published (buildNationalCalendar with that year)', () => {
    const lastKnown = [...chineseDaysYears().keys()].sort((a, b) => b - a)[0]!;
    const next = lastKnown + 1;
    const calendar = buildNationalCalendar(new Map([[next, { holidays: [`${next}-01-01`], makeUpWorkdays: [] }]]));
    expect(calendar.isWorkingDay(`${next}-01-01`)).toBe(false);
    expect(() => calendar.isWorkingDay(`${next + 1}-01-05`)).toThrow(CalendarOutOfRangeError);
  });
});
