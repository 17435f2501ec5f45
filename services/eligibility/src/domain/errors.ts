/**
 * The one error of the eligibility context (docs/CONVENTIONS.md "Errors"): every refusal — of the
 * review-case and policy deciders and of the rule engine under them — is an `EligibilityError`, a
 * `DomainError` of @sa/decider with a stable snake_case `code` and a `kind` (rule → 422,
 * conflict → 409, not_found → 404, forbidden → 403). The platform's problem filter (@sa/errors)
 * maps it to RFC 9457 problem+json in one place; `options` adds what the filter reads beyond that:
 * a status override (400) and every field under `errors`.
 */
import { DomainError, type DomainErrorKind } from '@sa/decider';
import { CalendarError } from '@sa/time';

export interface FieldViolation {
  field: string;
  message: string;
}

export class EligibilityError extends DomainError {
  readonly options: { status?: number; field?: string; extensions: Record<string, unknown> };

  constructor(
    code: string,
    message: string,
    options: {
      kind?: DomainErrorKind;
      field?: string;
      violations?: FieldViolation[];
      details?: Record<string, unknown>;
      /** Overrides the status of the kind, e.g. 400 for an invalid policy (a malformed request). */
      status?: 400;
    } = {},
  ) {
    const violations = options.violations ?? (options.field ? [{ field: options.field, message }] : []);
    const extensions: Record<string, unknown> = { ...(options.details ?? {}), ...(violations.length > 0 ? { errors: violations } : {}) };
    super(code, message, {
      kind: options.kind ?? 'rule',
      ...(options.field !== undefined ? { field: options.field } : {}),
      details: extensions,
    });
    this.options = { ...(options.status !== undefined ? { status: options.status } : {}), ...(options.field !== undefined ? { field: options.field } : {}), extensions };
  }
}

/** A business rule forbids the command in the current state (422). */
export const ruleError = (code: string, message: string, field?: string, details?: Record<string, unknown>) =>
  new EligibilityError(code, message, { kind: 'rule', ...(field ? { field } : {}), ...(details ? { details } : {}) });

/** The command does not fit the current step (already done, wrong order) (409). */
export const conflictError = (code: string, message: string, details?: Record<string, unknown>) =>
  new EligibilityError(code, message, { kind: 'conflict', ...(details ? { details } : {}) });

/** The command targets something that does not exist (404). */
export const notFoundError = (code: string, message: string) => new EligibilityError(code, message, { kind: 'not_found' });

/** A domain-level permission rule, e.g. the investigator may not decide (403). */
export const forbiddenError = (code: string, message: string, field?: string) =>
  new EligibilityError(code, message, { kind: 'forbidden', ...(field ? { field } : {}) });

// ---- The rule engine's refusals: named subclasses (tests and callers match on the class), kind 'rule'.

/** An amount is not a safe integer number of fen, or a ratio is not an exact decimal. */
export class InvalidAmountError extends EligibilityError {
  constructor(message: string, field?: string) {
    super('invalid_amount', message, { kind: 'rule', ...(field ? { field } : {}) });
  }
}

/** No policy version is in force for a division on a date. */
export class PolicyNotFoundError extends EligibilityError {
  constructor(message: string) {
    super('policy_not_found', message, { kind: 'rule' });
  }
}

/** Two versions of one division take effect on the same date: the catalogue is inconsistent. */
export class AmbiguousPolicyError extends EligibilityError {
  constructor(message: string) {
    super('policy_ambiguous', message, { kind: 'rule' });
  }
}

/** The facts given to a rule are inconsistent (unknown member, duplicate id, negative amount …). */
export class InvalidFactsError extends EligibilityError {
  constructor(message: string, field?: string) {
    super('invalid_facts', message, { kind: 'rule', ...(field ? { field } : {}) });
  }
}

// Calendar errors (INVALID_CALENDAR_DATE, CALENDAR_OUT_OF_RANGE) come from @sa/time, whose calendar the engine uses.
export { CalendarError, CalendarOutOfRangeError, InvalidCalendarDateError } from '@sa/time';

/**
 * The errors of the shared calendar (@sa/time) as eligibility refusals (code in snake_case, kind
 * 'rule', the field named), and @sa/decider's plain `DomainError`s (code, kind and field kept) as
 * `EligibilityError`s; anything else unchanged. The command pipeline's `mapError`.
 */
export function toEligibilityError(e: unknown): unknown {
  if (e instanceof CalendarError) {
    return new EligibilityError(e.code.toLowerCase(), e.message, { kind: 'rule', ...(e.field ? { field: e.field } : {}) });
  }
  // @sa/decider's own refusals (`todayOf` / `actorOf`: invalid_command_time, actor_missing) as the context's error.
  if (e instanceof DomainError && !(e instanceof EligibilityError)) {
    return new EligibilityError(e.code, e.message, {
      kind: e.kind,
      ...(e.field !== undefined ? { field: e.field } : {}),
      ...(e.details !== undefined ? { details: { ...e.details } } : {}),
    });
  }
  return e;
}
