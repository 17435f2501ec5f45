import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { quoteIdent } from '../postgres/migrations';

export interface TableDigest {
  table: string;
  rows: number;
  /** SHA-256 (hex) over the table's rows, each as its JSON text on one line, in primary-key order. */
  sha256: string;
}

export interface ReadModelDigest {
  tables: TableDigest[];
  /** SHA-256 over the tables' `name rows sha256` lines. */
  sha256: string;
}

/**
 * A field-encryption ciphertext (`sa1.…`, `sa2.…`, `sa2.rf.…`, `sa3.…`; libs/crypto) is sealed with a fresh IV each
 * time, so a rebuilt sealed column never equals the live one byte for byte: the digest sees each as
 * `"<sealed>"` (that a value is sealed, and where, still counts; what it hides is compared by the tests
 * that open it).
 */
const CIPHERTEXT = /"sa[123]\.[A-Za-z0-9_.:~-]*"/g;

/** Row counts and SHA-256 digests of tables of `schema` (rows in primary-key order; all columns; ciphertexts as `"<sealed>"`). */
export async function digestTables(db: Pool | PoolClient, schema: string, tables: readonly string[]): Promise<ReadModelDigest> {
  const result: TableDigest[] = [];
  for (const table of [...tables].sort()) {
    const { rows: keys } = await db.query<{ column: string }>(
      `SELECT a.attname AS column
         FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey, a.attnum)`,
      [schema, table],
    );
    // Without a primary key, order by the whole row's text (still deterministic).
    const order = keys.length > 0 ? keys.map((k) => `t.${quoteIdent(k.column)}`).join(', ') : 'line';
    const { rows } = await db.query<{ line: string }>(`SELECT to_jsonb(t)::text AS line FROM ${quoteIdent(schema)}.${quoteIdent(table)} t ORDER BY ${order}`);
    const hash = createHash('sha256');
    for (const r of rows) hash.update(r.line.replace(CIPHERTEXT, '"<sealed>"')).update('\n');
    result.push({ table, rows: rows.length, sha256: hash.digest('hex') });
  }
  const all = createHash('sha256');
  for (const t of result) all.update(`${t.table} ${t.rows} ${t.sha256}\n`);
  return { tables: result, sha256: all.digest('hex') };
}
