import { DomainError, type DomainErrorKind } from '@sa/decider';

/**
 * A refused verification command. Also carries `isDomainError` and `status`, the shape the
 * platform's problem+json filter (@sa/errors) recognises, so a refusal leaves as 404/409/422.
 */
export class VerificationRuleError extends DomainError {
  readonly isDomainError = true as const;

  constructor(code: string, message: string, options: { kind?: DomainErrorKind; field?: string; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }

  get status(): number {
    return this.httpStatus;
  }
}

export const notFound = (code: string, message: string, field?: string) =>
  new VerificationRuleError(code, message, { kind: 'not_found', ...(field ? { field } : {}) });

export const conflict = (code: string, message: string, field?: string) =>
  new VerificationRuleError(code, message, { kind: 'conflict', ...(field ? { field } : {}) });

export const rule = (code: string, message: string, field?: string) =>
  new VerificationRuleError(code, message, { kind: 'rule', ...(field ? { field } : {}) });
