/**
 * Two instances of every service under the journey's load (issue 20, "Past one machine").
 *
 *   npm run build:emit && npm run --silent bench:two-instances        (services run from dist/)
 *
 * The cross-service journey's harness (test/e2e/support: a dedicated broker on E2E_KAFKA_PORT, fresh schemas,
 * the verification-platform simulator, every service a `node dist/...` process under the repo's supervisor)
 * drives a fixed, seeded set of BENCH_HOUSEHOLDS synthetic households (test/simulator/fixtures.ts
 * `syntheticHousehold`, fixed case ids) through the journey's steps: application, submission and acceptance
 * (intake) → verification against the simulator → home visit, opinion and public notice (eligibility) → eight days
 * later submission and the county's decision → the entitlement in disbursement → the monthly payment runs of the
 * first BENCH_MONTHS months. Two cohorts, half the households each, overlap: while the first cohort is decided,
 * the second applies, so that eligibility consumes (accepted applications, verification reports) and publishes
 * (decisions) at the same time. Requests go round-robin over the instances of each service.
 *
 * Run "one": one instance of every service. Run "two": BENCH_INSTANCES (2) of every service, same schemas and
 * consumer groups, different HTTP ports; halfway through the overlapping stage the instance of BENCH_KILL
 * (eligibility) that holds the relay's lock is SIGKILLed (not restarted). The broker is reset between the runs.
 *
 * Prints ONE JSON object on stdout (progress on stderr): per run wall times, cases/min, the payment runs, the
 * redeliveries dropped by the inboxes (log lines of every instance), and for run "two" the take-over: kill →
 * the survivor's relay holds the lock / stores its first checkpoint (= first batch acknowledged by the broker),
 * kill → the consumer group has one member less and is stable again, kill → the first event applied on each
 * partition; and whether the digest of (case → decision outcome, amount, start month, policy) and (case →
 * payments by month and kind) is the same in both runs.
 *
 * Env: BENCH_HOUSEHOLDS (24), BENCH_CONCURRENCY (6 journeys in flight), BENCH_INSTANCES (2), BENCH_KILL
 * (eligibility | none), BENCH_MONTHS (2), BENCH_SEED (case ids and which synthetic households), BENCH_START
 * (2026-03-02, the first cohort's application day), BENCH_RUNS (one,two), BENCH_POOL_MAX (6: DATABASE_POOL_MAX of every
 * service process, both runs), plus the e2e harness's
 * TEST_DATABASE_URL, E2E_KAFKA_PORT, E2E_KAFKA_CONTROLLER_PORT.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import { createKafka, silentLogger } from '@sa/messaging';
import { syntheticHousehold, SYNTHETIC_HOUSEHOLDS } from '../test/simulator/fixtures';
import { call } from '../test/e2e/support/api';
import { atTen, Journey, tokens, type PaymentSeen } from '../test/e2e/support/journey';
import { KAFKA_PORT, System, TEST_DATABASE_URL, assertBuilt, sleep, type Proc, type ServiceName } from '../test/e2e/support/system';
import { ensureDatabase, logTo, round } from './support/service';

const N = Math.max(2, Number(process.env.BENCH_HOUSEHOLDS ?? 24));
const CONCURRENCY = Math.max(1, Number(process.env.BENCH_CONCURRENCY ?? 6));
const INSTANCES = Math.max(2, Number(process.env.BENCH_INSTANCES ?? 2));
const KILL = (process.env.BENCH_KILL ?? 'eligibility') as ServiceName | 'none';
const MONTHS = Math.max(1, Number(process.env.BENCH_MONTHS ?? 2));
const SEED = process.env.BENCH_SEED ?? 'two-instances';
const START = process.env.BENCH_START ?? '2026-03-02';
const RUNS = (process.env.BENCH_RUNS ?? 'one,two').split(',').map((s) => s.trim());
/** Each service process's pool (DATABASE_POOL_MAX), the same in both runs: 12 processes × the default 10 (+ key store, relay lock, listen) exceed a shared PostgreSQL's 100 connections. */
const POOL_MAX = process.env.BENCH_POOL_MAX ?? '6';

