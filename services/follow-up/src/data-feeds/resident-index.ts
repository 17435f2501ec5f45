import { BLIND_INDEX_SUBJECT, blindIndexWith, isCiphertext, type KeyStore } from '@sa/crypto';
import { quoteIdent } from '@sa/database';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { normaliseFeedResidentId } from '../domain';

/**
 * The keyed blind index of a resident ID (HMAC-SM3 under the deployment's blind-index key, kind
 * `residentId`: the same value intake computes), so follow-up matches a department's records without
 * keeping clear resident IDs in its index. Field encryption off (refused in production): HMAC under a
 * fixed development key.
 */
export class ResidentIndex {
  private constructor(private readonly key: Buffer) {}

  static async create(keys: KeyStore | null): Promise<ResidentIndex> {
    if (!keys) return new ResidentIndex(createHash('sha256').update('local-development-only-follow-up-blind-index').digest());
    const { key } = await keys.dataKeys.keyFor(BLIND_INDEX_SUBJECT);
    return new ResidentIndex(key);
  }

  of(residentId: string): string {
    return blindIndexWith(this.key, 'residentId', normaliseFeedResidentId(residentId));
  }
}

/**
 * `member_index`: (blind index of a resident ID, case, member) of every member of the households
 * follow-up knows (case_households, from ApplicationAccepted). Brought up to date before each import:
 * a household whose snapshot changed since it was indexed (source_event_id) is indexed again.
 */
export class MemberIndex {
  private readonly s: string;
  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly index: ResidentIndex,
  ) {
    this.s = quoteIdent(schema);
  }

  async sync(): Promise<number> {
    const { rows } = await this.pool.query<{ case_id: string; source_event_id: string; members: { memberId: string; residentId?: string }[] }>(
      `SELECT h.case_id, h.source_event_id, h.members FROM ${this.s}.case_households h
        LEFT JOIN ${this.s}.member_index_sources m ON m.case_id = h.case_id
        WHERE m.source_event_id IS DISTINCT FROM h.source_event_id`,
    );
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const idx: string[] = [];
      const cases: string[] = [];
      const members: string[] = [];
      for (const h of chunk) {
        for (const m of h.members) {
          if (typeof m.residentId !== 'string' || isCiphertext(m.residentId)) continue;
          idx.push(this.index.of(m.residentId));
          cases.push(h.case_id);
          members.push(m.memberId);
        }
      }
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`DELETE FROM ${this.s}.member_index WHERE case_id = ANY($1::uuid[])`, [chunk.map((h) => h.case_id)]);
        await client.query(
          `INSERT INTO ${this.s}.member_index (resident_index, case_id, member_id)
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[]) ON CONFLICT DO NOTHING`,
          [idx, cases, members],
        );
        await client.query(
          `INSERT INTO ${this.s}.member_index_sources (case_id, source_event_id)
           SELECT * FROM unnest($1::uuid[], $2::uuid[])
           ON CONFLICT (case_id) DO UPDATE SET source_event_id = EXCLUDED.source_event_id`,
          [chunk.map((h) => h.case_id), chunk.map((h) => h.source_event_id)],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    }
    return rows.length;
  }

  /** Matches of the given blind indexes among the cases not closed within the jurisdiction (prefix). */
  async match(indexes: readonly string[], jurisdiction: string): Promise<{ resident_index: string; case_id: string; member_id: string }[]> {
    const out: { resident_index: string; case_id: string; member_id: string }[] = [];
    for (let i = 0; i < indexes.length; i += 10_000) {
      const { rows } = await this.pool.query<{ resident_index: string; case_id: string; member_id: string }>(
        `SELECT m.resident_index, m.case_id, m.member_id FROM ${this.s}.member_index m
           JOIN ${this.s}.cases c ON c.case_id = m.case_id
          WHERE m.resident_index = ANY($1::text[]) AND c.status <> 'CLOSED' AND c.jurisdiction LIKE $2
          ORDER BY m.case_id, m.member_id`,
        [indexes.slice(i, i + 10_000), `${jurisdiction}%`],
      );
      out.push(...rows);
    }
    return out;
  }
}
