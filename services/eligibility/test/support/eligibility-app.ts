/**
 * The eligibility service in-process for integration tests: the real AppModule over real PostgreSQL
 * (its own read-model and event-store schemas with a random suffix, dropped by `close()`) and real
 * Kafka, the clock the test gives, HTTP through supertest with locally minted tokens, and `seed` to
 * append a history the pure decider produced to a case's stream.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL, ensureDatabase } from '@sa/database';
import { EVENT_STORE, type EventStore, type GlobalPosition } from '@sa/eventstore';
import { assertKafkaReachable } from '@sa/messaging';
import { createTestApp } from '@sa/platform';
import { CLOCK, type Clock } from '@sa/time';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../../deploy/auth/mint-token';
import { AppModule } from '../../src/app.module';
import { ELIGIBILITY_CONFIG_SPEC } from '../../src/config';
import type { ReviewCaseEvent } from '../../src/domain';
import { SYSTEM } from '../../src/domain/__tests__/review-case-fixtures';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;

export type Role = Parameters<typeof mintLocalToken>[0];

export interface EligibilityTestApp {
  app: NestExpressApplication;
  store: EventStore;
  /** The random suffix of this app's schemas and consumer group. */
  suffix: string;
  token(role: Role, sub: string, jurisdiction: string): Promise<string>;
  get(path: string, token: string): request.Test;
  post(path: string, token: string, body: object): request.Test;
  /** Appends a history the decider produced to `reviewCase-<caseId>` (a new stream). */
  seed(caseId: string, events: ReviewCaseEvent[]): Promise<GlobalPosition>;
  /** Closes the app and drops its schemas. */
  close(): Promise<void>;
}

/** Starts the service; `label` names its schemas (`eligibility_<label>_<suffix>`) and consumer group. */
export async function startEligibility(label: string, options: { clock: Clock; env?: Record<string, string> }): Promise<EligibilityTestApp> {
  const suffix = randomBytes(4).toString('hex');
  const secret = `eligibility-${label}-test-secret-${randomBytes(16).toString('hex')}`;
  const schema = `eligibility_${label}_${suffix}`;
  const esSchema = `es_eligibility_${label}_${suffix}`;
  await assertKafkaReachable(undefined, 30_000);
  await ensureDatabase(TEST_DATABASE_URL);
  const { app } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      EVENTSTORE_SCHEMA: esSchema,
      ELIGIBILITY_CONSUMER_GROUP: `sa-eligibility-${label}-${suffix}`,
      JWT_SECRET: secret,
      LOG_LEVEL: 'silent',
      ...options.env,
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(options.clock),
  });
  const store = app.get<EventStore>(EVENT_STORE);
  const auth = (t: request.Test, token: string) => t.set('Authorization', `Bearer ${token}`);
  return {
    app,
    store,
    suffix,
    token: (role, sub, jurisdiction) => mintLocalToken(role, { secret, sub, jurisdiction }),
    get: (path, token) => auth(request(app.getHttpServer()).get(path), token),
    post: (path, token, body) => auth(request(app.getHttpServer()).post(path), token).send(body),
    async seed(caseId, events) {
      const { position } = await store.appendToStream(
        `reviewCase-${caseId}`,
        events.map((e) => ({
          eventId: randomUUID(),
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          metadata: { correlationId: caseId, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-03-02T09:00:00+08:00' },
        })),
        { expectedRevision: 'no_stream' },
      );
      return position;
    },
    async close() {
      await app.close();
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Polls `probe` until it gives a value (every 250 ms, at most `timeoutMs`). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
