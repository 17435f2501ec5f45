/**
 * The working-day calendar of the service: the managed national calendar of @sa/time — the bundled
 * chinese-days years, each replaced or extended by the schedule a `policy_admin` published
 * (`PUT /calendars/:year`, stream `holidayCalendar-<year>`; `HolidayCalendars` keeps it current).
 * Arithmetic beyond the last known year is refused (a deadline is then left open), never guessed.
 */
import { ManagedWorkingDayCalendar, WORKING_DAY_CALENDAR } from '@sa/time';

/** The shared token of @sa/time. */
export const WORKING_CALENDAR = WORKING_DAY_CALENDAR;

/** A fresh managed calendar (bundled years only until `HolidayCalendars` loads the published ones). */
export const buildServiceCalendar = (): ManagedWorkingDayCalendar => new ManagedWorkingDayCalendar();
