import type { Pool } from 'pg';
import { quoteIdent } from '@sa/database';

/**
 * Case numbers `<district>-<year>-<sequence>` (e.g. `330106-2026-000123`): unique per district and
 * year, allocated once per case id. A retried request for the same case id gets the number it got
 * the first time (no duplicate, no gap): the allocation runs under a transaction-scoped advisory
 * lock on the case id, and the counter row lock serialises allocations within a district and year.
 */
export class CaseNumberAllocator {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = quoteIdent(schema);
  }

  async allocate(caseId: string, district: string, year: number): Promise<string> {
    if (!/^\d{6}$/.test(district)) throw new Error(`not a district code: ${district}`);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sa.intake.case-number:${caseId}`]);
      const existing = await client.query<{ case_number: string }>(`SELECT case_number FROM ${this.s}.case_numbers WHERE case_id = $1`, [
        caseId,
      ]);
      if (existing.rows[0]) {
        await client.query('COMMIT');
        return existing.rows[0].case_number;
      }
      const { rows } = await client.query<{ last_sequence: number }>(
        `INSERT INTO ${this.s}.case_number_counters (district, year, last_sequence) VALUES ($1, $2, 1)
         ON CONFLICT (district, year) DO UPDATE SET last_sequence = ${this.s}.case_number_counters.last_sequence + 1
         RETURNING last_sequence`,
        [district, year],
      );
      const sequence = rows[0]!.last_sequence;
      const caseNumber = formatCaseNumber(district, year, sequence);
      await client.query(
        `INSERT INTO ${this.s}.case_numbers (case_id, district, year, sequence, case_number) VALUES ($1, $2, $3, $4, $5)`,
        [caseId, district, year, sequence, caseNumber],
      );
      await client.query('COMMIT');
      return caseNumber;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async numberOf(caseId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ case_number: string }>(`SELECT case_number FROM ${this.s}.case_numbers WHERE case_id = $1`, [caseId]);
    return rows[0]?.case_number;
  }
}

export function formatCaseNumber(district: string, year: number, sequence: number): string {
  if (sequence > 999_999) throw new Error(`case number sequence exhausted for ${district}-${year}`);
  return `${district}-${year}-${String(sequence).padStart(6, '0')}`;
}
