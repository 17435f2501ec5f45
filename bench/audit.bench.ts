/**
 * Audit benchmark (issue 20): a 5,000-event case and 32 concurrent auditors over HTTP, against the real audit
 * service (its own process, `services/audit/src/main.ts`, real JWT verification, rate limits off). Three
 * figures, each its own autocannon run with 32 connections (= 32 auditors, 32 different tokens): the case's
 * history (JSON), the as-of replay (`/state?asOf=…&mode=true`) and the explanation of the approval. Target:
 * p99 < 50 ms each. Prints ONE JSON object on stdout (progress on stderr).
 *
 *   npm run --silent bench:audit
 *
 * The case is built through the real deciders (the audit tests' worked example): the intake application
 * (3 events) and the eligibility review case with 4,990 extra home visits (4,997 events) = 5,000 events,
 * plus the policy stream the explanation reads. FIELD_ENCRYPTION is off (the events are written in clear).
 *
 * Since the history is paged (`?limit=&after=`, default 100) and the long lists of the state and the
 * explanation come by reference, "history" is its first page and "historyDeep" the page after the 2,500th
 * entry (a cursor deep in the case); "historyWalk" is one auditor reading the whole history page by page
 * (BENCH_AUDIT_PAGE entries per page), timed once, with the 32 others idle.
 *
 * Each figure is measured by the client (autocannon in this process; the service is its own process, as deployed)
 * and by the service itself (its /metrics: the http_request_duration_seconds histogram, CPU seconds, event-loop delay,
 * GC), so a p99 made by the queue on a loaded machine shows as client p99 ≫ service p99. req/s = responses ÷ the wall
 * time from the start to the last response (not autocannon's per-second sampling). With BENCH_AUDIT_COMPARE (default
 * on) a second instance runs with AUDIT_CASE_RECHECK_MS=0 — every read also compares the case's full fingerprint row by
 * row, the per-read cost before the store mark (services/audit/src/application/store-mark.ts) — and each endpoint is
 * measured on both, one after the other: `markVsRecheckEveryRead` gives the ratios.
 *
 * Env: TEST_DATABASE_URL, BENCH_AUDIT_PORT (8000; the comparison instance on the next port), BENCH_CONNECTIONS (32),
 *      BENCH_AUDIT_REQUESTS (3,000 per endpoint: p99 = the 30th slowest), BENCH_AUDIT_VISITS (4990), BENCH_AUDIT_ACCEPT_ENCODING
 *      ('gzip, deflate, br' as browsers send; '' for none), BENCH_AUDIT_PAGE (1000: the walk's page size), BENCH_AUDIT_ONE
 *      (20: requests per endpoint of the one-auditor breakdown, and runs of the full fingerprint query, the mark check and
 *      the read-log INSERT), BENCH_AUDIT_COMPARE ('false': one instance only).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { PostgresEventStore, handleCommand, type NewEvent } from '@sa/eventstore';
import { AuditService } from '../services/audit/src/application/audit-service';
import type { Decider, DomainEvent } from '@sa/decider';
import { mintLocalToken } from '../deploy/auth/mint-token';
import { decideAll, intakeSteps, policySteps, reviewCaseDecider, reviewSteps, type Step } from '../services/audit/test/support/case-fixtures';
import { visit, VISITOR_1 } from '../services/eligibility/src/domain/__tests__/review-case-fixtures';
import { applicationDecider } from '../services/intake/src/domain';
import { policyLineDecider, type PolicyCommand, type PolicyEvent, type PolicyLineState } from '../services/eligibility/src/domain';
import { ensureDatabase, load, logTo, round, startService, type LoadFigures } from './support/service';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const PORT = Number(process.env.BENCH_AUDIT_PORT ?? 8000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const REQUESTS = Number(process.env.BENCH_AUDIT_REQUESTS ?? 3000);
const VISITS = Number(process.env.BENCH_AUDIT_VISITS ?? 4990);
const ACCEPT_ENCODING = process.env.BENCH_AUDIT_ACCEPT_ENCODING ?? 'gzip, deflate, br';
const WALK_PAGE = Number(process.env.BENCH_AUDIT_PAGE ?? 1000);
const ONE_AUDITOR = Number(process.env.BENCH_AUDIT_ONE ?? 20);
/** A second instance with AUDIT_CASE_RECHECK_MS=0 (every read also compares the full fingerprint row by row: the per-read cost before the store mark), measured endpoint by endpoint interleaved with the first. */
const COMPARE = (process.env.BENCH_AUDIT_COMPARE ?? 'true') !== 'false';
const SECRET = 'bench-audit-secret-not-for-production-0123456789';
const METRICS_TOKEN = 'bench-audit-metrics-token';
const PURPOSE = '2026年低保专项督查（性能测试）';
const log = logTo('audit');

