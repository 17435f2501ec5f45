import type { VerificationConsent } from '@sa/contracts';
import { processFieldEncryptor, type FieldEncryptor } from '@sa/crypto';
import { quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import type { LocalDate, MemberWithBirthDate, ReverificationMember } from '../domain';

type StoredMember = ReverificationMember & { birthDate?: LocalDate };

/**
 * `case_households.members` holds names and resident IDs: stored sealed (issue 18) — the members'
 * personal fields as one ciphertext under the case's data key, bound to the case — and opened on
 * read; after the case is shredded they read `已销毁`. Field encryption off: stored as they are.
 */
export function householdContext(caseId: string): string {
  return `follow-up.case_households:${caseId.toLowerCase()}`;
}

export async function sealHousehold<T>(members: T, caseId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<T> {
  return fields ? fields.encrypt(members, caseId, householdContext(caseId)) : members;
}

async function openHousehold<T>(members: T, caseId: string, fields: FieldEncryptor | undefined): Promise<T> {
  return fields ? (await fields.decrypt(members, householdContext(caseId))).value : members;
}

/**
 * The household members and consents taken from ApplicationAccepted, for re-verification requests.
 * Only consents that allow RECERTIFICATION and are still valid on `today` count; members without one
 * are left out (verification could not query them anyway).
 */
export class HouseholdDirectory {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly fields: FieldEncryptor | null | undefined = undefined,
  ) {}

  /** Explicit encryptor, else the process's key store (FIELD_ENCRYPTION on), else none. */
  private get encryptor(): FieldEncryptor | undefined {
    return this.fields === undefined ? processFieldEncryptor() : (this.fields ?? undefined);
  }

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
    row.members = await openHousehold(row.members, caseId, this.encryptor);
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

  /**
   * Members with their birth dates (for the 特困 age-out check); empty when the household is unknown. The birth dates
   * are sealed with the rest of the members (issue 18) and opened here; a shredded one (`已销毁`) is left out.
   */
  async membersWithBirthDates(caseId: string): Promise<MemberWithBirthDate[]> {
    const { rows } = await this.pool.query<{ members: StoredMember[] }>(
      `SELECT members FROM ${quoteIdent(this.schema)}.case_households WHERE case_id = $1`,
      [caseId],
    );
    return (await openHousehold(rows[0]?.members ?? [], caseId, this.encryptor)).flatMap((m) => (typeof m.birthDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(m.birthDate) ? [{ memberId: m.memberId, name: m.name, birthDate: m.birthDate }] : []));
  }
}
