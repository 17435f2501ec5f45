import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { PostgresEventStore } from '@sa/eventstore';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { LocalDirectoryBankFileWriter } from '../../src/bank/bank-file';
import { EntitlementCommands } from '../../src/commands/entitlement-commands';
import { migrateDisbursementSchema } from '../../src/read-models/migrations';
import { PaymentRunExecutor, type PaymentRunExecutorOptions } from '../../src/payment-runs/payment-run-executor';
import { AdjustableClock } from '@sa/time';

export const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;

/** A fresh disbursement schema + event-store schema + bank-file directory, dropped by `drop()`. */
export async function createDisbursementDb(prefix = 'disb_t') {
  const suffix = randomBytes(4).toString('hex');
  const schema = `${prefix}_${suffix}`;
  const eventStoreSchema = `es_${prefix}_${suffix}`;
  const pool = new Pool({ connectionString: DATABASE_URL, max: 20 });
  await migrateDisbursementSchema(pool, schema);
  await PostgresEventStore.migrate(pool, eventStoreSchema);
  const store = new PostgresEventStore({ pool, schema: eventStoreSchema, pollIntervalMs: 50 });
  const bankDir = await mkdtemp(join(tmpdir(), 'bank-files-'));
  const clock = new AdjustableClock(new Date('2026-03-05T09:00:00+08:00'));
  const entitlements = new EntitlementCommands(store, schema, clock);
  return {
    pool,
    schema,
    eventStoreSchema,
    store,
    bankDir,
    clock,
    entitlements,
    executor: (o: Partial<PaymentRunExecutorOptions> = {}) =>
      new PaymentRunExecutor({ pool, store, schema, bankFiles: new LocalDirectoryBankFileWriter(bankDir), batchSize: 10, clock, ...o }),
    async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
      return (await pool.query(text, params)).rows as T[];
    },
    async drop() {
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
      await pool.end();
      await rm(bankDir, { recursive: true, force: true });
    },
  };
}
export type DisbursementDb = Awaited<ReturnType<typeof createDisbursementDb>>;
