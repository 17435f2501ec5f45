import type { VerificationConsent } from '@sa/contracts';
import { quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import type { LocalDate, MemberWithBirthDate, ReverificationMember } from '../domain';

type StoredMember = ReverificationMember & { birthDate?: LocalDate };

/**
 * The household members and consents taken from ApplicationAccepted, for re-verification requests.
 * Only consents that allow RECERTIFICATION and are still valid on `today` count; members without one
 * are left out (verification could not query them anyway).
 */
export class HouseholdDirectory {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async reverificationScope(
    caseId: string,
    today: LocalDate,
    onlyMemberIds?: readonly string[],
  ): Promise<{ members: ReverificationMember[]; consents: VerificationConsent[] } | undefined> {
    const { rows } = await this.pool.query<{ members: StoredMember[]; consents: VerificationConsent[] }>(
      `SELECT members, consents FROM ${quoteIdent(this.schema)}.case_households WHERE case_id = $1`,
      [caseId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const consents = row.consents.filter(
      (c) => c.scope.purposes.includes('RECERTIFICATION') && (c.validUntil === undefined || c.validUntil >= today),
    );
    const consented = new Set(consents.map((c) => c.memberId));
    const members = row.members
      .filter((m) => consented.has(m.memberId) && (!onlyMemberIds || onlyMemberIds.includes(m.memberId)))
      .map((m) => ({ memberId: m.memberId, name: m.name, residentId: m.residentId }));
    const kept = new Set(members.map((m) => m.memberId));
    return { members, consents: consents.filter((c) => kept.has(c.memberId)) };
  }

  /** Members with their birth dates (for the 特困 age-out check); empty when the household is unknown. */
  async membersWithBirthDates(caseId: string): Promise<MemberWithBirthDate[]> {
    const { rows } = await this.pool.query<{ members: StoredMember[] }>(
      `SELECT members FROM ${quoteIdent(this.schema)}.case_households WHERE case_id = $1`,
      [caseId],
    );
    return (rows[0]?.members ?? []).flatMap((m) => (m.birthDate ? [{ memberId: m.memberId, name: m.name, birthDate: m.birthDate }] : []));
  }
}
