/**
 * Calendar dates and months as plain strings (civil dates in Asia/Shanghai) with their arithmetic:
 * the one framework-free implementation lives in @sa/time.
 */
export {
  addCalendarDays,
  addMonths,
  ageOn,
  assertCalendarDate,
  assertCalendarMonth,
  dayOfWeek,
  fromDayNumber,
  isCalendarDate,
  isCalendarMonth,
  isWeekend,
  monthAfter,
  monthOf,
  toDayNumber,
  type CalendarDate,
  type CalendarMonth,
} from '@sa/time';
