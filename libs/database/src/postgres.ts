import { Client, Pool, type PoolConfig } from 'pg';

/** Read-model and inbox schema of each service. */
export const SERVICE_SCHEMAS = ['intake', 'verification', 'eligibility', 'disbursement', 'follow_up', 'audit'] as const;
export type ServiceSchema = (typeof SERVICE_SCHEMAS)[number];
/** Schema of the PostgreSQL event store. */
export const EVENTSTORE_SCHEMA = 'eventstore';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/social_assistance';
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/social_assistance_test';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Double-quotes a lower-case SQL identifier; refuses anything else (schema names come from configuration). */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not an acceptable SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/**
 * Creates the database named in `url` when it does not exist (connecting to `postgres` on the same
 * server); tolerates another process creating it at the same moment. For tests, benches and set-up.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04' && e.code !== '23505') throw e; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** `CREATE SCHEMA IF NOT EXISTS`, safe when several processes race to create it. */
export async function ensureSchema(db: Queryable, schema: string): Promise<void> {
  try {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw e;
  }
}

export interface PoolOptions {
  url: string;
  /** The service schema: first on the search_path (then `public`). */
  schema: string;
  applicationName: string;
  max?: number;
}

/** pg settings shared by plain pools and TypeORM's pool: search_path, application name, connect timeout. */
export function pgSettings(o: PoolOptions): PoolConfig {
  return {
    max: o.max ?? 10,
    application_name: o.applicationName,
    options: `-c search_path=${quoteIdent(o.schema)},public`,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
  };
}

/** A pg Pool on the service schema. Call `ensureSchema` (or `createSchemaIfMissing`) first if it may not exist. */
export function createPool(o: PoolOptions): Pool {
  return new Pool({ connectionString: o.url, ...pgSettings(o) });
}

/** Connects once to create the schema; used before a pool or DataSource starts using it. */
export async function createSchemaIfMissing(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await ensureSchema(client, schema);
  } finally {
    await client.end();
  }
}

/** Errors meaning "no server answers" rather than "the server said no". */
export function isConnectionRefused(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : '';
  return (
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOENT', 'EAI_AGAIN'].includes(code ?? '') ||
    /timeout expired|Connection terminated/i.test(message) ||
    (e instanceof AggregateError && e.errors.some(isConnectionRefused))
  );
}
