import type { Pool } from 'pg';
import { ensureSchema, quoteIdent } from './postgres';

/** One versioned plain-SQL migration of a service schema; `sql` gets the quoted schema name. */
export interface SqlMigration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

export interface SqlMigrationOptions {
  /** Table (in the schema) recording the applied versions; default `schema_migrations`. */
  table?: string;
  /** Name of the advisory lock (hashed with the schema name); default `sa.migrations`. */
  lockName?: string;
}

/**
 * Applies the pending migrations of `schema` in version order, each once, in one transaction under
 * an advisory lock (several instances may start together). Creates the schema when missing.
 * Returns the versions applied now.
 */
export async function runSqlMigrations(pool: Pool, schema: string, migrations: readonly SqlMigration[], options: SqlMigrationOptions = {}): Promise<number[]> {
  const s = quoteIdent(schema);
  const table = `${s}.${quoteIdent(options.table ?? 'schema_migrations')}`;
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const client = await pool.connect();
  try {
    await ensureSchema(client, schema);
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${options.lockName ?? 'sa.migrations'}:${schema}`]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${table}`);
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of ordered) {
      if (done.has(m.version)) continue;
      await client.query(m.sql(s));
      await client.query(`INSERT INTO ${table} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
