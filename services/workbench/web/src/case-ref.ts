import { ApiError } from './api-error';
import { caseRefOf } from './search';

export interface ResolvedCase {
  caseId: string;
  /** The case number as the service resolved it; null when the text was a link's case id. */
  caseNumber: string | null;
}

/**
 * A case typed into a field: its 案件编号 (padded as in `searchCriteria`) resolved by `lookup` (a service's own lookup by
 * case number, within the caller's jurisdiction), or — from a link — its id, without a request. `null` when the text is
 * no case number or the lookup answers 404; any other refusal (403 outside the jurisdiction) is thrown.
 */
export async function resolveCaseRef(text: string, lookup: (caseNumber: string) => Promise<{ caseId: string; caseNumber: string }>): Promise<ResolvedCase | null> {
  const ref = caseRefOf(text);
  if ('error' in ref) return null;
  if ('caseId' in ref) return { caseId: ref.caseId, caseNumber: null };
  try {
    const found = await lookup(ref.caseNumber);
    return { caseId: found.caseId, caseNumber: found.caseNumber };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
