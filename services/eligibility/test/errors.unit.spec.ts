/**
 * One error shape for eligibility (docs/CONVENTIONS.md "Errors"): the deciders' refusals and the rule
 * engine's errors are all `EligibilityError`s (a @sa/decider DomainError with code + kind), mapped to
 * problem+json by the platform's one filter; the shared calendar's errors are mapped by the pipeline.
 */
import { DomainError } from '@sa/decider';
import { toProblem } from '@sa/errors';
import { CalendarOutOfRangeError, InvalidCalendarDateError } from '@sa/time';
import {
  AmbiguousPolicyError,
  conflictError,
  EligibilityError,
  forbiddenError,
  InvalidAmountError,
  InvalidFactsError,
  notFoundError,
  PolicyNotFoundError,
  ruleError,
  toEligibilityError,
} from '../src/domain';

describe('eligibility errors', () => {
  it('gives every kind its status through the one problem filter', () => {
    const cases: [EligibilityError, number][] = [
      [ruleError('public_notice_not_ended', 'The notice runs until 2026-03-12', 'decision'), 422],
      [conflictError('deadline_already_extended', 'Extended once already'), 409],
      [notFoundError('case_not_found', 'No review case'), 404],
      [forbiddenError('decider_is_investigator', 'The investigator may not decide'), 403],
      [new EligibilityError('policy_id_mismatch', 'Not this policy', { field: 'policyId', status: 400 }), 400],
    ];
    for (const [error, status] of cases) {
      expect(error).toBeInstanceOf(DomainError);
      const { problem } = toProblem(error);
      expect(problem).toMatchObject({ status, code: error.code, type: `urn:sa:problem:rule:${error.code}` });
    }
    expect(toProblem(cases[0]![0]).problem.errors).toEqual([{ field: 'decision', message: 'The notice runs until 2026-03-12' }]);
  });

  it("makes the rule engine's errors EligibilityErrors of kind rule (422) with a snake_case code and the field", () => {
    const errors = [
      [new InvalidFactsError('unknown member X', 'household.members[2]'), 'invalid_facts'],
      [new InvalidAmountError('100.5 is not a whole number of fen', 'amountFen'), 'invalid_amount'],
      [new PolicyNotFoundError('no version for 330106 on 2024-12-31'), 'policy_not_found'],
      [new AmbiguousPolicyError('two versions on 2026-01-01'), 'policy_ambiguous'],
    ] as const;
    for (const [error, code] of errors) {
      expect(error).toBeInstanceOf(EligibilityError);
      expect(error).toMatchObject({ code, kind: 'rule' });
      expect(toProblem(error).problem.status).toBe(422);
    }
    expect(toProblem(errors[0][0]).problem.errors).toEqual([{ field: 'household.members[2]', message: 'unknown member X' }]);
  });

  it("maps the shared calendar's errors to EligibilityErrors (never a 500) and leaves others alone", () => {
    const outOfRange = toEligibilityError(new CalendarOutOfRangeError('no holiday data for 2031', 2031));
    expect(outOfRange).toBeInstanceOf(EligibilityError);
    expect(outOfRange).toMatchObject({ code: 'calendar_out_of_range', kind: 'rule' });
    const invalid = toEligibilityError(new InvalidCalendarDateError('2026-02-30 is not a date', 'visitedOn'));
    expect(invalid).toMatchObject({ code: 'invalid_calendar_date', field: 'visitedOn' });
    expect(toProblem(invalid).problem.status).toBe(422);
    const other = new Error('boom');
    expect(toEligibilityError(other)).toBe(other);
  });
});
