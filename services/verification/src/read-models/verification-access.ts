import { Logger } from '@nestjs/common';
import { assertJurisdiction, type Actor, type Role } from '@sa/auth';
import { ProblemException } from '@sa/errors';
import type { VerificationHeader, VerificationQueries } from './verification-queries';

/** Who may act on a verification (complete tasks, file objections). */
export const OFFICER_ROLES: Role[] = ['street_officer', 'community_officer'];
/** Who may read one: officers, reviewers, approvers and auditors (whose reads are logged). */
export const READER_ROLES: Role[] = ['street_officer', 'community_officer', 'street_reviewer', 'county_approver', 'auditor'];

const auditLog = new Logger('PersonalDataAccess');

export function notFound(detail: string): ProblemException {
  return new ProblemException(404, { detail });
}

/** Loads a verification and checks the caller's jurisdiction covers its case (403 otherwise). */
export async function verificationFor(queries: VerificationQueries, verificationId: string, actor: Actor): Promise<VerificationHeader> {
  const header = await queries.byId(verificationId);
  if (!header) throw notFound(`No verification ${verificationId}.`);
  assertJurisdiction(actor, header.jurisdiction, 'verificationId');
  return header;
}

/** Reads of personal data by auditors are themselves recorded. */
export function logAuditorRead(actor: Actor, what: string, ids: Record<string, unknown>): void {
  if (actor.role === 'auditor') auditLog.log({ auditorId: actor.id, jurisdiction: actor.jurisdiction, what, ...ids }, 'auditor read personal data');
}
