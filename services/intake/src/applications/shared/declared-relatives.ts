import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import { CloseRelation, DeclaredCloseRelative, HouseholdMember, OfficialRole } from '../../domain';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { INTAKE_SCHEMA } from '../../read-models/intake-database';

/**
 * Officers' declared close relatives among a household's members (read model `declared_relatives`,
 * kept by the projection). Matching is by keyed hash; the domain receives the member's own ID back.
 */
@Injectable()
export class DeclaredRelatives {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
  ) {}

  async among(members: HouseholdMember[]): Promise<DeclaredCloseRelative[]> {
    const byHash = new Map(members.map((m) => [this.hasher.hash(m.residentId), m.residentId]));
    if (byHash.size === 0) return [];
    const { rows } = await this.pool.query<{
      resident_id_hash: string;
      officer_id: string;
      officer_name: string;
      official_role: OfficialRole;
      officer_jurisdiction: string;
      relation: CloseRelation;
    }>(
      `SELECT resident_id_hash, officer_id, officer_name, official_role, officer_jurisdiction, relation
         FROM ${quoteIdent(this.schema)}.declared_relatives WHERE resident_id_hash = ANY($1::text[])
        ORDER BY officer_id, resident_id_hash`,
      [[...byHash.keys()]],
    );
    return rows.map((r) => ({
      officerId: r.officer_id,
      officerName: r.officer_name,
      officialRole: r.official_role,
      officerJurisdiction: r.officer_jurisdiction,
      relativeResidentId: byHash.get(r.resident_id_hash)!,
      relation: r.relation,
    }));
  }
}
