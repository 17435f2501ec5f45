/**
 * Creates the databases and schemas the services need (idempotent).
 *
 *   node dist/deploy/db/setup.js [--test | --test-only]
 *   npx ts-node --transpile-only -r tsconfig-paths/register deploy/db/setup.ts [--test | --test-only]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/social_assistance) and, with --test,
 * TEST_DATABASE_URL (default …/social_assistance_test). Each database gets the schemas
 * `eventstore`, `intake`, `verification`, `eligibility`, `disbursement`, `follow_up`, `audit`.
 */
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_TEST_DATABASE_URL,
  EVENTSTORE_SCHEMA,
  SERVICE_SCHEMAS,
  ensureSchema,
  isConnectionRefused,
  quoteIdent,
} from '@sa/database';
import { existsSync } from 'node:fs';
import { Client } from 'pg';

export const ALL_SCHEMAS = [EVENTSTORE_SCHEMA, ...SERVICE_SCHEMAS];

export class DatabaseUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    const u = new URL(url);
    super(
      `No PostgreSQL server answers at ${u.hostname}:${u.port || 5432} (${(cause as { code?: string }).code ?? String(cause)}). ` +
        'Start one (Debian: `pg_ctlcluster 15 main start`, or `service postgresql start`), ' +
        'or set DATABASE_URL / TEST_DATABASE_URL to a server that runs.',
    );
    this.name = 'DatabaseUnavailableError';
  }
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    if (isConnectionRefused(e)) throw new DatabaseUnavailableError(url, e);
    throw e;
  }
}

/** Creates the database named in `url` if missing (connecting to the server's `postgres` database), then the schemas. */
export async function setupDatabase(url: string, schemas: readonly string[] = ALL_SCHEMAS): Promise<{ created: boolean }> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unexpected database name in ${target.pathname}`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';

  let created = false;
  const admin = await connect(maintenance.toString());
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} ENCODING 'UTF8' TEMPLATE template0`);
        created = true;
      } catch (e) {
        if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
      }
    }
  } finally {
    await admin.end();
  }

  const db = await connect(url);
  try {
    for (const schema of schemas) await ensureSchema(db, schema);
  } finally {
    await db.end();
  }
  return { created };
}

/**
 * The test database's wrapped data keys (schema `CRYPTO_SCHEMA`, default `crypto`) can only be unwrapped with
 * the keyring that wrapped them. Without that keyring (a fresh checkout reusing the database of an earlier one)
 * every wrapped key is useless, and a service would refuse to start with "key-encryption key … is not in the
 * keyring": drop them so the tests begin with a new keyring and new data keys. Test database only: the
 * development database's keys are never dropped (restore the keyring, or drop the schema knowingly).
 */
export async function dropOrphanedTestKeys(url: string, keyringPath = process.env.KEYRING_PATH || '.cache/keys/keyring.json'): Promise<boolean> {
  if ((process.env.KEY_PROVIDER ?? 'local') !== 'local' || existsSync(keyringPath)) return false;
  const schema = process.env.CRYPTO_SCHEMA || 'crypto';
  const db = await connect(url);
  try {
    const { rowCount } = await db.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    if (!rowCount) return false;
    await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    return true;
  } finally {
    await db.end();
  }
}

async function main(argv: string[]): Promise<void> {
  const withTest = argv.includes('--test') || argv.includes('--test-only');
  const urls = [
    ...(argv.includes('--test-only') ? [] : [process.env.DATABASE_URL || DEFAULT_DATABASE_URL]),
    ...(withTest ? [process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL] : []),
  ];
  for (const url of urls) {
    const { created } = await setupDatabase(url);
    const shown = new URL(url);
    shown.password = shown.password ? '***' : '';
    console.log(`[db] ${created ? 'created' : 'found'} ${shown.toString()} with schemas ${ALL_SCHEMAS.join(', ')}`);
  }
  if (withTest && (await dropOrphanedTestKeys(process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL))) {
    console.log('[db] test database: dropped the wrapped data keys of an earlier keyring (no local keyring here yet)');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`[db] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
