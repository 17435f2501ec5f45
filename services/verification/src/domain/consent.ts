/**
 * 核对授权: verification is done only with the members' consent, recorded per member, and each query
 * keeps the consent and purpose it used. Given the household, the signed consents, the sources and
 * the purpose, this plans which member × source queries may be made and records who is not queried
 * and why.
 */
import type { LocalDate, VerificationPurpose, VerificationSource } from '@sa/contracts';
import { sourceOrder } from './sources';

export interface ConsentRecord {
  consentId: string;
  memberId: string;
  signedOn: LocalDate;
  signedBy: 'SELF' | 'GUARDIAN' | 'AGENT';
  sources: VerificationSource[];
  purposes: VerificationPurpose[];
  documentRef: string;
  validUntil?: LocalDate;
}

export interface MemberRecord {
  memberId: string;
  name: string;
  /** Needed to query the registries; kept in the event store only (never logged, masked in views). */
  residentId?: string;
  /** Part of the assessed household (共同生活家庭成员). */
  inHousehold: boolean;
  /** Why a listed person is not in the household (then only an obliged supporter is queried). */
  exclusionReason?: string;
}

/** The contract's reasons, plus NOT_IN_HOUSEHOLD (listed but not assessed; kept internal). */
export type NotQueriedReason = 'NO_CONSENT' | 'CONSENT_EXPIRED' | 'SOURCE_NOT_IN_CONSENT_SCOPE' | 'NO_RESIDENT_ID' | 'NOT_IN_HOUSEHOLD';

export interface PlannedQuery {
  memberId: string;
  source: VerificationSource;
  consent: ConsentRecord;
}

export interface NotQueried {
  memberId: string;
  reason: NotQueriedReason;
  sources: VerificationSource[];
}

/** Listed people whose data is queried: household members and legally obliged supporters living apart. */
export function isQueriedPerson(m: MemberRecord): boolean {
  return m.inHousehold || m.exclusionReason === 'OBLIGED_SUPPORTER_LIVING_APART';
}

function valid(c: ConsentRecord, onDate: LocalDate): boolean {
  return c.validUntil === undefined || c.validUntil >= onDate;
}

/** The consent a member's query of `source` for `purpose` may use on `onDate` (the latest signed), or why there is none. */
export function consentFor(
  memberConsents: readonly ConsentRecord[],
  source: VerificationSource,
  purpose: VerificationPurpose,
  onDate: LocalDate,
): ConsentRecord | Exclude<NotQueriedReason, 'NO_RESIDENT_ID' | 'NOT_IN_HOUSEHOLD'> {
  if (memberConsents.length === 0) return 'NO_CONSENT';
  const covering = memberConsents.filter((c) => c.sources.includes(source) && c.purposes.includes(purpose));
  const usable = covering.filter((c) => valid(c, onDate));
  if (usable.length > 0) return [...usable].sort((a, b) => b.signedOn.localeCompare(a.signedOn) || a.consentId.localeCompare(b.consentId))[0]!;
  if (covering.length > 0) return 'CONSENT_EXPIRED';
  if (memberConsents.some((c) => c.purposes.includes(purpose))) return 'SOURCE_NOT_IN_CONSENT_SCOPE';
  return 'NO_CONSENT';
}

export function planQueries(
  members: readonly MemberRecord[],
  consents: readonly ConsentRecord[],
  sources: readonly VerificationSource[],
  purpose: VerificationPurpose,
  onDate: LocalDate,
): { queries: PlannedQuery[]; notQueried: NotQueried[] } {
  const ordered = [...new Set(sources)].sort((a, b) => sourceOrder(a) - sourceOrder(b));
  const queries: PlannedQuery[] = [];
  const notQueried: NotQueried[] = [];
  for (const member of members) {
    if (!isQueriedPerson(member)) {
      notQueried.push({ memberId: member.memberId, reason: 'NOT_IN_HOUSEHOLD', sources: ordered });
      continue;
    }
    if (!member.residentId) {
      notQueried.push({ memberId: member.memberId, reason: 'NO_RESIDENT_ID', sources: ordered });
      continue;
    }
    const own = consents.filter((c) => c.memberId === member.memberId);
    const refused = new Map<NotQueriedReason, VerificationSource[]>();
    for (const source of ordered) {
      const found = consentFor(own, source, purpose, onDate);
      if (typeof found === 'string') refused.set(found, [...(refused.get(found) ?? []), source]);
      else queries.push({ memberId: member.memberId, source, consent: found });
    }
    for (const [reason, list] of refused) notQueried.push({ memberId: member.memberId, reason, sources: list });
  }
  return { queries, notQueried };
}
