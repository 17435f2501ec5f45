import type { Decider } from '@sa/decider';
import { decide, type VerificationCommand } from './verification.decide';
import { evolve, initialVerificationState, type VerificationEvent, type VerificationState } from './verification';

/** Stream category of the aggregate: streams `verification-<verificationId>`. */
export const VERIFICATION_CATEGORY = 'verification';

export function verificationStreamId(verificationId: string): string {
  return `${VERIFICATION_CATEGORY}-${verificationId}`;
}

export const verificationDecider: Decider<VerificationCommand, VerificationEvent, VerificationState> = {
  decide,
  evolve,
  initialState: initialVerificationState,
};
