import type { Pool } from 'pg';
import { quoteIdent } from '@sa/database';

export interface ReservationConflict {
  /** Which of the requested hashes is taken. */
  residentIdHash: string;
  caseId: string;
  /** Null while the other application is still being created. */
  caseNumber: string | null;
  reservedAt: Date;
}

/**
 * One open application per resident: a row per resident-ID hash (primary key) naming the case that
 * holds it. Taken before the application's events are appended, released when it is withdrawn or
 * rejected. The primary key makes it race-safe: of two concurrent applications naming the same
 * person, exactly one gets the row.
 */
export class ResidentReservations {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = quoteIdent(schema);
  }

  /**
   * Reserves every hash for the case, all or nothing. Hashes the case already holds are fine.
   * Returns the conflicts (nothing reserved) or an empty list (all reserved).
   */
  async reserve(caseId: string, hashes: string[]): Promise<ReservationConflict[]> {
    const unique = [...new Set(hashes)].sort(); // a fixed order avoids deadlocks between two requests
    if (unique.length === 0) return [];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${this.s}.resident_reservations (resident_id_hash, case_id)
         SELECT h, $2::uuid FROM unnest($1::text[]) AS h
         ON CONFLICT (resident_id_hash) DO NOTHING`,
        [unique, caseId],
      );
      const { rows } = await client.query<{ resident_id_hash: string; case_id: string; case_number: string | null; reserved_at: Date }>(
        `SELECT r.resident_id_hash, r.case_id::text AS case_id, n.case_number, r.reserved_at
           FROM ${this.s}.resident_reservations r
           LEFT JOIN ${this.s}.case_numbers n ON n.case_id = r.case_id
          WHERE r.resident_id_hash = ANY($1::text[]) AND r.case_id <> $2::uuid
          ORDER BY r.resident_id_hash`,
        [unique, caseId],
      );
      if (rows.length > 0) {
        await client.query('ROLLBACK');
        return rows.map((r) => ({ residentIdHash: r.resident_id_hash, caseId: r.case_id, caseNumber: r.case_number, reservedAt: r.reserved_at }));
      }
      await client.query('COMMIT');
      return [];
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** Releases the given hashes of the case (all of them when `hashes` is omitted). */
  async release(caseId: string, hashes?: string[]): Promise<void> {
    if (hashes === undefined) {
      await this.pool.query(`DELETE FROM ${this.s}.resident_reservations WHERE case_id = $1`, [caseId]);
    } else if (hashes.length > 0) {
      await this.pool.query(`DELETE FROM ${this.s}.resident_reservations WHERE case_id = $1 AND resident_id_hash = ANY($2::text[])`, [
        caseId,
        hashes,
      ]);
    }
  }

  /** Drops a reservation of a case that never came into being (its creation failed and was not retried). */
  async releaseStale(caseId: string, residentIdHash: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.s}.resident_reservations WHERE case_id = $1 AND resident_id_hash = $2`, [caseId, residentIdHash]);
  }

  async holderOf(residentIdHash: string): Promise<{ caseId: string; caseNumber: string | null } | undefined> {
    const { rows } = await this.pool.query<{ case_id: string; case_number: string | null }>(
      `SELECT r.case_id::text AS case_id, n.case_number FROM ${this.s}.resident_reservations r
         LEFT JOIN ${this.s}.case_numbers n ON n.case_id = r.case_id WHERE r.resident_id_hash = $1`,
      [residentIdHash],
    );
    return rows[0] ? { caseId: rows[0].case_id, caseNumber: rows[0].case_number } : undefined;
  }

  async hashesOf(caseId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ resident_id_hash: string }>(
      `SELECT resident_id_hash FROM ${this.s}.resident_reservations WHERE case_id = $1`,
      [caseId],
    );
    return rows.map((r) => r.resident_id_hash);
  }
}
