/**
 * HTTP command benchmark (issue 20): the intake service as `npm start` runs it (its own process, real JWT,
 * PostgreSQL event store + read models, the relay publishing to Kafka, field encryption as configured), 32
 * connections (autocannon), in one run:
 *   1. create  — POST /applications: BENCH_HTTP_APPLICATIONS new applications (distinct households);
 *   2. submit  — POST /applications/:caseId/submission on each of them (the command of the target);
 *   3. live    — GET /health/live for the same number of requests (the same service's floor).
 * Target: submit req/s ≥ 0.3 × live req/s. Prints ONE JSON object on stdout (progress on stderr).
 *
 *   npm run --silent bench:http      (needs the broker: bash deploy/kafka/kafka.sh up)
 *
 * Env: TEST_DATABASE_URL, KAFKA_BROKERS, BENCH_HTTP_PORT (8001), BENCH_CONNECTIONS (32),
 *      BENCH_HTTP_APPLICATIONS (1000), BENCH_FIELD_ENCRYPTION (false: true needs the local keyring).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { mintLocalToken } from '../deploy/auth/mint-token';
import { residentId } from '../services/intake/test/support/fixtures';
import { completeApplicationBody, consentBody } from '../services/intake/test/support/requests';
import { ensureDatabase, load, logTo, round, startService, type LoadFigures } from './support/service';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const PORT = Number(process.env.BENCH_HTTP_PORT ?? 8001);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const APPLICATIONS = Number(process.env.BENCH_HTTP_APPLICATIONS ?? 1000);
const FIELD_ENCRYPTION = process.env.BENCH_FIELD_ENCRYPTION === 'true';
const SECRET = 'bench-http-secret-not-for-production-0123456789';
const log = logTo('http');

/** Application i: a household of one with its own resident ID (no reservation collides). */
function applicationBody(i: number, caseId: string): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 900) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String(100 + (i % 900));
  const id = residentId('330106', birth, seq);
  const body = completeApplicationBody();
  return JSON.stringify({
    ...body,
    caseId,
    household: {
      ...body.household,
      members: [{ ...body.household.members[0], residentId: id, name: `压测${i}` }],
      supporters: [],
    },
    declaration: { ...body.declaration, income: [], assets: [] },
    bankAccount: undefined,
    identityDocuments: [{ residentId: id, documentRef: `doc:id:${i}` }],
    consents: [consentBody(id)],
  });
}

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const suffix = randomUUID().slice(0, 8);
  const schema = `bench_http_${suffix}`;
  const esSchema = `bench_http_es_${suffix}`;
  const pool = new Pool({ connectionString: DB_URL, max: 2 });
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    service = await startService('intake', PORT, {
      NODE_ENV: 'test',
      JWT_SECRET: SECRET,
      DATABASE_URL: DB_URL,
      DATABASE_SCHEMA: schema,
      EVENT_STORE: 'postgresql',
      EVENTSTORE_SCHEMA: esSchema,
      INTAKE_RESIDENT_ID_KEY: 'bench-http-resident-id-key-0123456789abcdef',
      KAFKA_CLIENT_ID: `sa-intake-bench-${suffix}`,
      FIELD_ENCRYPTION: String(FIELD_ENCRYPTION),
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_SUBJECT: '0',
    });
    const tokens = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) => mintLocalToken('community_officer', { sub: `bench-officer-${i}` }, { ...process.env, JWT_SECRET: SECRET })),
    );
    const headersFor = (i: number) => ({ authorization: `Bearer ${tokens[i % tokens.length]!}`, 'content-type': 'application/json' });
    const caseIds = Array.from({ length: APPLICATIONS }, () => randomUUID());

    // One of each first: a wrong set-up fails loudly here, not as a fast stream of 4xx.
    const probeCase = randomUUID();
    const created = await fetch(`${service.url}/applications`, { method: 'POST', headers: headersFor(0), body: applicationBody(APPLICATIONS, probeCase) });
    if (created.status !== 201 && created.status !== 200) throw new Error(`create: ${created.status} ${(await created.text()).slice(0, 800)}`);
    const submitted = await fetch(`${service.url}/applications/${probeCase}/submission`, { method: 'POST', headers: headersFor(0), body: '{}' });
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${(await submitted.text()).slice(0, 800)}`);

    const figures: Record<string, LoadFigures & { loadavg: number[] }> = {};
    const run = async (name: string, f: Promise<LoadFigures>) => {
      const r = await f;
      figures[name] = { ...r, loadavg: os.loadavg().map((x) => round(x, 2)) };
      log(`${name}: ${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
    };
    const liveUrl = `${service.url}/health/live`;
    await load({ url: liveUrl, connections: CONNECTIONS, amount: 500 }); // warm-up
    await run('liveBefore', load({ url: liveUrl, connections: CONNECTIONS, amount: APPLICATIONS * 2 }));

    let nextCreate = 0;
    await run(
      'create',
      load({ url: `${service.url}/applications`, method: 'POST', connections: CONNECTIONS, amount: APPLICATIONS, headersFor, bodyFor: () => {
        const i = nextCreate++;
        return applicationBody(i, caseIds[i % APPLICATIONS]!);
      } }),
    );
    let nextSubmit = 0;
    await run(
      'submit',
      load({
        url: service.url,
        method: 'POST',
        connections: CONNECTIONS,
        amount: APPLICATIONS,
        headersFor,
        pathFor: () => `/applications/${caseIds[nextSubmit++ % APPLICATIONS]!}/submission`,
        bodyFor: () => '{}',
      }),
    );
    await run('liveAfter', load({ url: liveUrl, connections: CONNECTIONS, amount: APPLICATIONS * 2 }));

    const live = (figures.liveBefore!.reqPerSec + figures.liveAfter!.reqPerSec) / 2;
    const result = {
      bench: 'http',
      service: 'intake',
      connections: CONNECTIONS,
      applications: APPLICATIONS,
      fieldEncryption: FIELD_ENCRYPTION,
      figures,
      ratios: {
        submitVsLive: round(figures.submit!.reqPerSec / live, 3),
        createVsLive: round(figures.create!.reqPerSec / live, 3),
      },
      target: { submitVsLive: 0.3 },
      loadavg: { start: loadAtStart, end: os.loadavg().map((x) => round(x, 2)) },
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await service?.stop();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
