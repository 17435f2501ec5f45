/**
 * A payment-run executor in a process of its own, for the crash test: it executes the run given in
 * the environment, pausing between each batch's event-store append and its COMMIT (the widest crash
 * window), and prints `batch <n>` after each committed batch. The test SIGKILLs it half-way.
 */
import { PostgresEventStore } from '@sa/eventstore';
import { Pool } from 'pg';
import { LocalDirectoryBankFileWriter } from '../../src/bank/bank-file';
import { PaymentRunExecutor } from '../../src/payment-runs/payment-run-executor';
import { AdjustableClock } from '@sa/time';

async function main(): Promise<void> {
  const env = process.env;
  const pool = new Pool({ connectionString: env.CHILD_DATABASE_URL, max: 4 });
  const store = new PostgresEventStore({ pool, schema: env.CHILD_ES_SCHEMA! });
  const executor = new PaymentRunExecutor({
    pool,
    store,
    schema: env.CHILD_SCHEMA!,
    bankFiles: new LocalDirectoryBankFileWriter(env.CHILD_BANK_DIR!),
    batchSize: Number(env.CHILD_BATCH ?? 5),
    clock: new AdjustableClock(new Date('2026-03-05T09:00:00+08:00')),
    afterAppend: () => new Promise((resolve) => setTimeout(resolve, 40)),
    onBatch: (s) => process.stdout.write(`batch ${s.batches}\n`),
  });
  await executor.execute(env.CHILD_RUN_ID!);
  process.stdout.write('done\n');
  await store.close();
  await pool.end();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
