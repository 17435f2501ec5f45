/**
 * Payment-run benchmark: one district's monthly run over N synthetic entitlements, on real PostgreSQL
 * (`TEST_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/social_assistance_test), each size in
 * a fresh schema pair (disbursement + event store) dropped at the end.
 *
 *   npm run --silent bench:payment-run                       # 100 k and 1 M (issue 20's figure)
 *   BENCH_SIZES=100000 npm run --silent bench:payment-run    # 100 k only (a quick look)
 *
 * It measures what the service does: PaymentRunExecutor.start + execute (keyset pages of entitlements,
 * amountForPeriod per entitlement, per batch one transaction with a multi-row INSERT … ON CONFLICT DO
 * NOTHING of the payment rows, ONE event-store append of the batch's `PaymentBatchIssued` event IN that
 * transaction, progress row + run snapshot, the batch's part of the bank file; batch N+1 decided and
 * inserting its rows while batch N appends and commits), then the bank file assembled from the parts.
 * Seeding is not timed. Baseline in the same process, on the same rows: the bank file written again the
 * way it was before the parts (re-reading every payment row of the run after the batches) —
 * `bankFile.assembleSeconds` (last batch → file recorded) against `bankFile.rereadSeconds`, and both
 * files' digests must be equal.
 * Env: BENCH_SIZES (100000,1000000), BENCH_BATCH (1000), BENCH_SEED_CHUNK (50000).
 * Output: ONE JSON object on stdout (progress on stderr): per size wall time, payments/s, peak RSS (sampled
 * every 50 ms) and the load average after it; `scaling` = t(largest)/t(smallest) against the size ratio;
 * `targets` = issue 20's (≤ 60 s and ≤ 400 MB at 1 M, scaling ≤ 11 for 100 k → 1 M).
 */
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { PostgresEventStore } from '@sa/eventstore';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { LocalDirectoryBankFileWriter } from '../services/disbursement/src/bank/bank-file';
import { paymentRunStreamId } from '../services/disbursement/src/domain';
import { migrateDisbursementSchema } from '../services/disbursement/src/read-models/migrations';
import { PaymentRunExecutor } from '../services/disbursement/src/payment-runs/payment-run-executor';
import { AdjustableClock } from '@sa/time';

const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const batchSize = Number(process.env.BENCH_BATCH ?? 1000);
const seedChunk = Number(process.env.BENCH_SEED_CHUNK ?? 50000);
const log = (msg: string) => process.stderr.write(`[payment-run.bench] ${msg}\n`);

/** Synthetic entitlements of district 440305, registered from 2026-01, in the shape the consumer writes. */
async function seed(pool: Pool, schema: string, n: number): Promise<void> {
  for (let from = 0; from < n; from += seedChunk) {
    const count = Math.min(seedChunk, n - from);
    await pool.query(
      `INSERT INTO "${schema}".entitlements (entitlement_id, case_id, case_number, program, jurisdiction, district, state, revision, registered_at)
       SELECT e.id, c.id, 'DB-440305001-2026-' || lpad(g.i::text, 7, '0'), 'MINIMUM_LIVING_ALLOWANCE', '440305001001', '440305',
              jsonb_build_object(
                'registered', true, 'entitlementId', e.id, 'caseId', c.id, 'caseNumber', 'DB-440305001-2026-' || lpad(i::text, 7, '0'),
                'program', 'MINIMUM_LIVING_ALLOWANCE', 'jurisdiction', '440305001001',
                'recipient', jsonb_build_object('memberId', c.id, 'name', '收款人' || i, 'bankAccountRef', 'acct-' || i),
                'startMonth', '2026-01',
                'timeline', jsonb_build_array(jsonb_build_object('from', '2026-01', 'decisionId', c.id, 'kind', 'AMOUNT', 'amountFen', 50000 + (i % 100000))),
                'decisionIds', jsonb_build_array(c.id)),
              0, now() - interval '1 day'
         FROM (SELECT i, gen_random_uuid() AS eid, gen_random_uuid() AS cid FROM generate_series($1::int, $2::int) AS i) g,
              LATERAL (SELECT g.eid AS id) e,
              LATERAL (SELECT g.cid AS id) c`,
      [from + 1, from + count],
    );
    log(`  seeded ${from + count}/${n}`);
  }
  await pool.query(`ANALYZE "${schema}".entitlements`);
}

