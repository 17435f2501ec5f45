/**
 * A relay as its own process, for the kill/restart test. Env: TEST_DATABASE_URL, ES_SCHEMA,
 * RELAY_SCHEMA, TOPIC, RELAY_NAME. Prints `READY` once started, `ACTIVE <epoch ms>` once it holds the
 * relay's lock (a second instance stands by until then) and `PUBLISHED <n> <epoch ms>` per batch;
 * SIGTERM = graceful stop. Run with `node -r ts-node/register/transpile-only -r tsconfig-paths/register`.
 */
import { Pool } from 'pg';
import { contractsCodec, EventRelay } from '../../src';
import { CATEGORY, createStore, testMapper } from './fixtures';
import { TEST_DATABASE_URL, testKafka, testLogger } from './harness';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 5 });
  const store = await createStore(pool, env('ES_SCHEMA'));
  const relay = new EventRelay({
    name: env('RELAY_NAME'),
    store,
    pool,
    schema: env('RELAY_SCHEMA'),
    streamCategories: [CATEGORY],
    topic: env('TOPIC'),
    map: testMapper,
    kafka: testKafka('sa-messaging-test-relay'),
    codec: contractsCodec,
    maxBatchSize: Number(process.env.MAX_BATCH ?? 20),
    lingerMs: 20,
    logger: testLogger,
    onBatchPublished: ({ published }) => process.stdout.write(`PUBLISHED ${published} ${Date.now()}\n`),
  });
  await relay.start();
  process.stdout.write('READY\n');
  const activeProbe = setInterval(() => {
    if (!relay.metrics().active) return;
    process.stdout.write(`ACTIVE ${Date.now()}\n`);
    clearInterval(activeProbe);
  }, 10);
  process.once('SIGTERM', () => {
    clearInterval(activeProbe);
    void relay
      .stop()
      .then(() => store.close())
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`relay-main failed: ${String(err)}\n`);
  process.exit(1);
});
