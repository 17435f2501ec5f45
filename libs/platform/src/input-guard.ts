import { type FieldError, PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type ProblemDetails } from '@sa/errors';
import { CORRELATION_ID_HEADER, currentCorrelationId } from '@sa/logging';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The platform's first look at a request's input, before routing and validation, for every service
 * in one place: refuses (400 problem+json naming the field) JSON nested deeper than `maxDepth`
 * (class-transformer/validator recurse and would overflow the stack), keys that could pollute
 * prototypes, and text the database cannot store or that has no business in a form: NUL and other
 * C0 control characters (tab, line feed and carriage return are allowed) and lone UTF-16 surrogates —
 * in body values and keys, query values and the request path (so path parameters too).
 */
export interface InputGuardOptions {
  /** Deepest nesting accepted (the body itself is depth 1). */
  maxDepth: number;
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Why a text is refused, or undefined. */
export function badTextReason(text: string): string | undefined {
  const m = FORBIDDEN_CHARS.exec(text);
  if (!m) return undefined;
  const ch = m[0];
  const code = ch.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return 'must be well-formed Unicode text (it contains a lone surrogate)';
  return `must not contain control characters (found U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${m.index})`;
}

/**
 * Walks a parsed JSON value without recursion and returns the first problem found: too deep, a
 * polluting key, or bad text. `root` names the top (`''` for a body, `query` for query values).
 */
export function inspectInput(value: unknown, maxDepth: number, root = ''): FieldError | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 1 }];
  while (stack.length > 0) {
    const { value: node, path, depth } = stack.pop()!;
    if (typeof node === 'string') {
      const reason = badTextReason(node);
      if (reason) return { field: path || '(body)', message: `${path || 'the body'} ${reason}` };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) {
      return { field: path || '(body)', message: `the request is nested deeper than ${maxDepth} levels` };
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ value: item, path: child(path, i), depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(node)) {
      const keyPath = child(path, key);
      if (POLLUTING_KEYS.has(key)) return { field: keyPath, message: `${key} is not an accepted property name` };
      const reason = badTextReason(key);
      if (reason) return { field: keyPath, message: `property names ${reason}` };
      stack.push({ value: (node as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
    }
  }
  return undefined;
}

export function writeProblem(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, problem: ProblemDetails): void {
  const header = res.getHeader(CORRELATION_ID_HEADER);
  const correlationId = currentCorrelationId() ?? (typeof header === 'string' ? header : undefined);
  const body: ProblemDetails = {
    ...problem,
    instance: (req.originalUrl ?? req.url ?? '').split('?')[0],
    ...(correlationId ? { correlationId } : {}),
  };
  res.statusCode = problem.status;
  res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  res.end(JSON.stringify(body));
}

function badRequest(error: FieldError): ProblemDetails {
  return { type: PROBLEM_TYPES.validation, title: 'Bad Request', status: 400, detail: error.message, errors: [error] };
}

type Req = IncomingMessage & { body?: unknown; query?: unknown; originalUrl?: string; path?: string };

/** Express middleware; install after the body parsers. */
export function inputGuard(options: InputGuardOptions) {
  return (req: Req, res: ServerResponse, next: () => void): void => {
    const url = req.originalUrl ?? req.url ?? '';
    const rawPath = url.split('?')[0];
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      writeProblem(req, res, badRequest({ field: '(path)', message: 'the request path is not valid percent-encoded UTF-8' }));
      return;
    }
    const pathReason = badTextReason(path);
    if (pathReason) {
      writeProblem(req, res, badRequest({ field: '(path)', message: `the request path ${pathReason}` }));
      return;
    }
    const problem = inspectInput(req.query, Math.max(options.maxDepth, 8), 'query') ?? inspectInput(req.body, options.maxDepth);
    if (problem) {
      writeProblem(req, res, badRequest(problem));
      return;
    }
    next();
  };
}
