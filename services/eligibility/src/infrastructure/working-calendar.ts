/**
 * The working-day calendar of the service: the national calendar of @sa/time (chinese-days data,
 * 2004 onwards) with any year replaced or added by `ELIGIBILITY_CALENDAR_OVERRIDES`. Arithmetic
 * beyond the last known year is refused (a deadline is then left open), never silently guessed.
 */
import { buildNationalCalendar, chineseDaysYears, parseCalendarOverrides, WORKING_DAY_CALENDAR, type YearCalendar } from '@sa/time';

/** The shared token of @sa/time. */
export const WORKING_CALENDAR = WORKING_DAY_CALENDAR;

export { chineseDaysYears, parseCalendarOverrides, type YearCalendar };

/** chinese-days years, each overridden year replaced whole; out of coverage = refused. */
export const buildServiceCalendar = (overrides: Map<number, YearCalendar>, base = chineseDaysYears()) => buildNationalCalendar(overrides, base, 'throw');
