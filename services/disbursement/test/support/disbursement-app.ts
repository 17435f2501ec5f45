/**
 * The disbursement application for int tests: the real AppModule on real PostgreSQL (its own service
 * and event-store schemas, dropped afterwards), a bank-file directory of its own, a clock the test
 * sets, and optionally the consumer and the relay on the real Kafka broker.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@sa/auth';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { mintLocalToken, type LocalTokenOptions } from '../../../../deploy/auth/mint-token';
import { AppModule } from '../../src/app.module';
import { DISBURSEMENT_CONFIG_SPEC } from '../../src/config';
import { PaymentRunService } from '../../src/payment-runs/payment-run.service';
import { AdjustableClock, CLOCK } from '@sa/time';
import { DATABASE_URL } from './database';

export const TEST_SECRET = 'disbursement-int-test-secret-0123456789abcdef';

export interface DisbursementTestApp {
  app: NestExpressApplication;
  clock: AdjustableClock;
  store: EventStore;
  runs: PaymentRunService;
  schema: string;
  eventStoreSchema: string;
  bankDir: string;
  token(role: Role, options?: LocalTokenOptions): Promise<string>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startDisbursement(
  options: { kafka?: boolean; now?: string; schemas?: { schema: string; eventStoreSchema: string }; keepSchemas?: boolean } = {},
): Promise<DisbursementTestApp> {
  const suffix = randomBytes(4).toString('hex');
  const schema = options.schemas?.schema ?? `disb_t_${suffix}`;
  const eventStoreSchema = options.schemas?.eventStoreSchema ?? `es_disb_t_${suffix}`;
  const bankDir = await mkdtemp(join(tmpdir(), 'disb-bank-'));
  const clock = new AdjustableClock(new Date(options.now ?? '2026-03-05T09:00:00+08:00'));
  const { app } = await createTestApp({
    name: 'disbursement',
    configSpec: DISBURSEMENT_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      JWT_SECRET: TEST_SECRET,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      EVENTSTORE_SCHEMA: eventStoreSchema,
      DISBURSEMENT_BANK_FILE_DIR: bankDir,
      DISBURSEMENT_RUN_BATCH_SIZE: '4',
      DISBURSEMENT_RELAY_ENABLED: String(options.kafka ?? false),
      DISBURSEMENT_CONSUMER_ENABLED: String(options.kafka ?? false),
      KAFKA_CLIENT_ID: `sa-disbursement-test-${suffix}`,
      LOG_LEVEL: 'warn',
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
    ...(process.env.DISBURSEMENT_TEST_LOGS ? { logDestination: { write: (line: string) => void process.stdout.write(line) } } : {}),
  });
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  return {
    app,
    clock,
    store: app.get<EventStore>(EVENT_STORE),
    runs: app.get(PaymentRunService),
    schema,
    eventStoreSchema,
    bankDir,
    token: (role, o = {}) => mintLocalToken(role, { secret: TEST_SECRET, ...o }),
    sql: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    async close() {
      await app.close();
      if (!options.keepSchemas) {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
        await client.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`).catch(() => undefined);
      }
      await client.end();
      await rm(bankDir, { recursive: true, force: true });
    },
  };
}

export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
