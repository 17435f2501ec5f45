/**
 * Caseload impact benchmark (issue #14 item 6): how long do `POST /policies/impact` (evaluate a draft
 * standard over every case of the county) and `POST /policies/:versionId/redeterminations` (one
 * proposal per changed case) take with BENCH_CASES active cases (default 50,000)? Through the real
 * eligibility AppModule in-process, over HTTP (supertest), on real PostgreSQL (`TEST_DATABASE_URL`, own
 * schemas dropped at the end); relay, consumers and projections off (no Kafka needed).
 *
 *   npm run bench:impact                     # BENCH_CASES=50000
 *
 * Seeding goes straight into the event store (appendBatch; by default into the undecorated store, so
 * the personal fields are in clear and reading skips decryption; BENCH_SEED_SEALED=true seals them
 * under each case's key as in production, which makes seeding much slower): per case ReviewCaseOpened,
 * VerificationFactsReceived and CaseApproved (a tenth CaseRefused instead), cloned from histories the
 * pure decider produced for 10 wage levels, in ten streets of district 330108. The draft raises the
 * 低保标准 from ¥1,000 to ¥1,100: every active case is an INCREASE. Measured, in this order:
 *
 *   baseline    the county's impact with a tenth of the cases seeded (the baseline in the same process)
 *   impact      the county's impact with all cases seeded (same draft)
 *   proposals   publish the draft, then the proposals for every changed case (appendBatch of 500)
 *   again       the same proposals again (idempotent: nothing written)
 *
 * Output: ONE JSON object on stdout (progress on stderr): seconds, cases/s, peak RSS, the load average,
 * and ratios against the baseline in the same process. No assertion on time.
 */
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { fold } from '@sa/decider';
import { EVENT_STORE, type BatchAppendItem, type EventStore } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { AdjustableClock, CLOCK } from '@sa/time';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../deploy/auth/mint-token';
import { AppModule } from '../services/eligibility/src/app.module';
import { ELIGIBILITY_CONFIG_SPEC } from '../services/eligibility/src/config';
import { DEFAULT_POLICY_VERSION, type ReviewCaseCommand, type ReviewCaseEvent } from '../services/eligibility/src/domain';
import { CASE_ID, CASE_NUMBER, COMMUNITY, decideCase, decider, history, notice, open, opinion, receiveFacts, submit, SYSTEM, visit } from '../services/eligibility/src/domain/__tests__/review-case-fixtures';

