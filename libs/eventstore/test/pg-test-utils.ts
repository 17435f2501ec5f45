import { ensureDatabase as ensureDatabaseAt } from '@sa/database';
import { randomBytes } from 'node:crypto';
import { Pool, type PoolConfig } from 'pg';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../src/postgres';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';

/** Creates the test database when it does not exist (tolerates a concurrent creator). */
export const ensureDatabase = (url = TEST_DATABASE_URL): Promise<void> => ensureDatabaseAt(url);

export function randomSchema(prefix = 'es_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface PgFixture {
  pool: Pool;
  schema: string;
  store: PostgresEventStore;
  /** Another store instance on the same schema with its own pool (a second process). */
  newStore(options?: Partial<PostgresEventStoreOptions>): PostgresEventStore;
  teardown(): Promise<void>;
}

export async function createPgFixture(
  options: Partial<PostgresEventStoreOptions> = {},
  poolConfig: PoolConfig = {},
): Promise<PgFixture> {
  await ensureDatabase();
  const schema = randomSchema();
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 20, ...poolConfig });
  pool.on('error', () => undefined);
  await PostgresEventStore.migrate(pool, schema);
  const extra: PostgresEventStore[] = [];
  const store = new PostgresEventStore({ pool, schema, ...options });
  return {
    pool,
    schema,
    store,
    newStore(more = {}) {
      const p = new Pool({ connectionString: TEST_DATABASE_URL, max: 10 });
      p.on('error', () => undefined);
      const s = new PostgresEventStore({ pool: p, schema, endPoolOnClose: true, ...options, ...more });
      extra.push(s);
      return s;
    },
    async teardown() {
      await Promise.all(extra.map((s) => s.close().catch(() => undefined)));
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
