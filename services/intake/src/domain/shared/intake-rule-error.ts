import { DomainError, DomainErrorKind } from '@sa/decider';

/**
 * A casework rule refused a command. `code` is stable, in snake_case (clients and tests match on
 * it); `violations` name the fields concerned when the rule is about the form.
 *
 * The platform's problem filter (@sa/errors) recognises it by `kind`/`httpStatus`; `options.extensions`
 * lists every field under `errors` at the top level of the problem.
 */
export interface RuleViolation {
  field: string;
  message: string;
}

const KINDS: Record<string, DomainErrorKind> = {
  application_exists: 'conflict',
  invalid_status: 'conflict',
  notice_already_issued: 'conflict',
  lead_exists: 'conflict',
  lead_resolved: 'conflict',
  already_declared: 'conflict',
  application_not_found: 'not_found',
  lead_not_found: 'not_found',
  not_declared: 'not_found',
  outside_jurisdiction: 'forbidden',
  not_own_declaration: 'forbidden',
};

export class IntakeRuleError extends DomainError {
  readonly options: { extensions: Record<string, unknown> };

  constructor(
    code: string,
    message: string,
    readonly violations: RuleViolation[] = [],
    details: Record<string, unknown> = {},
  ) {
    const extensions = { ...details, ...(violations.length > 0 ? { errors: violations } : {}) };
    super(code, message, {
      kind: KINDS[code] ?? 'rule',
      ...(violations.length === 1 ? { field: violations[0]!.field } : {}),
      details: extensions,
    });
    this.options = { extensions };
  }
}
