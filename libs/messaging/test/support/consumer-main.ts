/**
 * An inbox consumer as its own process, for the crash test. Env: TEST_DATABASE_URL, SCHEMA, TOPIC,
 * GROUP_ID, and optionally SA_MESSAGING_KILL_AFTER_DB_COMMIT=N (SIGKILL right after the N-th DB
 * commit, before its offset commit). Prints `READY`, then `APPLIED <n>` / `DUPLICATE` per message.
 */
import { Pool } from 'pg';
import { contractsCodec, InboxConsumer } from '../../src';
import { effectHandler } from './fixtures';
import { TEST_DATABASE_URL, testKafka, testLogger } from './harness';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 5 });
  const schema = env('SCHEMA');
  const apply = effectHandler(schema);
  let lastDuplicates = 0;
  const consumer: InboxConsumer<Parameters<typeof apply>[0]> = new InboxConsumer({
    kafka: testKafka('sa-messaging-test-consumer'),
    groupId: env('GROUP_ID'),
    topics: [env('TOPIC')],
    pool,
    schema,
    codec: contractsCodec,
    handler: async (event, tx, ctx) => {
      await apply(event, tx, ctx);
      process.stdout.write(`APPLY ${event.id}\n`);
    },
    logger: testLogger,
    // A killed member must leave the group quickly for the restarted one (broker minimum: 6 s).
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 500,
  });
  await consumer.start();
  process.stdout.write('READY\n');
  const timer = setInterval(() => {
    const d = consumer.metrics().duplicates;
    if (d !== lastDuplicates) process.stdout.write(`DUPLICATES ${d}\n`);
    lastDuplicates = d;
  }, 100);
  process.once('SIGTERM', () => {
    clearInterval(timer);
    void consumer
      .stop()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`consumer-main failed: ${String(err)}\n`);
  process.exit(1);
});
