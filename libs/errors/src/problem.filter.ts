import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger, UnauthorizedException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { currentCorrelationId } from '@sa/logging';
import { domainErrorStatus, isDomainError } from './domain-error';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type ProblemDetails, ProblemException, defaultProblemType, titleFor } from './problem';

interface Mapped {
  problem: ProblemDetails;
  headers?: Record<string, string>;
  /** Unexpected: log with stack. */
  unexpected?: boolean;
}

const DOMAIN_TITLES: Record<number, string> = {
  403: 'Not allowed',
  404: 'Not Found',
  409: 'Conflict with the current state',
  422: 'Business rule violated',
};
const CONCURRENCY_ERRORS = new Set(['WrongExpectedRevisionError', 'IdempotencyConflictError']);
const BEARER_CHALLENGE = 'Bearer realm="social-assistance"';

/** Maps anything thrown while handling a request to RFC 9457 problem details. Pure, for tests and non-Nest callers. */
export function toProblem(exception: unknown): Mapped {
  if (exception instanceof ProblemException) {
    const headers = { ...exception.headers };
    if (exception.getStatus() === 401 && !headers['WWW-Authenticate']) headers['WWW-Authenticate'] = BEARER_CHALLENGE;
    return { problem: { ...exception.problem() }, headers };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isDomainError(exception)) {
    const status = domainErrorStatus(exception);
    const field = exception.options?.field ?? exception.field;
    return {
      problem: {
        type: PROBLEM_TYPES.businessRule(exception.code),
        title: DOMAIN_TITLES[status] ?? titleFor(status),
        status,
        detail: exception.message,
        code: exception.code,
        ...(field ? { errors: [{ field, message: exception.message }] } : {}),
        ...(exception.details ? { details: exception.details } : {}),
        ...(exception.options?.extensions ?? {}),
      },
    };
  }
  if (exception instanceof Error && CONCURRENCY_ERRORS.has(exception.name)) {
    return {
      problem: {
        type: PROBLEM_TYPES.concurrencyConflict,
        title: 'Conflict',
        status: 409,
        detail: 'The resource was changed by another request. Reload it and try again.',
      },
    };
  }
  if (exception instanceof Error && exception.name === 'OutsideJurisdictionError') {
    // @sa/eventstore's CommandPipeline: the same answer as @sa/auth's assertJurisdiction
    return { problem: { type: PROBLEM_TYPES.outsideJurisdiction, title: 'Outside your jurisdiction', status: 403, detail: exception.message } };
  }
  if (exception instanceof Error && exception.name === 'StreamNotFoundError') {
    return { problem: { type: PROBLEM_TYPES.notFound, title: titleFor(404), status: 404, detail: 'The resource does not exist.' } };
  }
  const httpError = asHttpError(exception);
  if (httpError) return fromHttpError(httpError);
  const database = fromDatabaseError(exception);
  if (database) return database;
  return {
    problem: {
      type: PROBLEM_TYPES.internal,
      title: titleFor(500),
      status: 500,
      detail: 'An unexpected error occurred. Quote the correlation id when reporting it.',
    },
    unexpected: true,
  };
}

/**
 * PostgreSQL, by SQLSTATE, where the handler did not map it: a transaction that lost a race with another one
 * (serialization failure, deadlock: nothing of it was kept, so the caller may reload and retry) is the same 409 as a
 * moved revision; a database that cannot take the request now (too many connections, starting or shutting down,
 * connection lost, the pool's wait for a connection timed out) is 503 with Retry-After — the server's state, not a
 * fault in the request and not an unexplained 500. Both are still logged (`unexpected`) so an operator sees them.
 */
