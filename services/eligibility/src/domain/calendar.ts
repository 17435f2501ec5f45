/**
 * Working-day calendar (工作日): the pure `WorkingDayCalendar` of @sa/time (see there for the
 * conventions of `addWorkingDays` and `workingDaysBetween`).
 */
export { buildWorkingDayCalendar, WorkingDayCalendar, type WorkingDayCalendarData } from '@sa/time';
export { dueDateOrOpen, type DueDate, type WorkingDays } from '@sa/time';
