import type { Actor } from '@sa/auth';
import { assertJurisdiction } from '@sa/auth';
import { DomainError } from '@sa/decider';
import type { Pool } from 'pg';
import type { EntitlementCommands } from '../commands/entitlement-commands';
import type { EntitlementState } from '../domain';

/** The entitlement row of a case, within the caller's jurisdiction: 404 when the case has none, 403 outside. */
export async function entitlementFor(entitlements: EntitlementCommands, pool: Pool, caseId: string, actor: Actor): Promise<EntitlementState> {
  const state = await entitlements.load(caseId, pool);
  if (!state) throw new DomainError('entitlement_not_registered', `No entitlement for case ${caseId}`, { kind: 'not_found' });
  assertJurisdiction(actor, state.jurisdiction);
  return state;
}
