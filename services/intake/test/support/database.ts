import { PostgresEventStore } from '@sa/eventstore';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { migrateIntakeSchema } from '../../src/read-models/migrations';
import { DATABASE_URL } from './intake-app';

/** A fresh intake schema and event-store schema on the test database, dropped by `drop()`. */
export async function createIntakeDb(prefix: string) {
  const suffix = randomBytes(4).toString('hex');
  const schema = `${prefix}_${suffix}`;
  const eventStoreSchema = `es_${prefix}_${suffix}`;
  const pool = new Pool({ connectionString: DATABASE_URL, max: 20 });
  await migrateIntakeSchema(pool, schema);
  await PostgresEventStore.migrate(pool, eventStoreSchema);
  const store = new PostgresEventStore({ pool, schema: eventStoreSchema, pollIntervalMs: 50 });
  return {
    pool,
    schema,
    store,
    async drop() {
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
      await pool.end();
    },
  };
}
