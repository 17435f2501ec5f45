import { addCalendarDays, addMonths, ageOn, calendarDateFrom, dayOfWeek, fromDayNumber, InvalidCalendarDateError, isCalendarDate, monthAfter, toDayNumber } from '@sa/time';

describe('calendar dates', () => {
  it('counts days from 1970-01-01 and back, across leap years', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2000-03-01') - toDayNumber('2000-02-28')).toBe(2);
    expect(toDayNumber('2100-03-01') - toDayNumber('2100-02-28')).toBe(1);
    for (const date of ['1900-01-01', '1969-12-31', '2024-02-29', '2026-10-01', '2099-12-31']) {
      expect(fromDayNumber(toDayNumber(date))).toBe(date);
    }
  });

  it('knows the day of the week without any time zone', () => {
    expect(dayOfWeek('2026-10-01')).toBe(4); // Thursday
    expect(dayOfWeek('2026-09-20')).toBe(0); // Sunday
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('rejects dates that do not exist', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-1')).toBe(false);
    expect(() => toDayNumber('2026-02-30')).toThrow(InvalidCalendarDateError);
  });

  it('builds a date from its parts, or null when there is no such day', () => {
    expect(calendarDateFrom(1966, 3, 5)).toBe('1966-03-05');
    expect(calendarDateFrom(2024, 2, 29)).toBe('2024-02-29');
    expect(calendarDateFrom(2023, 2, 29)).toBeNull();
    expect(calendarDateFrom(1900, 2, 29)).toBeNull();
    expect(calendarDateFrom(2026, 13, 1)).toBeNull();
    expect(calendarDateFrom(2026, 4, 31)).toBeNull();
    expect(calendarDateFrom(2026, 1, 0)).toBeNull();
    expect(calendarDateFrom(2026.5, 1, 1)).toBeNull();
  });

  it('counts age in completed years, a 29 February birthday turning on 1 March', () => {
    expect(ageOn('1966-03-15', '2026-03-15')).toBe(60);
    expect(ageOn('1966-03-16', '2026-03-15')).toBe(59);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('steps months across a year end, and starts benefits the month after the decision', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthAfter('2026-12-31')).toBe('2027-01');
  });
});
