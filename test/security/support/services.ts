/**
 * The five services and audit, each booted in-process exactly as it runs (real AppModule, the
 * platform pipeline, real JWT verification) on real PostgreSQL — its own service schema and
 * event-store schema, dropped afterwards. Background workers (relays, consumers, schedulers,
 * dispatchers) are off and the rate limits are disabled so a suite can send thousands of requests;
 * nothing here needs a running broker.
 */
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@sa/auth';
import type { ConfigSpec } from '@sa/config';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { PostgresEventStore } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { mintLocalToken, type LocalTokenOptions } from '../../../deploy/auth/mint-token';
import { AppModule as AuditModule } from '../../../services/audit/src/app.module';
import { AUDIT_CONFIG_SPEC } from '../../../services/audit/src/config';
import { AppModule as DisbursementModule } from '../../../services/disbursement/src/app.module';
import { DISBURSEMENT_CONFIG_SPEC } from '../../../services/disbursement/src/config';
import { AppModule as EligibilityModule } from '../../../services/eligibility/src/app.module';
import { ELIGIBILITY_CONFIG_SPEC } from '../../../services/eligibility/src/config';
import { AppModule as FollowUpModule } from '../../../services/follow-up/src/app.module';
import { FOLLOW_UP_CONFIG_SPEC } from '../../../services/follow-up/src/config';
import { AppModule as IntakeModule } from '../../../services/intake/src/app.module';
import { INTAKE_CONFIG_SPEC } from '../../../services/intake/src/config';
import { AppModule as VerificationModule } from '../../../services/verification/src/app.module';
import { VERIFICATION_CONFIG_SPEC } from '../../../services/verification/src/config';

export const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
export const TEST_SECRET = 'security-suite-test-secret-0123456789abcdef';
/** The verification platform's callback signing secret in these apps. */
export const CALLBACK_SECRET = 'security-suite-callback-hmac-secret-0123456789';

interface ServiceDef {
  name: string;
  module: Type<unknown>;
  configSpec: ConfigSpec;
  env: (dir: string) => Record<string, string>;
  /** Audit only reads the event store the other services write: it must exist before audit starts. */
  eventStoreFirst?: boolean;
}

export const SERVICES: ServiceDef[] = [
  {
    name: 'intake',
    module: IntakeModule,
    configSpec: INTAKE_CONFIG_SPEC,
    env: () => ({ INTAKE_RESIDENT_ID_KEY: 'security-suite-resident-id-key-0123456789', INTAKE_RELAY_ENABLED: 'false', INTAKE_CONSUMER_ENABLED: 'false' }),
  },
  {
    name: 'verification',
    module: VerificationModule,
    configSpec: VERIFICATION_CONFIG_SPEC,
    env: () => ({
      VERIFICATION_CONSUMERS_ENABLED: 'false',
      VERIFICATION_RELAY_ENABLED: 'false',
      VERIFICATION_DISPATCHER_ENABLED: 'false',
      VERIFICATION_PLATFORM_HMAC_SECRET: CALLBACK_SECRET,
    }),
  },
  {
    name: 'eligibility',
    module: EligibilityModule,
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    env: () => ({ ELIGIBILITY_CONSUMERS_ENABLED: 'false', ELIGIBILITY_RELAY_ENABLED: 'false' }),
  },
  {
    name: 'disbursement',
    module: DisbursementModule,
    configSpec: DISBURSEMENT_CONFIG_SPEC,
    env: (dir) => ({ DISBURSEMENT_BANK_FILE_DIR: dir, DISBURSEMENT_CONSUMER_ENABLED: 'false', DISBURSEMENT_RELAY_ENABLED: 'false' }),
  },
  {
    name: 'follow-up',
    module: FollowUpModule,
    configSpec: FOLLOW_UP_CONFIG_SPEC,
    env: () => ({ FOLLOW_UP_RELAY_ENABLED: 'false', FOLLOW_UP_CONSUMER_ENABLED: 'false', FOLLOW_UP_SCHEDULER_ENABLED: 'false' }),
  },
  {
    name: 'audit',
    module: AuditModule,
    configSpec: AUDIT_CONFIG_SPEC,
    env: () => ({ AUDIT_CHECKPOINT_INTERVAL_MS: '0' }),
    eventStoreFirst: true,
  },
];

export interface RunningService {
  name: string;
  app: NestExpressApplication;
  schema: string;
  eventStoreSchema: string;
  token(role: Role, options?: LocalTokenOptions): Promise<string>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Row count of every table in the service's schema and its event-store schema. */
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startService(def: ServiceDef): Promise<RunningService> {
  const suffix = randomBytes(4).toString('hex');
  const schema = `sec_${def.name.replace(/-/g, '_')}_${suffix}`;
  const eventStoreSchema = `sec_es_${def.name.replace(/-/g, '_')}_${suffix}`;
  const dir = await mkdtemp(join(tmpdir(), `sec-${def.name}-`));
  if (def.eventStoreFirst) {
    const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
    try {
      await PostgresEventStore.migrate(pool, eventStoreSchema);
    } finally {
      await pool.end();
    }
  }
  const { app } = await createTestApp({
    name: def.name,
    configSpec: def.configSpec,
    imports: [def.module],
    env: {
      NODE_ENV: 'test',
      JWT_SECRET: TEST_SECRET,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      EVENTSTORE_SCHEMA: eventStoreSchema,
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_SUBJECT: '0',
      KAFKA_CLIENT_ID: `sa-security-${def.name}-${suffix}`,
      LOG_LEVEL: 'silent',
      ...def.env(dir),
    },
  });
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  const sql = async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[];
  let countQuery: string | undefined;
  return {
    name: def.name,
    app,
    schema,
    eventStoreSchema,
    token: (role, o = {}) => mintLocalToken(role, { secret: TEST_SECRET, ...o }),
    sql,
    async rowCounts() {
      if (!countQuery) {
        const tables = await sql<{ s: string; t: string }>(
          `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
            WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
          [[schema, eventStoreSchema]],
        );
        if (tables.length === 0) return {};
        countQuery = `SELECT ${tables.map(({ s, t }) => `(SELECT count(*) FROM "${s}"."${t}")::int AS "${s === schema ? 'svc' : 'es'}.${t}"`).join(', ')}`;
      }
      return (await sql<Record<string, number>>(countQuery))[0];
    },
    async close() {
      await app.close();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await client.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`).catch(() => undefined);
      await client.end();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A small seeded PRNG (mulberry32): the same seed gives the same requests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID-shaped id from the PRNG (version 4 layout). */
export function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rand() * 4)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A path parameter's value that looks valid for its name. */
export function paramValue(name: string, rand: () => number, jurisdiction: string): string {
  const n = name.toLowerCase();
  if (n.includes('jurisdiction') || n.includes('division') || n === 'code' || n === 'community' || n === 'street') return jurisdiction;
  if (n.includes('version') || n.includes('sequence') || n === 'seq' || n === 'n') return String(1 + Math.floor(rand() * 3));
  if (n.includes('month')) return `2026-0${1 + Math.floor(rand() * 9)}`;
  if (n === 'year') return String(2026 + Math.floor(rand() * 3));
  if (n.includes('date')) return '2026-03-02';
  if (n.includes('casenumber')) return `330106-2026-${String(100000 + Math.floor(rand() * 899999))}`;
  return uuidFrom(rand);
}

/** Express-style path from an OpenAPI path (`/a/{id}` → `/a/:id`) is not needed: fill `{x}` directly. */
export function fillPath(path: string, fill: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(fill(name)));
}
