/**
 * Errors raised by the pure rule engine. Each carries a stable `code` so that the application layer
 * can map it to an RFC 9457 problem naming the field, without parsing messages.
 */
import { CalendarError } from '@sa/time';

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

// Calendar errors (INVALID_CALENDAR_DATE, CALENDAR_OUT_OF_RANGE) come from @sa/time, whose calendar the engine uses.
export { CalendarError, CalendarOutOfRangeError, InvalidCalendarDateError } from '@sa/time';

/** An error of the rule engine or of its calendar: both carry a stable `code` and maybe a `field`. */
export function isRuleEngineError(e: unknown): e is DomainRuleError | CalendarError {
  return e instanceof DomainRuleError || e instanceof CalendarError;
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
