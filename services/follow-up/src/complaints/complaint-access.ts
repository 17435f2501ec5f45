import type { Actor } from '@sa/auth';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { canViewComplaint, type ComplaintState } from '../domain';

/** 403 unless the caller may see the complaint (its community's officers and reviewers above, the investigator). */
export function assertMayViewComplaint(actor: Actor, state: ComplaintState): void {
  if (!canViewComplaint({ id: actor.id, roles: actor.roles, jurisdiction: actor.jurisdiction }, state)) {
    throw new ProblemException(403, { type: PROBLEM_TYPES.outsideJurisdiction, title: 'Outside your jurisdiction', detail: 'This complaint concerns another jurisdiction' });
  }
}
