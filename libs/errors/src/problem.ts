import { HttpException } from '@nestjs/common';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  /** Dotted path into the request, e.g. `household.members[1].residentId`. */
  field: string;
  message: string;
}

/** RFC 9457 problem details, with the platform's extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  correlationId?: string;
  [extension: string]: unknown;
}

/** What a thrower gives: everything but the status, which the exception sets. */
export interface ProblemInput {
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Problem type URIs (URNs; RFC 9457 allows any URI). */
export const PROBLEM_TYPES = {
  badRequest: 'urn:sa:problem:bad-request',
  validation: 'urn:sa:problem:validation',
  unauthorized: 'urn:sa:problem:unauthorized',
  forbidden: 'urn:sa:problem:forbidden',
  outsideJurisdiction: 'urn:sa:problem:outside-jurisdiction',
  notFound: 'urn:sa:problem:not-found',
  methodNotAllowed: 'urn:sa:problem:method-not-allowed',
  conflict: 'urn:sa:problem:conflict',
  concurrencyConflict: 'urn:sa:problem:concurrency-conflict',
  payloadTooLarge: 'urn:sa:problem:payload-too-large',
  unsupportedMediaType: 'urn:sa:problem:unsupported-media-type',
  businessRule: (code: string) => `urn:sa:problem:rule:${code}`,
  unavailable: 'urn:sa:problem:service-unavailable',
  internal: 'urn:sa:problem:internal',
  http: (status: number) => `urn:sa:problem:http-${status}`,
} as const;

export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const DEFAULT_TYPES: Record<number, string> = {
  400: PROBLEM_TYPES.badRequest,
  401: PROBLEM_TYPES.unauthorized,
  403: PROBLEM_TYPES.forbidden,
  404: PROBLEM_TYPES.notFound,
  405: PROBLEM_TYPES.methodNotAllowed,
  409: PROBLEM_TYPES.conflict,
  413: PROBLEM_TYPES.payloadTooLarge,
  415: PROBLEM_TYPES.unsupportedMediaType,
  500: PROBLEM_TYPES.internal,
  503: PROBLEM_TYPES.unavailable,
};

export function defaultProblemType(status: number): string {
  return DEFAULT_TYPES[status] ?? PROBLEM_TYPES.http(status);
}

export function titleFor(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * An HTTP exception whose body is a problem. Throw it from handlers or guards when the generic
 * mapping is not enough, e.g. `throw new ProblemException(403, { type: PROBLEM_TYPES.outsideJurisdiction, detail })`.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    problem: ProblemInput = {},
    /** Response headers to set with the problem, e.g. WWW-Authenticate. */
    readonly headers: Record<string, string> = {},
  ) {
    const body: ProblemDetails = {
      ...problem,
      type: problem.type ?? defaultProblemType(status),
      title: problem.title ?? titleFor(status),
      status,
    };
    super(body, status);
  }

  problem(): ProblemDetails {
    return this.getResponse() as ProblemDetails;
  }
}

/** 400 naming each bad field. */
export class ValidationProblemException extends ProblemException {
  constructor(readonly fieldErrors: FieldError[]) {
    const fields = [...new Set(fieldErrors.map((e) => e.field))];
    super(400, {
      type: PROBLEM_TYPES.validation,
      title: 'Your request is not valid',
      detail: `Invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`,
      errors: fieldErrors,
    });
  }
}