function metadataOf(step: Step<unknown>, correlationId: string, causationId: string): NewEvent['metadata'] {
  return {
    correlationId,
    causationId,
    actor: step.actor,
    occurredAt: step.occurredAt,
    ...(step.reason ? { reason: step.reason } : {}),
    ...(step.evidenceRefs ? { evidenceRefs: step.evidenceRefs } : {}),
    ...(step.policyVersion ? { policyVersion: step.policyVersion } : {}),
  };
}

async function viaCommands<C, E extends DomainEvent, S>(store: PostgresEventStore, streamId: string, decider: Decider<C, E, S>, steps: Step<C>[], correlationId: string) {
  for (const step of steps) {
    const commandId = randomUUID();
    await handleCommand({ store, streamId, decider, command: step.command, commandId, metadata: metadataOf(step as Step<unknown>, correlationId, commandId), retryOnConflict: false });
  }
}

/** The review case with VISITS extra home visits, decided in memory by the real decider, appended in chunks. */
async function appendLongReviewCase(store: PostgresEventStore, caseId: string): Promise<{ events: number; approvalId: string }> {
  const steps = reviewSteps(caseId);
  const visits = Array.from({ length: VISITS }, (_, i) => ({
    command: visit({ visitId: `visit-r${i}` }),
    actor: VISITOR_1,
    occurredAt: '2026-03-04T10:00:00+08:00',
    evidenceRefs: ['doc:visit/2026/0304-photos'],
  }));
  const decided = decideAll(reviewCaseDecider as never, [steps[0]!, steps[1]!, ...visits, ...steps.slice(2)] as never);
  const events: NewEvent[] = decided.map((e, i) => ({
    eventId: randomUUID(),
    type: e.type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify(e.data)) as Record<string, unknown>,
    metadata: metadataOf(e.step, caseId, `cmd-${i}`),
  }));
  const streamId = `reviewCase-${caseId}`;
  for (let i = 0; i < events.length; i += 500) {
    await store.appendToStream(streamId, events.slice(i, i + 500), { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
  }
  const approval = [...events].reverse().find((e) => e.type === 'CaseApproved');
  if (!approval) throw new Error('the review case has no approval');
  return { events: events.length, approvalId: approval.eventId };
}

/** What the service reports about one run: the delta of its /metrics (prom-client) across the run. */
interface ServerFigures {
  /** http_request_duration_seconds over every route hit during the run, quantiles interpolated in the buckets as Prometheus' histogram_quantile does (buckets 5, 10, 25, 50, 100, 250 ms …). */
  p50Ms: number | null;
  p99Ms: number | null;
  /** process_cpu_seconds_total of the service ÷ requests: its service time in CPU (user + system). */
  cpuMsPerRequest: number;
  /** nodejs_eventloop_lag_p99_seconds at the end of the run (prom-client resets the delay histogram at each scrape: this run's). */
  eventLoopDelayP99Ms: number | null;
  gcMs: number;
}

type Scrape = Map<string, number>;

async function scrape(base: string): Promise<Scrape> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`/metrics: ${res.status}`);
  const out: Scrape = new Map();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = m[1]!;
    const labels = m[2] ?? '';
    if (name === 'http_request_duration_seconds_bucket') {
      if (/route="\/metrics"/.test(labels)) continue;
      const le = /le="([^"]+)"/.exec(labels)![1]!;
      out.set(`bucket:${le}`, (out.get(`bucket:${le}`) ?? 0) + Number(m[3]));
    } else if (name === 'process_cpu_seconds_total' || name === 'nodejs_eventloop_lag_p99_seconds') {
      out.set(name, Number(m[3]));
    } else if (name === 'nodejs_gc_duration_seconds_sum') {
      out.set(name, (out.get(name) ?? 0) + Number(m[3]));
    }
  }
  return out;
}

