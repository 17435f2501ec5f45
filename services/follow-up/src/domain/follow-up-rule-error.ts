import { DomainError, type DomainErrorKind } from '@sa/decider';

/** A follow-up command refused by a casework rule. */
export class FollowUpRuleError extends DomainError {
  constructor(code: string, message: string, options: { kind?: DomainErrorKind; field?: string } = {}) {
    super(code, message, options);
  }
}
