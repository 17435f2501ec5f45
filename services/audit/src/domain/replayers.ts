/**
 * Each context's OWN fold, imported from its pure domain folder (never copied): the audit replays a
 * stream with the decider that wrote it.
 */
import { entitlementDecider, emergencyAdvanceDecider, paymentRunDecider } from '../../../disbursement/src/domain';
import { evolveReviewCase, initialReviewCaseState, policyLineDecider } from '../../../eligibility/src/domain';
import { complaintDecider, followUpDecider } from '../../../follow-up/src/domain';
import { applicationDecider, leadDecider } from '../../../intake/src/domain';
import { verificationDecider } from '../../../verification/src/domain';

export interface Replayer {
  initialState: unknown;
  evolve(state: unknown, event: { type: string; data: unknown }): unknown;
}

function replayer<S, E>(initialState: S, evolve: (state: S, event: E) => S): Replayer {
  return { initialState, evolve: (state, event) => evolve(state as S, event as unknown as E) };
}

/** Stream category → the fold of the context that owns it. */
export const REPLAYERS: Readonly<Record<string, Replayer>> = {
  application: replayer(applicationDecider.initialState, applicationDecider.evolve),
  lead: replayer(leadDecider.initialState, leadDecider.evolve),
  verification: replayer(verificationDecider.initialState, verificationDecider.evolve),
  reviewCase: replayer(initialReviewCaseState, evolveReviewCase),
  policy: replayer(policyLineDecider.initialState, policyLineDecider.evolve),
  entitlement: replayer(entitlementDecider.initialState, entitlementDecider.evolve),
  paymentRun: replayer(paymentRunDecider.initialState, paymentRunDecider.evolve),
  emergencyAdvance: replayer(emergencyAdvanceDecider.initialState, emergencyAdvanceDecider.evolve),
  followUp: replayer(followUpDecider.initialState, followUpDecider.evolve),
  complaint: replayer(complaintDecider.initialState, complaintDecider.evolve),
};
