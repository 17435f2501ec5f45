/**
 * Errors raised by the pure rule engine. Each carries a stable `code` so that the application layer
 * can map it to an RFC 9457 problem naming the field, without parsing messages.
 */
export class DomainRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Path of the offending field when there is one, e.g. `household.members[2].birthDate`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An amount is not a safe integer number of fen, or a ratio is not an exact decimal. */
export class InvalidAmountError extends DomainRuleError {
  constructor(message: string, field?: string) {
    super('INVALID_AMOUNT', message, field);
  }
}

/** A date is not a valid `YYYY-MM-DD` calendar date (or a month not `YYYY-MM`). */
export class InvalidCalendarDateError extends DomainRuleError {
  constructor(message: string, field?: string) {
    super('INVALID_CALENDAR_DATE', message, field);
  }
}

/** Working-day arithmetic went outside the period the holiday data covers. */
export class CalendarOutOfRangeError extends DomainRuleError {
  constructor(message: string) {
    super('CALENDAR_OUT_OF_RANGE', message);
  }
}

/** No policy version is in force for a division on a date. */
export class PolicyNotFoundError extends DomainRuleError {
  constructor(message: string) {
    super('POLICY_NOT_FOUND', message);
  }
}

/** Two versions of one division take effect on the same date: the catalogue is inconsistent. */
export class AmbiguousPolicyError extends DomainRuleError {
  constructor(message: string) {
    super('POLICY_AMBIGUOUS', message);
  }
}

/** The facts given to a rule are inconsistent (unknown member, duplicate id, negative amount …). */
export class InvalidFactsError extends DomainRuleError {
  constructor(message: string, field?: string) {
    super('INVALID_FACTS', message, field);
  }
}
