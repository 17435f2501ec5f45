import { PROBLEM_TYPES, ProblemException, ValidationProblemException } from '@sa/errors';
import { type Principal, isJurisdictionCode, jurisdictionCovers } from './identity';

/**
 * Throws 403 (problem `urn:sa:problem:outside-jurisdiction`) unless `code` lies within the actor's
 * jurisdiction, and 400 naming `field` if `code` is not a division code.
 */
export function assertJurisdiction(actor: Pick<Principal, 'jurisdiction'>, code: unknown, field = 'jurisdiction'): void {
  if (!isJurisdictionCode(code)) {
    throw new ValidationProblemException([{ field, message: `${field} must be a 6, 9 or 12-digit administrative division code` }]);
  }
  if (!jurisdictionCovers(actor.jurisdiction, code)) {
    throw new ProblemException(403, {
      type: PROBLEM_TYPES.outsideJurisdiction,
      title: 'Outside your jurisdiction',
      detail: `Division ${code} is outside your jurisdiction ${actor.jurisdiction}.`,
    });
  }
}
