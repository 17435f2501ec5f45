import { BadRequestException, NotFoundException } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { DomainError, flattenValidationErrors, toProblem } from '@sa/errors';

class Member {
  @IsString() residentId!: string;
  @IsInt() @Min(0) monthlyIncomeFen!: number;
}
class Household {
  @ValidateNested({ each: true }) @Type(() => Member) members!: Member[];
}
class Application {
  @ValidateNested() @Type(() => Household) household!: Household;
}

describe('flattenValidationErrors', () => {
  it('names nested fields by dotted path with array indexes', () => {
    const dto = plainToInstance(Application, { household: { members: [{ residentId: 'a', monthlyIncomeFen: 1 }, { residentId: 5, monthlyIncomeFen: -1 }] } });
    expect(flattenValidationErrors(validateSync(dto)).map((e) => e.field)).toEqual([
      'household.members[1].residentId',
      'household.members[1].monthlyIncomeFen',
    ]);
  });
});

describe('toProblem', () => {
  it('maps a @sa/decider DomainError by its kind', () => {
    class DeciderError extends Error {
      constructor(readonly code: string, message: string, readonly kind: string, readonly field?: string) {
        super(message);
      }
      get httpStatus() {
        return this.kind === 'not_found' ? 404 : this.kind === 'conflict' ? 409 : 422;
      }
    }
    expect(toProblem(new DeciderError('case_not_found', 'No such case', 'not_found')).problem).toMatchObject({ status: 404, code: 'case_not_found' });
    expect(toProblem(new DeciderError('income_negative', 'Income must not be negative', 'rule', 'income')).problem).toMatchObject({
      status: 422,
      errors: [{ field: 'income', message: 'Income must not be negative' }],
    });
  });

  it('maps domain, concurrency, http and unknown errors', () => {
    expect(toProblem(new DomainError('ALREADY_APPROVED', 'Already approved', { status: 409 })).problem).toMatchObject({
      status: 409,
      type: 'urn:sa:problem:rule:ALREADY_APPROVED',
    });
    const stale = Object.assign(new Error('stream application-9 at 3'), { name: 'WrongExpectedRevisionError' });
    expect(toProblem(stale).problem).toMatchObject({ status: 409, type: 'urn:sa:problem:concurrency-conflict' });
    // @sa/eventstore's CommandPipeline: a stale If-Match from outside the case's jurisdiction (no revision in it)
    const outside = Object.assign(new Error('Division 330106001001 is outside your jurisdiction 330102001.'), { name: 'OutsideJurisdictionError' });
    expect(toProblem(outside).problem).toEqual({
      type: 'urn:sa:problem:outside-jurisdiction',
      title: 'Outside your jurisdiction',
      status: 403,
      detail: 'Division 330106001001 is outside your jurisdiction 330102001.',
    });
    expect(toProblem(new NotFoundException('No such case')).problem).toMatchObject({ status: 404, detail: 'No such case' });
    expect(toProblem(new BadRequestException(['a is bad', 'b is bad'])).problem.detail).toBe('a is bad; b is bad');
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505' });
    expect(toProblem(pgError)).toMatchObject({ unexpected: true, problem: { status: 500 } });
    expect(JSON.stringify(toProblem(pgError).problem)).not.toContain('duplicate');
  });

  it('maps PostgreSQL races to 409 and an unavailable database to 503 with Retry-After, never an unexplained 500', () => {
    for (const code of ['40001', '40P01']) {
      const lost = Object.assign(new Error('could not serialize access due to concurrent update'), { code });
      expect(toProblem(lost)).toMatchObject({ unexpected: true, problem: { status: 409, type: 'urn:sa:problem:concurrency-conflict' } });
    }
    const full = Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
    expect(toProblem(full)).toMatchObject({ unexpected: true, headers: { 'Retry-After': '2' }, problem: { status: 503, type: 'urn:sa:problem:service-unavailable' } });
    expect(JSON.stringify(toProblem(full).problem)).not.toContain('clients');
    expect(toProblem(new Error('timeout exceeded when trying to connect')).problem.status).toBe(503);
    // anything else of the database stays a 500 (a bug to fix, not a state to report)
    expect(toProblem(Object.assign(new Error('column "x" does not exist'), { code: '42703' })).problem.status).toBe(500);
  });
});
