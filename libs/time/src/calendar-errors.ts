/**
 * Errors of the calendar arithmetic. Each carries a stable `code` (and the field when there is one)
 * so callers can map it to a refusal naming the field, without parsing messages.
 */
export class CalendarError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Path of the offending field when there is one, e.g. `coverage.from`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A date is not a valid `YYYY-MM-DD` calendar date (or a month not `YYYY-MM`). */
export class InvalidCalendarDateError extends CalendarError {
  constructor(message: string, field?: string) {
    super('INVALID_CALENDAR_DATE', message, field);
  }
}

/** Working-day arithmetic went outside the period the holiday data covers. */
export class CalendarOutOfRangeError extends CalendarError {
  constructor(
    message: string,
    /** The year whose holiday schedule is missing (the first one the arithmetic reached), when known. */
    readonly year?: number,
  ) {
    super('CALENDAR_OUT_OF_RANGE', message);
  }
}
