/**
 * An intake application for int tests: the real AppModule (platform + IntakeModule) on real
 * PostgreSQL — its own service schema and its own event-store schema, dropped afterwards — with a
 * clock the test sets, and optionally the relay to the real Kafka broker.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@sa/auth';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { EVENT_STORE, ProjectionProcessor, type EventStore } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { mintLocalToken, type LocalTokenOptions } from '../../../../deploy/auth/mint-token';
import { AppModule } from '../../src/app.module';
import { INTAKE_CONFIG_SPEC } from '../../src/config';
import { AdjustableClock, CLOCK } from '@sa/time';

export const TEST_SECRET = 'intake-int-test-secret-0123456789abcdef0123';
export const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
export const RESIDENT_ID_KEY = 'intake-int-test-resident-id-key-0123456789';

export interface IntakeTestApp {
  app: NestExpressApplication;
  clock: AdjustableClock;
  store: EventStore;
  projection: ProjectionProcessor;
  schema: string;
  eventStoreSchema: string;
  token(role: Role, options?: LocalTokenOptions): Promise<string>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startIntake(
  options: { relay?: boolean; consumer?: boolean; projections?: boolean; now?: string; env?: Record<string, string> } = {},
): Promise<IntakeTestApp> {
  const suffix = randomBytes(4).toString('hex');
  const schema = `intake_t_${suffix}`;
  const eventStoreSchema = `es_intake_t_${suffix}`;
  const clock = new AdjustableClock(new Date(options.now ?? '2026-03-02T10:00:00+08:00'));
  const { app } = await createTestApp({
    name: 'intake',
    configSpec: INTAKE_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      JWT_SECRET: TEST_SECRET,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      EVENTSTORE_SCHEMA: eventStoreSchema,
      INTAKE_RESIDENT_ID_KEY: RESIDENT_ID_KEY,
      INTAKE_RELAY_ENABLED: String(options.relay ?? false),
      INTAKE_CONSUMER_ENABLED: String(options.consumer ?? false),
      KAFKA_CLIENT_ID: `sa-intake-t-${suffix}`,
      INTAKE_PROJECTIONS_ENABLED: String(options.projections ?? true),
      LOG_LEVEL: 'warn',
      ...(options.env ?? {}),
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
    ...(process.env.INTAKE_TEST_LOGS ? { logDestination: { write: (line: string) => void process.stdout.write(line) } } : {}),
  });
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  return {
    app,
    clock,
    store: app.get<EventStore>(EVENT_STORE),
    projection: app.get(ProjectionProcessor),
    schema,
    eventStoreSchema,
    token: (role, o = {}) => mintLocalToken(role, { secret: TEST_SECRET, ...o }),
    sql: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    async close() {
      await app.close();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await client.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`).catch(() => undefined);
      await client.end();
    },
  };
}