async function runSize(n: number) {
  const suffix = randomBytes(4).toString('hex');
  const schema = `bench_disb_${suffix}`;
  const esSchema = `bench_es_disb_${suffix}`;
  const pool = new Pool({ connectionString: DATABASE_URL, max: 10 });
  const bankDir = await mkdtemp(join(tmpdir(), 'bench-bank-'));
  const store = new PostgresEventStore({ pool, schema: esSchema });
  try {
    await migrateDisbursementSchema(pool, schema);
    await PostgresEventStore.migrate(pool, esSchema);
    log(`size ${n}: seeding`);
    await seed(pool, schema, n);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    let lastBatchAt = 0n;
    const executor = new PaymentRunExecutor({
      pool,
      store,
      schema,
      bankFiles: new LocalDirectoryBankFileWriter(bankDir),
      batchSize,
      clock: new AdjustableClock(new Date('2026-03-05T09:00:00+08:00')),
      onBatch: (s) => {
        lastBatchAt = process.hrtime.bigint();
        if (s.batches % 100 === 0) log(`  ${s.done}/${s.total}`);
      },
    });
    const t0 = process.hrtime.bigint();
    const started = await executor.start('440305', '2026-03', { id: 'bench', role: 'disbursement_officer', jurisdiction: '440305' });
    const state = await executor.execute(started.runId);
    const tEnd = process.hrtime.bigint();
    const wallMs = Number(tEnd - t0) / 1e6;
    const assembleMs = Number(tEnd - lastBatchAt) / 1e6;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const loadAverageAfterRun = loadavg().map((x) => Math.round(x * 100) / 100);
    // Baseline: the same file written again from the payment rows (the way before the parts).
    log(`size ${n}: baseline — the bank file re-read from the payment rows`);
    const t1 = process.hrtime.bigint();
    const reread = await new LocalDirectoryBankFileWriter(bankDir).write('reread.csv', state.runId, executor.bankFileLines(state.runId));
    const rereadMs = Number(process.hrtime.bigint() - t1) / 1e6;
    const events = await store.readStream(paymentRunStreamId(state.runId), { direction: 'backwards', maxCount: 1 });
    const recordedSha = (events[0]?.data as { sha256?: string } | undefined)?.sha256;
    const [counts] = (
      await pool.query<{ payments: number; distinct_entitlements: number; events: number }>(
        `SELECT (SELECT count(*)::int FROM "${schema}".payments) AS payments,
                (SELECT count(DISTINCT entitlement_id)::int FROM "${schema}".payments) AS distinct_entitlements,
                (SELECT count(*)::int FROM "${esSchema}".events) AS events`,
      )
    ).rows;
    const file = await stat(join(bankDir, state.bankFileRefs[0]!));
    return {
      entitlements: n,
      batchSize,
      status: state.status,
      payments: state.paymentCount,
      paymentRows: counts!.payments,
      distinctEntitlementsPaid: counts!.distinct_entitlements,
      eventStoreEvents: counts!.events,
      wallSeconds: Math.round(wallMs) / 1000,
      paymentsPerSecond: Math.round((state.paymentCount / wallMs) * 1000),
      peakRssMb: Math.round(peakRss / 1048576),
      rssBeforeMb: Math.round(rssBefore / 1048576),
      bankFileBytes: file.size,
      bankFile: {
        assembleSeconds: Math.round(assembleMs) / 1000,
        rereadSeconds: Math.round(rereadMs) / 1000,
        rereadOverAssemble: Math.round((rereadMs / assembleMs) * 100) / 100,
        sameDigest: recordedSha === reread.sha256,
      },
      loadAverageAfter: loadAverageAfterRun,
      loadAverageAfterBaseline: loadavg().map((x) => Math.round(x * 100) / 100),
    };
  } finally {
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`).catch(() => undefined);
    await pool.end();
    await rm(bankDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const n of sizes) {
    results.push(await runSize(n));
    log(`size ${n}: ${JSON.stringify(results[results.length - 1])}`);
  }
  const small = results[0]!;
  const large = results[results.length - 1]!;
  const scaling =
    results.length > 1
      ? { from: small.entitlements, to: large.entitlements, sizeRatio: large.entitlements / small.entitlements, timeRatio: Math.round((large.wallSeconds / small.wallSeconds) * 100) / 100 }
      : null;
  const million = results.find((r) => r.entitlements === 1_000_000);
  const out = {
    bench: 'payment-run',
    adapter: 'postgresql',
    database: DATABASE_URL.replace(/\/\/[^@]*@/, '//***@'),
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    results,
    scaling,
    targets: million
      ? {
          wallSecondsAt1M: { value: million.wallSeconds, target: 60, met: million.wallSeconds <= 60 },
          peakRssMbAt1M: { value: million.peakRssMb, target: 400, met: million.peakRssMb <= 400 },
          ...(scaling && scaling.sizeRatio === 10 ? { timeRatio1Mto100k: { value: scaling.timeRatio, target: 11, met: scaling.timeRatio <= 11 } } : {}),
        }
      : null,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
