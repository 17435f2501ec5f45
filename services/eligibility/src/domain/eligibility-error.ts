/**
 * Refusals of the eligibility deciders (review case, policy catalogue). A `DomainError` of
 * @sa/decider (stable snake_case `code`, `kind` → HTTP status) that is also shaped like the
 * `DomainError` of @sa/errors (`isDomainError`, `options.status`, `options.field`), so the
 * platform's problem filter answers it with the right status and names the field.
 */
import { DomainError, type DomainErrorKind } from '@sa/decider';

export interface FieldViolation {
  field: string;
  message: string;
}

export class EligibilityError extends DomainError {
  readonly isDomainError = true as const;
  readonly options: { status: number; field?: string; extensions: Record<string, unknown> };

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
    this.options = { status: options.status ?? this.httpStatus, ...(options.field !== undefined ? { field: options.field } : {}), extensions };
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
