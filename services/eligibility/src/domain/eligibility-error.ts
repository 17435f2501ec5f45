/**
 * Refusals of the eligibility deciders (review case, policy catalogue). A `DomainError` of
 * @sa/decider (stable snake_case `code`, `kind` → HTTP status), which the platform's problem filter
 * (@sa/errors) recognises by `kind`/`httpStatus`. `options` adds what the filter reads beyond that:
 * a status override (400) and every field under `errors`.
 */
import { DomainError, type DomainErrorKind } from '@sa/decider';

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