const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const CASES = Number(process.env.BENCH_CASES ?? 50_000);
const SEED_SEALED = process.env.BENCH_SEED_SEALED === 'true';
const SECRET = 'impact-bench-secret-0123456789abcdef-0123';
const DISTRICT = '330108';
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_impact_bench_${SUFFIX}`;
const ES_SCHEMA = `es_impact_bench_${SUFFIX}`;
const log = (msg: string) => process.stderr.write(`[impact.bench] ${msg}\n`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

const communityOf = (n: number) => `${DISTRICT}${String(1 + (n % 10)).padStart(3, '0')}${String(1 + (Math.floor(n / 10) % 8)).padStart(3, '0')}`;

/** The three events a case is seeded with (10 wage levels; every tenth case refused). */
function templates(): { approved: ReviewCaseEvent[][]; refused: ReviewCaseEvent[] } {
  const keep = (events: ReviewCaseEvent[]) => events.filter((e) => ['ReviewCaseOpened', 'VerificationFactsReceived', 'CaseApproved', 'CaseRefused'].includes(e.type));
  const approved = Array.from({ length: 10 }, (_, i) => keep(history(open(), receiveFacts(120000 + i * 12000), visit(), opinion(), notice(), submit(), decideCase())));
  const refusedCommands: ReviewCaseCommand[] = [open(), receiveFacts(315000), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }), decideCase({ outcome: 'REFUSE', recipient: null, on: '2026-03-09' })];
  const refused = keep(history(...refusedCommands));
  for (const t of [...approved, refused]) if (fold(decider, t).status === 'NONE') throw new Error('bad template');
  return { approved, refused };
}

function clone(events: ReviewCaseEvent[], caseId: string, caseNumber: string, community: string): ReviewCaseEvent[] {
  return JSON.parse(JSON.stringify(events).replaceAll(CASE_ID, caseId).replaceAll(CASE_NUMBER, caseNumber).replaceAll(`"${COMMUNITY}"`, `"${community}"`)) as ReviewCaseEvent[];
}

async function seed(store: EventStore, from: number, to: number): Promise<number> {
  const { approved, refused } = templates();
  const meta = { correlationId: '', causationId: '', actor: SYSTEM, occurredAt: '2026-03-16T09:00:00+08:00' };
  const PER_CALL = 300; // streams per appendBatch (3 events each: ~900 events)
  const t0 = performance.now();
  for (let start = from; start < to; start += PER_CALL) {
    const items: BatchAppendItem[] = [];
    for (let n = start; n < Math.min(to, start + PER_CALL); n++) {
      const caseId = randomUUID();
      const events = clone(n % 10 === 9 ? refused : approved[n % approved.length]!, caseId, `${DISTRICT}-2026-${String(n).padStart(6, '0')}`, communityOf(n));
      items.push({
        streamId: `reviewCase-${caseId}`,
        expectedRevision: 'no_stream',
        events: events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: { ...meta, correlationId: caseId, causationId: caseId } })),
      });
    }
    await store.appendBatch(items);
    if (((start - from) / PER_CALL) % 20 === 0) log(`seeded ${Math.min(to, start + PER_CALL)} / ${to} cases`);
  }
  const seconds = round((performance.now() - t0) / 1000, 1);
  log(`seeded cases ${from}–${to} in ${seconds} s`);
  return seconds;
}

async function main(): Promise<void> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const clock = new AdjustableClock(new Date('2026-06-05T01:00:00Z'));
  const { app } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      EVENTSTORE_SCHEMA: ES_SCHEMA,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      ELIGIBILITY_RELAY_ENABLED: 'false',
      ELIGIBILITY_CONSUMERS_ENABLED: 'false',
      ELIGIBILITY_PROJECTIONS_ENABLED: 'false',
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
  });
  const store = app.get<EventStore>(EVENT_STORE);
  const admin = `Bearer ${await mintLocalToken('policy_admin', { secret: SECRET, sub: 'policy-330108', jurisdiction: DISTRICT })}`;
  const draft = (division: string) => ({
    ...DEFAULT_POLICY_VERSION,
    policyId: `district-${DISTRICT}`,
    divisionCode: division,
    version: `${division}-2026-06`,
    effectiveFrom: '2026-06-01',
    parameters: { ...DEFAULT_POLICY_VERSION.parameters, subsistenceStandard: 110000 },
  });
  const timed = async <T>(what: string, f: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number }> => {
    if (global.gc) global.gc();
    peak = process.memoryUsage().rss;
    const t0 = performance.now();
    const value = await f();
    const seconds = (performance.now() - t0) / 1000;
    log(`${what}: ${round(seconds)} s`);
    return { value, seconds: round(seconds, 3), peakRssMb: mb(peak) };
  };
  /** Waits until the global log (read below the oldest open transaction of the server) shows `events` review-case events. */
  const visible = async (events: number) => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      for (let i = 0; ; i++) {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM "${ES_SCHEMA}".events e WHERE e.category = 'reviewCase' AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())`,
        );
        if (Number(rows[0]!.n) >= events) return;
        if (i > 600) throw new Error(`only ${rows[0]!.n} of ${events} events visible`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await client.end();
    }
  };
  const post = (path: string, body: object) => request(app.getHttpServer()).post(path).set('Authorization', admin).send(body);
  const ok = <R extends { status: number; body: unknown }>(r: R, what: string): R => {
    if (r.status !== 201) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  try {
    // Sealed (production: personal fields encrypted under each case's key) or raw (faster seeding; reads skip decryption).
    const target = SEED_SEALED ? store : ((store as EventStore & { raw?: EventStore }).raw ?? store);
    const baselineSize = Math.max(1, Math.round(CASES / 10));
    const seedSeconds = [await seed(target, 0, baselineSize)];
    await visible(baselineSize * 3);
    const load = loadavg();
    const baseline = await timed(`baseline impact (${baselineSize} cases in the store)`, async () => ok(await post('/policies/impact', draft(DISTRICT)), 'baseline'));
    seedSeconds.push(await seed(target, baselineSize, CASES));
    await visible(CASES * 3);
    const impact = await timed(`impact (${CASES} cases in the store)`, async () => ok(await post('/policies/impact', draft(DISTRICT)), 'impact'));
    const body = impact.value.body as { impactId: string; cases: number; counts: Record<string, number>; monthlyCostBeforeFen: number; monthlyCostAfterFen: number };
    const published = ok(await post(`/policies/district-${DISTRICT}/versions`, { ...draft(DISTRICT), reason: '低保标准调整（基准测试）' }), 'publish');
    log(`published: ${JSON.stringify(published.body)}`);
    // the catalogue reads the global log below the oldest open transaction (other sessions on the server): wait until it shows the version
    for (let i = 0; (await request(app.getHttpServer()).get(`/policies/versions/${DISTRICT}-2026-06`).set('Authorization', admin)).status !== 200; i++) {
      if (i > 600) throw new Error('the published version never became visible');
      await new Promise((r) => setTimeout(r, 100));
    }
    const proposals = await timed('proposals (county)', async () => ok(await post(`/policies/${DISTRICT}-2026-06/redeterminations`, { impactId: body.impactId }), 'proposals'));
    const again = await timed('proposals again (idempotent)', async () => ok(await post(`/policies/${DISTRICT}-2026-06/redeterminations`, { impactId: body.impactId }), 'again'));
    const baselineCases = (baseline.value.body as { cases: number }).cases;
    const proposed = proposals.value.body as { proposed: number; alreadyProposed: number; unchanged: number; skipped: unknown[] };
    const out = {
      bench: 'impact',
      cases: CASES,
      eventsInStore: CASES * 3,
      cpus: cpus().length,
      loadAverage: load.map((l) => round(l)),
      loadAverageAfter: loadavg().map((l) => round(l)),
      seededSealed: SEED_SEALED,
      seedSeconds,
      baseline: { casesInStore: baselineSize, casesEvaluated: baselineCases, seconds: baseline.seconds, casesPerSec: Math.round(baselineCases / baseline.seconds), peakRssMb: baseline.peakRssMb },
      impact: { casesEvaluated: body.cases, counts: body.counts, monthlyCostBeforeFen: body.monthlyCostBeforeFen, monthlyCostAfterFen: body.monthlyCostAfterFen, seconds: impact.seconds, casesPerSec: Math.round(body.cases / impact.seconds), peakRssMb: impact.peakRssMb },
      proposals: { proposed: proposed.proposed, skipped: proposed.skipped.length, seconds: proposals.seconds, perSec: Math.round(proposed.proposed / proposals.seconds), peakRssMb: proposals.peakRssMb },
      proposalsAgain: { alreadyProposed: (again.value.body as { alreadyProposed: number }).alreadyProposed, proposed: (again.value.body as { proposed: number }).proposed, seconds: again.seconds },
      ratios: {
        /** seconds with all cases over seconds with a tenth of them in the store (10 = linear) */
        impactSecondsVsBaseline: round(impact.seconds / baseline.seconds),
        /** cases/s with all cases over cases/s with a tenth (≈ 1: linear) */
        impactRateVsBaseline: round(body.cases / impact.seconds / (baselineCases / baseline.seconds)),
        proposalsSecondsVsImpact: round(proposals.seconds / impact.seconds),
        idempotentSecondsVsProposals: round(again.seconds / proposals.seconds),
      },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    await app.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
    await client.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
