import type { Pool } from 'pg';
import { formatPosition, parsePosition, type GlobalPosition } from '@sa/eventstore';
import { quoteIdent } from '../sql';

/**
 * Relay checkpoints in `<schema>.relay_checkpoints`: the global position of the last event whose
 * publication the broker acknowledged (or that was not public), as text `commit/prepare`.
 */
export class PgRelayCheckpointStore {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.relay_checkpoints`;
  }

  static migrationSql(schema: string): string {
    const s = quoteIdent(schema);
    return `
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.relay_checkpoints (
        relay_name text PRIMARY KEY,
        position   text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`;
  }

  /** Idempotent; serialised by an advisory lock so concurrent starts do not race on CREATE. */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sa.messaging.migrate:${this.schema}`]);
      await client.query(PgRelayCheckpointStore.migrationSql(this.schema));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async load(relayName: string): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.table} WHERE relay_name = $1`,
      [relayName],
    );
    return rows[0] ? parsePosition(rows[0].position) : undefined;
  }

  async save(relayName: string, position: GlobalPosition): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (relay_name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (relay_name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
      [relayName, formatPosition(position)],
    );
  }

  /** Operations: move a relay back (e.g. to re-publish after a consumer-side data loss). */
  async reset(relayName: string, position?: GlobalPosition): Promise<void> {
    if (position) await this.save(relayName, position);
    else await this.pool.query(`DELETE FROM ${this.table} WHERE relay_name = $1`, [relayName]);
  }
}