const RACE_SQLSTATES = new Set(['40001', '40P01']);
const UNAVAILABLE_SQLSTATES = new Set(['53300', '53400', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

function fromDatabaseError(exception: unknown): Mapped | null {
  if (!(exception instanceof Error)) return null;
  const code = (exception as { code?: unknown }).code;
  if (typeof code === 'string' && RACE_SQLSTATES.has(code)) {
    return {
      problem: {
        type: PROBLEM_TYPES.concurrencyConflict,
        title: 'Conflict',
        status: 409,
        detail: 'The resource was changed by another request at the same moment. Reload it and try again.',
      },
      unexpected: true,
    };
  }
  const poolTimeout = /timeout exceeded when trying to connect|Connection terminated/i.test(exception.message);
  if ((typeof code === 'string' && UNAVAILABLE_SQLSTATES.has(code)) || poolTimeout) {
    return {
      problem: {
        type: PROBLEM_TYPES.unavailable,
        title: titleFor(503),
        status: 503,
        detail: 'The database cannot take the request now. Nothing was changed; try again shortly.',
      },
      headers: { 'Retry-After': '2' },
      unexpected: true,
    };
  }
  return null;
}

function fromHttpException(exception: HttpException): Mapped {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const headers: Record<string, string> = exception instanceof UnauthorizedException || status === 401 ? { 'WWW-Authenticate': BEARER_CHALLENGE } : {};
  const problem: ProblemDetails = { type: defaultProblemType(status), title: titleFor(status), status };
  if (typeof response === 'string') {
    problem.detail = response;
  } else if (response && typeof response === 'object') {
    const { message, error: _error, statusCode: _statusCode, ...extensions } = response as Record<string, unknown>;
    if (Array.isArray(message)) problem.detail = message.map(String).join('; ');
    else if (typeof message === 'string') problem.detail = message;
    Object.assign(problem, extensions, { status });
  }
  return { problem, headers, unexpected: status >= 500 };
}

interface HttpError extends Error {
  status: number;
  expose?: boolean;
  type?: string;
  limit?: number;
}

/** Errors from body-parser and other http-errors users carry `status` (and `type`). */
function asHttpError(exception: unknown): HttpError | undefined {
  if (!(exception instanceof Error)) return undefined;
  const e = exception as Partial<HttpError> & { statusCode?: number };
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 599) return undefined;
  return Object.assign(e, { status }) as HttpError;
}

function fromHttpError(error: HttpError): Mapped {
  const status = error.status;
  if (error.type === 'entity.too.large') {
    return {
      problem: {
        type: PROBLEM_TYPES.payloadTooLarge,
        title: titleFor(413),
        status: 413,
        detail: `The request body is larger than the limit of ${error.limit ?? '?'} bytes.`,
        ...(error.limit !== undefined ? { limit: error.limit } : {}),
      },
    };
  }
  const exposed = status < 500 && error.expose !== false;
  return {
    problem: {
      type: defaultProblemType(status),
      title: titleFor(status),
      status,
      detail: exposed ? error.message : 'An unexpected error occurred. Quote the correlation id when reporting it.',
    },
    unexpected: status >= 500,
  };
}

/** Global filter: every error leaves as `application/problem+json`, with the correlation id and no internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<{ originalUrl?: string; url?: string; id?: string }>();
    const res = http.getResponse();
    const { problem, headers, unexpected } = toProblem(exception);
    const correlationId = currentCorrelationId() ?? req.id;
    const body: ProblemDetails = {
      ...problem,
      instance: problem.instance ?? (req.originalUrl ?? req.url ?? '').split('?')[0],
      ...(correlationId ? { correlationId } : {}),
    };
    if (unexpected) this.logger.error({ err: exception, status: body.status }, 'Request failed unexpectedly');
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(res)) {
      this.logger.warn({ status: body.status }, 'Error after the response was sent');
      adapter.end(res);
      return;
    }
    for (const [name, value] of Object.entries(headers ?? {})) adapter.setHeader(res, name, value);
    // Not adapter.reply(): it would reset an error body's Content-Type to application/json.
    adapter.setHeader(res, 'Content-Type', PROBLEM_CONTENT_TYPE);
    adapter.status(res, body.status);
    adapter.end(res, JSON.stringify(body));
  }
}
