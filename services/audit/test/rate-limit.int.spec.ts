/**
 * Rate limits as a service runs them (libs/platform edge: RATE_LIMIT_PER_SUBJECT after
 * authentication, RATE_LIMIT_PER_IP before everything), configured low, over the real audit app
 * (real PostgreSQL, real JWT verification).
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { PostgresEventStore } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { ensureDatabase } from '../../../libs/eventstore/test/pg-test-utils';
import { AppModule } from '../src/app.module';
import { AUDIT_CONFIG_SPEC } from '../src/config';

jest.setTimeout(120_000);

const SECRET = 'audit-rate-limit-test-secret-0123456789ab';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const ES_SCHEMA = `audit_rl_es_${SUFFIX}`;
const AUDIT_SCHEMA = `audit_rl_${SUFFIX}`;

const token = (sub: string) => mintLocalToken('auditor', { secret: SECRET, sub, jurisdiction: '330000' });

async function auditApp(limits: { RATE_LIMIT_PER_IP: string; RATE_LIMIT_PER_SUBJECT: string }): Promise<NestExpressApplication> {
  const { app } = await createTestApp({
    name: 'audit',
    configSpec: AUDIT_CONFIG_SPEC,
    imports: [AppModule],
    env: { JWT_SECRET: SECRET, DATABASE_URL, DATABASE_SCHEMA: AUDIT_SCHEMA, EVENTSTORE_SCHEMA: ES_SCHEMA, AUDIT_CHECKPOINT_INTERVAL_MS: '0', LOG_LEVEL: 'silent', ...limits },
  });
  return app;
}

describe('rate limits (real PostgreSQL, real JWT)', () => {
  let pool: Pool;

  beforeAll(async () => {
    await ensureDatabase(DATABASE_URL);
    pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
    await PostgresEventStore.migrate(pool, ES_SCHEMA);
  });

  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
    await pool?.query(`DROP SCHEMA IF EXISTS "${AUDIT_SCHEMA}" CASCADE`);
    await pool?.end();
  });

  describe('per subject (RATE_LIMIT_PER_SUBJECT=3, RATE_LIMIT_PER_IP=0 as behind a gateway)', () => {
    let app: NestExpressApplication;
    beforeAll(async () => {
      app = await auditApp({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_SUBJECT: '3' });
    });
    afterAll(() => app?.close());

    it('429 problem with Retry-After after the third request of a subject; another subject is not affected', async () => {
      const http = () => request(app.getHttpServer());
      const first = `Bearer ${await token('auditor-rl-1')}`;
      const second = `Bearer ${await token('auditor-rl-2')}`;
      for (let i = 0; i < 3; i++) expect((await http().get('/audit/checkpoints').set('Authorization', first)).status).toBe(200);
      const limited = await http().get('/audit/checkpoints').set('Authorization', first);
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // The same client address (IP limit off) with another subject: still served.
      for (let i = 0; i < 3; i++) expect((await http().get('/audit/checkpoints').set('Authorization', second)).status).toBe(200);
      expect((await http().get('/audit/checkpoints').set('Authorization', second)).status).toBe(429);
      // Health is never limited.
      expect((await http().get('/health/live')).status).toBe(200);
    });
  });

  describe('per IP (RATE_LIMIT_PER_IP=4, RATE_LIMIT_PER_SUBJECT=0)', () => {
    let app: NestExpressApplication;
    beforeAll(async () => {
      app = await auditApp({ RATE_LIMIT_PER_IP: '4', RATE_LIMIT_PER_SUBJECT: '0' });
    });
    afterAll(() => app?.close());

    it('429 with Retry-After after the fourth request from one address, whoever the subject, even unauthenticated', async () => {
      const http = () => request(app.getHttpServer());
      for (let i = 0; i < 4; i++) {
        const auth = `Bearer ${await token(`auditor-ip-${i}`)}`;
        expect((await http().get('/audit/checkpoints').set('Authorization', auth)).status).toBe(200);
      }
      const anonymous = await http().get('/audit/checkpoints');
      expect(anonymous.status).toBe(429);
      expect(Number(anonymous.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await http().get('/health/ready')).status).not.toBe(429);
    });
  });
});