function serverFigures(before: Scrape, after: Scrape, requests: number): ServerFigures {
  const bounds = [...after.keys()].filter((k) => k.startsWith('bucket:')).map((k) => k.slice(7)).sort((a, b) => (a === '+Inf' ? 1 : b === '+Inf' ? -1 : Number(a) - Number(b)));
  const counts = bounds.map((le) => (after.get(`bucket:${le}`) ?? 0) - (before.get(`bucket:${le}`) ?? 0));
  const total = counts[counts.length - 1] ?? 0;
  const quantile = (q: number): number | null => {
    if (total === 0) return null;
    const rank = q * total;
    for (let i = 0; i < bounds.length; i++) {
      if (counts[i]! >= rank) {
        if (bounds[i] === '+Inf') return Number(bounds[i - 1]) * 1000;
        const lower = i === 0 ? 0 : Number(bounds[i - 1]);
        const below = i === 0 ? 0 : counts[i - 1]!;
        const inBucket = counts[i]! - below;
        return round((lower + (Number(bounds[i]) - lower) * (inBucket === 0 ? 1 : (rank - below) / inBucket)) * 1000, 1);
      }
    }
    return null;
  };
  const delta = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  const lag = after.get('nodejs_eventloop_lag_p99_seconds');
  return {
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99),
    cpuMsPerRequest: round((delta('process_cpu_seconds_total') * 1000) / Math.max(1, requests), 3),
    eventLoopDelayP99Ms: lag === undefined ? null : round(lag * 1000, 1),
    gcMs: round(delta('nodejs_gc_duration_seconds_sum') * 1000, 1),
  };
}

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const suffix = randomUUID().slice(0, 8);
  const esSchema = `bench_audit_es_${suffix}`;
  const auditSchema = `bench_audit_${suffix}`;
  const pool = new Pool({ connectionString: DB_URL, max: 4 });
  const caseId = randomUUID();
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let baseline: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    await PostgresEventStore.migrate(pool, esSchema);
    const store = new PostgresEventStore({ pool, schema: esSchema });
    const policyStream = `policy-${policySteps()[0]!.command.data.version.policyId}`;
    await viaCommands<PolicyCommand, PolicyEvent, PolicyLineState>(store, policyStream, policyLineDecider, policySteps(), policyStream);
    await viaCommands(store, `application-${caseId}`, applicationDecider as never, intakeSteps(caseId), caseId);
    const review = await appendLongReviewCase(store, caseId);
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${esSchema}".events WHERE metadata->>'correlationId' = $1 OR substr(stream_id, strpos(stream_id, '-') + 1) = $1`,
      [caseId],
    );
    const caseEvents = rows[0]!.n;
    log(`case ${caseId}: ${caseEvents} events`);

    const serviceEnv = {
      NODE_ENV: 'test',
      JWT_SECRET: SECRET,
      DATABASE_URL: DB_URL,
      DATABASE_SCHEMA: auditSchema,
      EVENT_STORE: 'postgresql',
      EVENTSTORE_SCHEMA: esSchema,
      FIELD_ENCRYPTION: 'false',
      AUDIT_CHECKPOINT_INTERVAL_MS: '0',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_SUBJECT: '0',
      METRICS_TOKEN,
    };
    service = await startService('audit', PORT, serviceEnv, 600_000); // ts-node start-up of the whole service: minutes on a machine at load 30
    if (COMPARE) baseline = await startService('audit', PORT + 1, { ...serviceEnv, AUDIT_CASE_RECHECK_MS: '0', AUDIT_PROJECTIONS_ENABLED: 'false' }, 600_000);
    const tokens = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) => mintLocalToken('auditor', { sub: `bench-auditor-${i}` }, { ...process.env, JWT_SECRET: SECRET })),
    );
    const headersFor = (i: number): Record<string, string> => ({
      authorization: `Bearer ${tokens[i % tokens.length]!}`,
      'x-audit-purpose': encodeURIComponent(PURPOSE),
      ...(ACCEPT_ENCODING ? { 'accept-encoding': ACCEPT_ENCODING } : {}),
    });
    const base = `${service.url}/audit/cases/${caseId}`;
    // A cursor deep in the case: the event id of the 2,500th entry (from a 1,000-entry page; a server that does not page answers it whole).
    const deepPages = JSON.parse(await (await fetch(`${base}/history?limit=1000&after=`, { headers: headersFor(0) })).text()) as { entries: { eventId: string }[]; nextAfter?: string | null };
    let deep = deepPages;
    for (let i = 0; i < 2 && deep.nextAfter; i++) {
      deep = JSON.parse(await (await fetch(`${base}/history?limit=1000&after=${deep.nextAfter}`, { headers: headersFor(0) })).text()) as typeof deep;
    }
    const deepCursor = deep === deepPages ? deepPages.entries[2499]!.eventId : deep.entries[499]!.eventId;
    const endpoints = {
      history: `${base}/history`,
      historyDeep: `${base}/history?after=${deepCursor}`,
      asOfReplay: `${base}/state?asOf=2026-03-10&mode=true`,
      explanation: `${base}/decisions/${review.approvalId}/explanation`,
      // The machine's floor in the same run: the same service's /health/live (no auth, no database), same 32 connections.
      live: `${service.url}/health/live`,
    };
    // One request each first: a wrong set-up fails loudly here, not as a fast stream of 4xx. Sizes: as sent (after content coding) and as JSON.
    const sizes: Record<string, { wire: number; json: number }> = {};
    for (const [name, url] of Object.entries(endpoints)) {
      const res = await fetch(url, { headers: headersFor(0) });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${body.slice(0, 500)}`);
      sizes[name] = { wire: Number(res.headers.get('content-length') ?? Buffer.byteLength(body)), json: Buffer.byteLength(body) };
    }
    const history = JSON.parse(await (await fetch(endpoints.history, { headers: headersFor(0) })).text()) as { count: number };
    if (history.count !== caseEvents) throw new Error(`history has ${history.count} entries, the case ${caseEvents} events`);

    // One auditor reads the whole history page by page (the printed case file takes ?format=html instead).
    const walkStart = performance.now();
    let walked = 0;
    let pagesWalked = 0;
    let cursor: string | null | undefined;
    do {
      const res = await fetch(`${base}/history?limit=${WALK_PAGE}${cursor ? `&after=${cursor}` : ''}`, { headers: headersFor(1) });
      const page = JSON.parse(await res.text()) as { entries: unknown[]; nextAfter?: string | null };
      walked += page.entries.length;
      pagesWalked++;
      cursor = page.nextAfter;
    } while (cursor);
    const historyWalk = { entries: walked, pages: pagesWalked, pageSize: WALK_PAGE, ms: round(performance.now() - walkStart) };
    log(`history walk: ${walked} entries in ${pagesWalked} pages, ${historyWalk.ms} ms`);

    // What one request costs without the 32 others (the service time the queue multiplies): one auditor,
    // ONE_AUDITOR requests one after the other per endpoint; and the two statements every audit read runs
    // (the cache serves the rest): the case's fingerprint (count, max position, xmin sum/max over the case's
    // rows, services/audit/src/application/case-cache.ts) and the read-access log INSERT (one committed row).
    const median = (xs: number[]): number => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const timed = async (n: number, f: () => Promise<unknown>): Promise<number> => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await f();
        ms.push(performance.now() - t);
      }
      return median(ms);
    };
    const oneAuditorMedianMs: Record<string, number> = {};
    for (const [name, url] of Object.entries(endpoints)) {
      oneAuditorMedianMs[name] = await timed(ONE_AUDITOR, async () => {
        const res = await fetch(url, { headers: headersFor(2) });
        await res.arrayBuffer();
      });
    }
    const statics = AuditService as unknown as { FINGERPRINT: string; CASE_CONDITION: string };
    const fingerprintMs = await timed(ONE_AUDITOR, () =>
      pool.query(`SELECT ${statics.FINGERPRINT} AS f FROM "${esSchema}".events WHERE ${statics.CASE_CONDITION}`, [caseId]),
    );
    // the check a cached case gets on every read now (store-mark.ts): its rows since the snapshot horizon, the table's edit counters
    const marker = new AuditService({ store, pool, eventstoreSchema: esSchema }) as unknown as {
      tailSince(id: string, horizon: string): Promise<unknown>;
    };
    const horizon = (await pool.query<{ h: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h`)).rows[0]!.h;
    const markCheckMs = await timed(ONE_AUDITOR, () => marker.tailSince(caseId, horizon));
    const readLogInsertMs = await timed(ONE_AUDITOR, () =>
      pool.query(
        `INSERT INTO "${auditSchema}".read_access_log (actor_id, actor_role, actor_jurisdiction, case_id, action, purpose, detail) VALUES ($1, 'auditor', '330106', $2, 'history', $3, '{}')`,
        ['bench-breakdown', caseId, PURPOSE],
      ),
    );
    const breakdown = { oneAuditorMedianMs, fingerprintMs, markCheckMs, readLogInsertMs, requestsEach: ONE_AUDITOR, loadavg: os.loadavg().map((x) => round(x, 2)) };
    log(`one auditor (median ms): ${JSON.stringify(oneAuditorMedianMs)}; full fingerprint ${fingerprintMs} ms, mark check ${markCheckMs} ms, read-log insert ${readLogInsertMs} ms`);

    type Figures = LoadFigures & { loadavg: number[]; responseBytes: number; jsonBytes: number; server: ServerFigures; clientCpuMsPerRequest: number };
    const measure = async (label: string, origin: string, name: string, url: string): Promise<Figures> => {
      await load({ url, connections: CONNECTIONS, amount: CONNECTIONS * 2, headersFor }); // warm-up
      const before = await scrape(origin);
      const cpu = process.cpuUsage();
      const f = await load({ url, connections: CONNECTIONS, amount: REQUESTS, headersFor });
      const clientCpu = process.cpuUsage(cpu);
      const server = serverFigures(before, await scrape(origin), f.requests);
      // Failures are reported (non2xx, errors, timeouts), not thrown: an overloaded service is a figure too.
      if (f.non2xx > 0 || f.errors > 0) log(`${label} ${name}: ${f.non2xx} non-2xx and ${f.errors} errors of ${f.requests}`);
      const clientCpuMsPerRequest = round((clientCpu.user + clientCpu.system) / 1000 / Math.max(1, f.requests), 3);
      log(
        `${label} ${name}: ${f.requests} requests in ${f.seconds} s = ${f.reqPerSec} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms; in the service: p50 ${server.p50Ms} ms, p99 ${server.p99Ms} ms, ` +
          `${server.cpuMsPerRequest} ms CPU per request, event-loop delay p99 ${server.eventLoopDelayP99Ms} ms; client CPU ${clientCpuMsPerRequest} ms per request; load ${os.loadavg()[0]!.toFixed(1)}`,
      );
      return { ...f, loadavg: os.loadavg().map((x) => round(x, 2)), responseBytes: sizes[name]!.wire, jsonBytes: sizes[name]!.json, server, clientCpuMsPerRequest };
    };
    const figures: Record<string, Figures> = {};
    const baselineFigures: Record<string, Figures> = {};
    for (const [name, url] of Object.entries(endpoints)) {
      figures[name] = await measure('mark', service.url, name, url);
      if (baseline) baselineFigures[name] = await measure('recheck-every-read', baseline.url, name, url.replace(service.url, baseline.url));
    }
    const result = {
      bench: 'audit',
      caseEvents,
      auditors: CONNECTIONS,
      requestsPerEndpoint: REQUESTS,
      fieldEncryption: false,
      acceptEncoding: ACCEPT_ENCODING || null,
      endpoints: figures,
      historyWalk,
      breakdown,
      p99Ms: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, v.p99Ms])),
      // p99 of each audit read ÷ p99 of /health/live in the same run: what the audit adds over the machine's floor.
      p99VsLive: Object.fromEntries(Object.entries(figures).filter(([k]) => k !== 'live').map(([k, v]) => [k, round(v.p99Ms / Math.max(1, figures.live!.p99Ms), 2)])),
      // the same for the medians (one outlier of /health/live moves its p99 by seconds on a loaded machine)
      p50VsLive: Object.fromEntries(Object.entries(figures).filter(([k]) => k !== 'live').map(([k, v]) => [k, round(v.p50Ms / Math.max(1, figures.live!.p50Ms), 2)])),
      // the service's own view (its http_request_duration_seconds histogram, from the middleware to the last byte written): where the client's p99 is far above it, the time is queueing outside the handler (the machine, the socket, the client)
      serverP99Ms: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, v.server.p99Ms])),
      serviceCpuMsPerRequest: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, v.server.cpuMsPerRequest])),
      // the same endpoints, interleaved, on an instance that also compares the full fingerprint on every read (AUDIT_CASE_RECHECK_MS=0)
      ...(baseline
        ? {
            recheckEveryRead: baselineFigures,
            markVsRecheckEveryRead: Object.fromEntries(
              Object.entries(figures).map(([k, v]) => [
                k,
                {
                  reqPerSec: round(v.reqPerSec / Math.max(0.1, baselineFigures[k]!.reqPerSec), 2),
                  p99: round(v.p99Ms / Math.max(1, baselineFigures[k]!.p99Ms), 2),
                  serviceCpuPerRequest: round(v.server.cpuMsPerRequest / Math.max(0.001, baselineFigures[k]!.server.cpuMsPerRequest), 2),
                },
              ]),
            ),
          }
        : {}),
      target: { p99MsBelow: 50 },
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    await store.close();
  } finally {
    await service?.stop();
    await baseline?.stop();
    await pool.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${auditSchema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
