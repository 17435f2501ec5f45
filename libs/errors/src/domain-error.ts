/**
 * Framework-free error types (no Nest import here, so pure domain code may use them).
 * The problem filter answers:
 * - a DomainError (or any error with `isDomainError === true` and a string `code`) with 422,
 *   or with its own `status` (409 for a state conflict such as "already approved");
 * - a DomainError of @sa/decider (string `code`, `kind`, `httpStatus`) with its `httpStatus`;
 * - WrongExpectedRevisionError / IdempotencyConflictError from @sa/eventstore with 409 (matched by name).
 */
export class DomainError extends Error {
  readonly isDomainError = true as const;

  constructor(
    /** Stable machine-readable code, e.g. `PUBLIC_NOTICE_NOT_ENDED`; becomes the problem type `urn:sa:problem:rule:<code>`. */
    readonly code: string,
    message: string,
    readonly options: { field?: string; status?: 409 | 422; extensions?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface DomainErrorLike {
  name: string;
  message: string;
  code: string;
  isDomainError?: true;
  options?: { field?: string; status?: number; extensions?: Record<string, unknown> };
  field?: string;
  status?: number;
  /** @sa/decider: `kind` ('rule' | 'conflict' | 'not_found' | 'forbidden') and the status it suggests. */
  kind?: string;
  httpStatus?: number;
  details?: Readonly<Record<string, unknown>>;
}

export function isDomainError(error: unknown): error is DomainErrorLike {
  if (!(error instanceof Error)) return false;
  const e = error as Partial<DomainErrorLike>;
  if (typeof e.code !== 'string') return false;
  return e.isDomainError === true || (typeof e.kind === 'string' && typeof e.httpStatus === 'number');
}

/** The HTTP status a domain error asks for: explicit `options.status`, then `status`, then `httpStatus`, else 422. */
export function domainErrorStatus(error: DomainErrorLike): number {
  const status = error.options?.status ?? error.status ?? error.httpStatus ?? 422;
  return Number.isInteger(status) && status >= 400 && status < 500 ? status : 422;
}