const log = logTo('two-instances');
const load = () => os.loadavg().map((x) => round(x, 2));

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** A UUID (version 4 layout) fixed by the seed and the household's index. */
function caseIdOf(i: number): string {
  const h = sha(`${SEED}:${i}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const HOUSEHOLD_OFFSET = parseInt(sha(SEED).slice(0, 6), 16) % (SYNTHETIC_HOUSEHOLDS - N);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthAfter = (month: string, n = 1) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + m - 1 + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
};

/** Runs the tasks with at most `width` in flight; `onDone` after each. */
async function pool<T>(items: T[], width: number, run: (item: T) => Promise<void>, onDone?: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await run(item);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Application to public notice: intake, the verification report in eligibility, visit, opinion, notice. */
async function applyToNotice(j: Journey): Promise<void> {
  await j.intake();
  await j.reviewCaseWithFacts(1, 180_000);
  await j.investigateAndPropose();
}

/** The consumer group of a service's inbox consumer as the System configures it. */
function consumerGroup(sys: System, svc: ServiceName): string {
  const clientId = `sa-${svc}-${sys.suffix}`;
  switch (svc) {
    case 'eligibility':
      return `sa-eligibility-${sys.suffix}`;
    case 'verification':
      return `sa-verification-${sys.suffix}`;
    case 'disbursement':
      return `${clientId}.eligibility-events`;
    default:
      return clientId;
  }
}

const logText = (p: Proc) => (existsSync(p.logFile) ? readFileSync(p.logFile, 'utf8') : '');

/** The time of the first log line containing `needle` (its own `time` if it has one, else when seen). */
function logTime(text: string, needle: string): number | undefined {
  const line = text.split('\n').find((l) => l.includes(needle));
  if (!line) return undefined;
  try {
    const t = JSON.parse(line).time;
    const ms = typeof t === 'number' ? t : Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  } catch {
    // not JSON
  }
  return Date.now();
}

interface Takeover {
  service: ServiceName;
  killed: string;
  survivor: string;
  killedAt: string;
  /** Kill → the survivor's relay holds the advisory lock (its log line). */
  relayLockMs?: number;
  /** Kill → the survivor stored its first relay checkpoint (its first batch acknowledged by the broker). */
  relayFirstPublishMs?: number;
  /** Kill → the consumer group has one member less and is stable. */
  groupRebalancedMs?: number;
  groupMembersBefore?: number;
  groupMembersAfter?: number;
  /** Kill → the first event applied (inbox row) after the rebalance. */
  firstAppliedAfterRebalanceMs?: number;
  /** Kill → the first event applied on each partition (topic:partition), for the partitions that had one. */
  firstAppliedByPartitionMs?: Record<string, number>;
}

/** SIGKILLs the instance of `svc` holding the relay lock and watches the take-over (resolves when seen or after 150 s). */
async function killAndWatch(sys: System, svc: ServiceName): Promise<{ takeover: Takeover; finish: () => Promise<Takeover> }> {
  const procs = sys.instances(svc);
  const standing = procs.filter((p) => logText(p).includes('standing by'));
  const victim = procs.find((p) => !standing.includes(p) && p.alive) ?? procs[0]!;
  const survivors = procs.filter((p) => p !== victim);
  const schema = sys.schemas[svc];
  const group = consumerGroup(sys, svc);
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  const admin = createKafka({ clientId: 'bench-two-instances-admin', brokers: [`127.0.0.1:${KAFKA_PORT}`], logger: silentLogger }).admin();
  await admin.connect();
  const members = async () => {
    const { groups } = await admin.describeGroups([group]);
    return { count: groups[0]?.members.length ?? 0, state: groups[0]?.state ?? 'Unknown' };
  };
  const before = await members();
  const checkpointAt = async (): Promise<number | undefined> => {
    const { rows } = await db.query<{ at: Date }>(`SELECT updated_at AS at FROM "${schema}".relay_checkpoints WHERE relay_name = $1`, [svc]);
    return rows[0]?.at.getTime();
  };
  const killedAt = Date.now();
  await victim.kill();
  log(`SIGKILLed ${victim.name} (held the relay lock; group ${group} had ${before.count} members)`);
  const t: Takeover = { service: svc, killed: victim.name, survivor: survivors.map((p) => p.name).join(','), killedAt: new Date(killedAt).toISOString(), groupMembersBefore: before.count };
  let rebalancedAt: number | undefined;
  const watch = (async () => {
    const until = killedAt + 150_000;
    while (Date.now() < until && (t.relayLockMs === undefined || t.relayFirstPublishMs === undefined || rebalancedAt === undefined)) {
      if (t.relayLockMs === undefined) {
        for (const s of survivors) {
          const at = logTime(logText(s), 'relay lock acquired, now active');
          if (at !== undefined) t.relayLockMs = at - killedAt;
        }
      }
      if (t.relayFirstPublishMs === undefined) {
        const at = await checkpointAt().catch(() => undefined);
        if (at !== undefined && at > killedAt) t.relayFirstPublishMs = at - killedAt;
      }
      if (rebalancedAt === undefined) {
        const m = await members().catch(() => undefined);
        if (m && m.count === before.count - 1 && m.state === 'Stable') {
          rebalancedAt = Date.now();
          t.groupRebalancedMs = rebalancedAt - killedAt;
          t.groupMembersAfter = m.count;
        }
      }
      await sleep(100);
    }
  })();
  return {
    takeover: t,
    finish: async () => {
      await watch;
      const { rows } = await db.query<{ tp: string; at: Date }>(
        `SELECT topic || ':' || partition AS tp, min(received_at) AS at FROM "${schema}".inbox
          WHERE consumer_group = $1 AND received_at > $2 GROUP BY 1 ORDER BY 1`,
        [group, new Date(killedAt)],
      );
      t.firstAppliedByPartitionMs = Object.fromEntries(rows.map((r) => [r.tp, r.at.getTime() - killedAt]));
      if (rebalancedAt !== undefined) {
        const after = await db.query<{ at: Date | null }>(`SELECT min(received_at) AS at FROM "${schema}".inbox WHERE consumer_group = $1 AND received_at >= $2`, [
          group,
          new Date(rebalancedAt),
        ]);
        if (after.rows[0]?.at) t.firstAppliedAfterRebalanceMs = after.rows[0].at.getTime() - killedAt;
      }
      await admin.disconnect().catch(() => undefined);
      await db.end().catch(() => undefined);
      return t;
    },
  };
}

interface RunResult {
  instancesPerService: number;
  startSeconds: number;
  /** First application → last payment run written. */
  wallSeconds: number;
  casesPerMinute: number;
  /** First application → last decision. */
  decidedSeconds: number;
  decisionsPerMinute: number;
  stages: Record<string, number>;
  paymentRuns: Omit<PaymentSeen, 'runId'>[];
  redeliveriesDroppedByInbox: number;
  redeliveriesByProcess: Record<string, number>;
  relayTakeoversLogged: number;
  supervisorRestarts: number;
  peakDatabaseConnections: number;
  loadAverage: { before: number[]; after: number[] };
  digest: string;
  takeover?: Takeover;
  /** Per case: decision and payments (for the comparison; not printed). */
  entries: Record<string, unknown>;
}

async function runOnce(label: string, instances: number, kill: ServiceName | 'none'): Promise<RunResult> {
  const loadBefore = load();
  await System.kafka('up');
  const sys = new System(`bench-twin-${label}`, { instances, env: { DATABASE_POOL_MAX: POOL_MAX } });
  // Peak connections of the bench's database (every process of the run), sampled every second.
  const probe = new Client({ connectionString: TEST_DATABASE_URL });
  await probe.connect();
  let peakConnections = 0;
  const sampler = setInterval(() => {
    void probe
      .query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()')
      .then(({ rows }) => (peakConnections = Math.max(peakConnections, rows[0]!.n)))
      .catch(() => undefined);
  }, 1000);
  try {
    const t0 = Date.now();
    await sys.start();
    const startSeconds = (Date.now() - t0) / 1000;
    log(`${label}: ${instances} instance(s) of every service ready in ${round(startSeconds)} s`);
    await sys.setNow(atTen(START));
    const t = await tokens();
    const journeys = Array.from({ length: N }, (_, i) => new Journey(sys, { caseId: caseIdOf(i), household: syntheticHousehold(HOUSEHOLD_OFFSET + i), tokens: t }));
    const half = Math.ceil(N / 2);
    const [first, second] = [journeys.slice(0, half), journeys.slice(half)];
    const stages: Record<string, number> = {};
    const stage = async (name: string, body: () => Promise<void>) => {
      const s = Date.now();
      await body();
      stages[name] = round((Date.now() - s) / 1000);
      log(`${label}: ${name} ${stages[name]} s (load ${load()[0]})`);
    };
    const began = Date.now();
    await stage('cohort1ApplyToNotice', () => pool(first, CONCURRENCY, applyToNotice));
    await sys.setNow(atTen(addDays(START, 8)));
    let watcher: Awaited<ReturnType<typeof killAndWatch>> | undefined;
    let killing: Promise<void> | undefined;
    await stage('cohort1DecideCohort2Apply', async () => {
      // Decisions of the first cohort interleaved with the second cohort's applications.
      const tasks: (() => Promise<void>)[] = [];
      for (let i = 0; i < Math.max(first.length, second.length); i++) {
        if (first[i]) tasks.push(() => first[i]!.submitAndDecide().then(() => undefined));
        if (second[i]) tasks.push(() => applyToNotice(second[i]!));
      }
      await pool(tasks, CONCURRENCY, (task) => task(), (done) => {
        if (kill !== 'none' && !killing && done >= Math.floor(tasks.length / 2)) {
          killing = killAndWatch(sys, kill).then((w) => {
            watcher = w;
          });
        }
      });
    });
    await killing;
    await sys.setNow(atTen(addDays(START, 16)));
    await stage('cohort2Decide', () => pool(second, CONCURRENCY, (j) => j.submitAndDecide().then(() => undefined)));
    const decidedSeconds = (Date.now() - began) / 1000;
    await stage('entitlements', () => pool(journeys, CONCURRENCY, (j) => j.entitlement(undefined, 180_000).then(() => undefined)));
    const startMonths = new Set(journeys.map((j) => j.record.decision!.startMonth));
    const firstMonth = [...startMonths].sort()[0]!;
    const paymentRuns: Omit<PaymentSeen, 'runId'>[] = [];
    await stage('paymentRuns', async () => {
      for (let k = 0; k < MONTHS; k++) {
        const { runId: _r, ...seen } = await journeys[0]!.paymentRun(monthAfter(firstMonth, k));
        paymentRuns.push(seen);
      }
    });
    const wallSeconds = (Date.now() - began) / 1000;
    // The digest: what was decided and paid, per case (case numbers and generated ids left out: they differ).
    const entries: Record<string, unknown> = {};
    await pool(journeys, CONCURRENCY, async (j) => {
      const s = await call('GET', j.url('disbursement', `/disbursement/cases/${j.caseId}/statement`), t.disbursement);
      if (s.status !== 200) throw new Error(`statement ${j.caseId}: ${s.status} ${JSON.stringify(s.body)}`);
      const review = await call('GET', j.url('eligibility', `/review-cases/${j.caseId}`), t.county);
      entries[j.caseId] = {
        status: review.body.status,
        decision: j.record.decision,
        payments: (s.body.months as { month: string; regularFen: number; netPaidFen: number; payments: { kind: string; amountFen: number }[] }[]).map((m) => ({
          month: m.month,
          regularFen: m.regularFen,
          netPaidFen: m.netPaidFen,
          lines: m.payments.map((p) => `${p.kind}:${p.amountFen}`).sort(),
        })),
      };
    });
    const sorted = Object.fromEntries(Object.keys(entries).sort().map((k) => [k, entries[k]]));
    const takeover = watcher ? await watcher.finish() : undefined;
    const redeliveriesByProcess: Record<string, number> = {};
    let relayTakeoversLogged = 0;
    for (const { name, file } of sys.logFiles()) {
      const text = readFileSync(file, 'utf8');
      const n = text.split('redelivery dropped by the inbox').length - 1;
      if (n) redeliveriesByProcess[name] = n;
      relayTakeoversLogged += text.split('relay lock acquired, now active').length - 1;
    }
    const supervisorRestarts = [...sys.replicas.values()].flat().reduce((sum, p) => sum + p.restarts, 0);
    return {
      instancesPerService: instances,
      startSeconds: round(startSeconds),
      wallSeconds: round(wallSeconds),
      casesPerMinute: round((N * 60) / wallSeconds),
      decidedSeconds: round(decidedSeconds),
      decisionsPerMinute: round((N * 60) / decidedSeconds),
      stages,
      paymentRuns,
      redeliveriesDroppedByInbox: Object.values(redeliveriesByProcess).reduce((a, b) => a + b, 0),
      redeliveriesByProcess,
      relayTakeoversLogged,
      supervisorRestarts,
      peakDatabaseConnections: peakConnections,
      loadAverage: { before: loadBefore, after: load() },
      digest: sha(JSON.stringify(sorted)),
      ...(takeover ? { takeover } : {}),
      entries: sorted,
    };
  } finally {
    clearInterval(sampler);
    await probe.end().catch(() => undefined);
    await sys.stop();
    await System.stopKafka();
  }
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureDatabase(TEST_DATABASE_URL);
  log(`${N} households (synthetic ${HOUSEHOLD_OFFSET}…${HOUSEHOLD_OFFSET + N - 1}), ${CONCURRENCY} in flight, runs ${RUNS.join(', ')}; load ${load()}`);
  const results: Record<string, RunResult> = {};
  for (const run of RUNS) {
    results[run] = run === 'one' ? await runOnce('one', 1, 'none') : await runOnce(run, INSTANCES, KILL);
  }
  const [a, b] = [results.one, results.two];
  const differences: string[] = [];
  if (a && b) {
    for (const k of new Set([...Object.keys(a.entries), ...Object.keys(b.entries)])) {
      if (JSON.stringify(a.entries[k]) !== JSON.stringify(b.entries[k])) differences.push(`${k}: ${JSON.stringify(a.entries[k])} ≠ ${JSON.stringify(b.entries[k])}`);
    }
  }
  const approved = a ? Object.values(a.entries).filter((e) => (e as { status: string }).status === 'APPROVED').length : undefined;
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'two-instances',
        households: N,
        concurrency: CONCURRENCY,
        seed: SEED,
        start: START,
        months: MONTHS,
        kill: KILL,
        runs: Object.fromEntries(Object.entries(results).map(([k, { entries: _e, ...r }]) => [k, r])),
        ...(a && b
          ? {
              throughputTwoOverOne: round(b.casesPerMinute / a.casesPerMinute, 2),
              decisionsTwoOverOne: round(b.decisionsPerMinute / a.decisionsPerMinute, 2),
              identical: a.digest === b.digest,
              approvedInRunOne: approved,
              differences: differences.slice(0, 5),
            }
          : {}),
        loadAverageAtEnd: load(),
        cpus: os.cpus().length,
      },
      null,
      2,
    )}\n`,
  );
  if (a && b && a.digest !== b.digest) process.exitCode = 1;
}

main().catch((err) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  void System.stopKafka().finally(() => process.exit(1));
});
