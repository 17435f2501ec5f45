/**
 * `/health/ready` warns (and stays up) from 1 December while next year's holiday schedule is
 * neither bundled nor configured: working-day deadlines reaching into it are then left open
 * (`calendar_missing`, see the review-case queue `GET /review-cases/queues/calendar-missing`).
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessWarnings } from '@sa/observability';
import { CalendarOutOfRangeError, CLOCK, nextYearCalendarWarning, shanghaiDate, type Clock, type WorkingDays } from '@sa/time';
import { WORKING_CALENDAR } from './working-calendar';

/** Whether working days can be counted throughout `year` (1 January and 31 December both covered). */
export function calendarKnows(calendar: Pick<WorkingDays, 'isWorkingDay'>, year: number): boolean {
  try {
    calendar.isWorkingDay(`${year}-01-01`);
    calendar.isWorkingDay(`${year}-12-31`);
    return true;
  } catch (e) {
    if (e instanceof CalendarOutOfRangeError) return false;
    throw e;
  }
}

@Injectable()
export class CalendarReadinessWarning implements OnModuleInit {
  constructor(
    private readonly warnings: ReadinessWarnings,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingDays,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.warnings.register('holidayCalendar', () =>
      nextYearCalendarWarning({ knows: (year) => calendarKnows(this.calendar, year) }, shanghaiDate(this.clock.now())),
    );
  }
}
