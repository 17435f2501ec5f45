import { uuidV5 } from '@sa/eventstore';
import { maskResidentId as maskResidentIdOf } from '@sa/contracts';

/** Namespace of the service's name-based ids (UUID v5). Fixed forever: ids derived from it are stored. */
export const VERIFICATION_ID_NAMESPACE = 'c6a1f3e2-7b4d-5e8f-9a0b-3c2d1e0f4a5b';

/** One verification per case: its id follows from the case id (any consumer finds the same stream). */
export function verificationIdForCase(caseId: string): string {
  return uuidV5(`verification/${caseId.toLowerCase()}`, VERIFICATION_ID_NAMESPACE);
}

/** The id a query's n-th submission carries to the platform: deterministic, so a retried dispatch is the same submission. */
export function submissionIdFor(verificationId: string, requestId: string, attempt: number): string {
  return uuidV5(`submission/${verificationId}/${requestId}/${attempt}`, VERIFICATION_ID_NAMESPACE);
}

/** For views: `4403**********1235`. */
export function maskResidentId(value: string | undefined): string | null {
  if (!value) return null;
  return maskResidentIdOf(value);
}
