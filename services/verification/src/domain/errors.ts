import { DomainError } from '@sa/decider';

/**
 * Refusals of verification commands: plain DomainErrors of @sa/decider (stable `code`, `kind` →
 * 404/409/422). The platform's problem filter (@sa/errors) recognises them by `kind`/`httpStatus`.
 */
export const notFound = (code: string, message: string, field?: string) =>
  new DomainError(code, message, { kind: 'not_found', ...(field ? { field } : {}) });

export const conflict = (code: string, message: string, field?: string) =>
  new DomainError(code, message, { kind: 'conflict', ...(field ? { field } : {}) });

export const rule = (code: string, message: string, field?: string) =>
  new DomainError(code, message, { kind: 'rule', ...(field ? { field } : {}) });
