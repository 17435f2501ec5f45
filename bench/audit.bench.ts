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
 * Env: TEST_DATABASE_URL, BENCH_AUDIT_PORT (8000), BENCH_CONNECTIONS (32), BENCH_AUDIT_REQUESTS (640 per
 *      endpoint), BENCH_AUDIT_VISITS (4990), BENCH_AUDIT_ACCEPT_ENCODING ('gzip, deflate, br' as browsers send;
 *      '' for none), BENCH_AUDIT_PAGE (1000: the walk's page size), BENCH_AUDIT_ONE (20: requests per endpoint of the
 *      one-auditor breakdown, and runs of the fingerprint query and of the read-log INSERT).
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
const REQUESTS = Number(process.env.BENCH_AUDIT_REQUESTS ?? 640);
const VISITS = Number(process.env.BENCH_AUDIT_VISITS ?? 4990);
const ACCEPT_ENCODING = process.env.BENCH_AUDIT_ACCEPT_ENCODING ?? 'gzip, deflate, br';
const WALK_PAGE = Number(process.env.BENCH_AUDIT_PAGE ?? 1000);
const ONE_AUDITOR = Number(process.env.BENCH_AUDIT_ONE ?? 20);
const SECRET = 'bench-audit-secret-not-for-production-0123456789';
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

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const suffix = randomUUID().slice(0, 8);
  const esSchema = `bench_audit_es_${suffix}`;
  const auditSchema = `bench_audit_${suffix}`;
  const pool = new Pool({ connectionString: DB_URL, max: 4 });
  const caseId = randomUUID();
  let service: Awaited<ReturnType<typeof startService>> | undefined;
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

    service = await startService('audit', PORT, {
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
    }, 600_000); // ts-node start-up of the whole service: minutes on a machine at load 30
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
    const readLogInsertMs = await timed(ONE_AUDITOR, () =>
      pool.query(
        `INSERT INTO "${auditSchema}".read_access_log (actor_id, actor_role, actor_jurisdiction, case_id, action, purpose, detail) VALUES ($1, 'auditor', '330106', $2, 'history', $3, '{}')`,
        ['bench-breakdown', caseId, PURPOSE],
      ),
    );
    const breakdown = { oneAuditorMedianMs, fingerprintMs, readLogInsertMs, requestsEach: ONE_AUDITOR, loadavg: os.loadavg().map((x) => round(x, 2)) };
    log(`one auditor (median ms): ${JSON.stringify(oneAuditorMedianMs)}; fingerprint ${fingerprintMs} ms, read-log insert ${readLogInsertMs} ms`);

    const figures: Record<string, LoadFigures & { loadavg: number[]; responseBytes: number; jsonBytes: number }> = {};
    for (const [name, url] of Object.entries(endpoints)) {
      await load({ url, connections: CONNECTIONS, amount: CONNECTIONS * 2, headersFor }); // warm-up
      const f = await load({ url, connections: CONNECTIONS, amount: REQUESTS, headersFor });
      // Failures are reported (non2xx, errors, timeouts), not thrown: an overloaded service is a figure too.
      if (f.non2xx > 0 || f.errors > 0) log(`${name}: ${f.non2xx} non-2xx and ${f.errors} errors of ${f.requests}`);
      figures[name] = { ...f, loadavg: os.loadavg().map((x) => round(x, 2)), responseBytes: sizes[name]!.wire, jsonBytes: sizes[name]!.json };
      log(`${name}: ${f.reqPerSec} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms (${sizes[name]!.wire} bytes per response, ${sizes[name]!.json} as JSON)`);
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
      target: { p99MsBelow: 50 },
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    await store.close();
  } finally {
    await service?.stop();
    await pool.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${auditSchema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
