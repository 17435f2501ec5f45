/**
 * A follow-up application for int tests: the real AppModule on real PostgreSQL — its own service
 * schema and event-store schema, dropped afterwards — with a clock the test sets; projection on,
 * scheduler timer off (tests call runOnce), relay and consumer off unless asked.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@sa/auth';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { EVENT_STORE, ProjectionProcessor, type EventStore } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { AdjustableClock, CLOCK } from '@sa/time';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { mintLocalToken, type LocalTokenOptions } from '../../../../deploy/auth/mint-token';
import { AppModule } from '../../src/app.module';
import { FOLLOW_UP_CONFIG_SPEC } from '../../src/config';
import { ReviewScheduler } from '../../src/schedule-reviews/review-scheduler';

export const TEST_SECRET = 'follow-up-int-test-secret-0123456789abcdef';
export const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;

export interface FollowUpTestApp {
  app: NestExpressApplication;
  clock: AdjustableClock;
  store: EventStore;
  projection: ProjectionProcessor;
  scheduler: ReviewScheduler;
  schema: string;
  token(role: Role, options?: LocalTokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startFollowUp(options: { messaging?: boolean; now?: string; env?: Record<string, string> } = {}): Promise<FollowUpTestApp> {
  const suffix = randomBytes(4).toString('hex');
  const schema = `follow_up_t_${suffix}`;
  const eventStoreSchema = `es_follow_up_t_${suffix}`;
  const clock = new AdjustableClock(new Date(options.now ?? '2026-03-02T10:00:00+08:00'));
  const { app } = await createTestApp({
    name: 'follow-up',
    configSpec: FOLLOW_UP_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      JWT_SECRET: TEST_SECRET,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      EVENTSTORE_SCHEMA: eventStoreSchema,
      FOLLOW_UP_RELAY_ENABLED: String(options.messaging ?? false),
      FOLLOW_UP_CONSUMER_ENABLED: String(options.messaging ?? false),
      FOLLOW_UP_SCHEDULER_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
  });
  return {
    app,
    clock,
    store: app.get<EventStore>(EVENT_STORE),
    projection: app.get(ProjectionProcessor),
    scheduler: app.get(ReviewScheduler),
    schema,
    token: (role, o = {}) => mintLocalToken(role, { secret: TEST_SECRET, ...o }),
    async close() {
      await app.close();
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await client.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`).catch(() => undefined);
      await client.end();
    },
  };
}
