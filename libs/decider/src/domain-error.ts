/**
 * How an application shell should answer a refused command:
 * - 'rule'      the command breaks a business rule in the current state → 422 Unprocessable Content
 * - 'conflict'  the command conflicts with the current state (already done, wrong step) → 409 Conflict
 * - 'not_found' the command targets something that does not exist → 404 Not Found
 * - 'forbidden' a domain-level permission rule (e.g. the investigator may not approve) → 403 Forbidden
 */
export type DomainErrorKind = 'rule' | 'conflict' | 'not_found' | 'forbidden';

/**
 * Base class of every error a decider throws to refuse a command. `code` is a stable machine-readable
 * identifier in snake_case (e.g. 'application_already_submitted'); `field` names the offending input
 * field when there is one (RFC 9457 problem details name it). Subclass per rule or use as is.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { kind?: DomainErrorKind; field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? 'rule';
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
  }

  /** Suggested HTTP status for this error's kind. */
  get httpStatus(): 403 | 404 | 409 | 422 {
    switch (this.kind) {
      case 'conflict':
        return 409;
      case 'not_found':
        return 404;
      case 'forbidden':
        return 403;
      default:
        return 422;
    }
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
