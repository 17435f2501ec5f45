/**
 * Statistics benchmark (issue 17 part 3): one monthly-statistics request for a log of N cases, read the old way
 * (every event of the four categories from the event store, full payloads, then `monthlyReport`) and from the read
 * model (`StatisticsFacts.read`: the slim `statistics_facts` rows up to the projection's checkpoint plus the events
 * after it, then `monthlyReport`). In-process, real PostgreSQL, fresh schemas. Prints ONE JSON object on stdout
 * (progress on stderr): the median ms of each path, the ratio, the rows / events read and the projection's
 * catch-up time. The machine is shared: compare the ratio, not the milliseconds.
 *
 *   npm run --silent bench:statistics
 *
 * Each case: the eligibility review case approved through the real decider (its full history: household with names,
 * resident IDs, the assessment and its explanation …) and BENCH_STATS_MONTHS months of payments, paid in batch events of
 * 500 lines (PaymentBatchIssued, as a payment run writes them).
 *
 * Env: TEST_DATABASE_URL, BENCH_STATS_CASES (2000), BENCH_STATS_MONTHS (12), BENCH_STATS_RUNS (5).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, ProjectionProcessor, type GlobalPosition } from '@sa/eventstore';
import { migrateAuditSchema } from '../services/audit/src/application/audit-store';
import { monthlyReport, STATISTICS_STREAM_CATEGORIES, type StatisticsEvent } from '../services/audit/src/domain';
import { auditProjections, StatisticsFacts } from '../services/audit/src/read-models/statistics-projection';
import { decideCase, history, notice, open, opinion, receiveFacts, submit, SYSTEM, visit } from '../services/eligibility/src/domain/__tests__/review-case-fixtures';
import { ensureDatabase } from './support/service';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const CASES = Number(process.env.BENCH_STATS_CASES ?? 2000);
const MONTHS = Number(process.env.BENCH_STATS_MONTHS ?? 12);
const RUNS = Number(process.env.BENCH_STATS_RUNS ?? 5);
const log = (msg: string) => process.stderr.write(`[statistics bench] ${msg}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  await ensureDatabase(DB_URL);
  const suffix = randomBytes(4).toString('hex');
  const es = `bench_stats_es_${suffix}`;
  const audit = `bench_stats_${suffix}`;
  const pool = new Pool({ connectionString: DB_URL, max: 4 });
  try {
    await PostgresEventStore.migrate(pool, es);
    await migrateAuditSchema(pool, audit);
    const store = new PostgresEventStore({ pool, schema: es });
    const meta = (caseId: string) => ({ correlationId: caseId, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-01-10T09:00:00+08:00' });
    const cases: { caseId: string; amountFen: number }[] = [];
    const t0 = Date.now();
    for (let i = 0; i < CASES; i++) {
      const caseId = randomUUID();
      const events = history(open({ caseId, caseNumber: `330106-2026-${String(i).padStart(6, '0')}` }), receiveFacts(180000, { caseId }), visit(), opinion(), notice(), submit(), decideCase());
      const approved = events.find((e) => e.type === 'CaseApproved')!.data as { assessment: { monthlyAmountFen: number } };
      cases.push({ caseId, amountFen: approved.assessment.monthlyAmountFen });
      await store.appendToStream(`reviewCase-${caseId}`, events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: meta(caseId) })), { expectedRevision: 'any' });
    }
    for (let m = 1; m <= MONTHS; m++) {
      const period = `2026-${String(m).padStart(2, '0')}`;
      const runId = `run-330106-${period}`;
      const batches = [];
      for (let b = 0; b < cases.length; b += 500) {
        const payments = cases.slice(b, b + 500).map(({ caseId, amountFen }, j) => ({
          paymentId: randomUUID(),
          entitlementId: randomUUID(),
          caseId,
          caseNumber: `330106-2026-${String(b + j).padStart(6, '0')}`,
          program: 'MINIMUM_LIVING_ALLOWANCE',
          jurisdiction: `330106${String(1 + ((b + j) % 9)).padStart(3, '0')}001`,
          amountFen,
          decisionId: randomUUID(),
          recipient: { memberId: randomUUID(), name: '收款人', bankAccountRef: `acct-${b + j}` },
          kind: 'REGULAR',
          issuedOn: `${period}-15`,
        }));
        batches.push({ eventId: randomUUID(), type: 'PaymentBatchIssued', schemaVersion: 1, data: { runId, period, payments }, metadata: meta(runId) });
      }
      await store.appendToStream(`paymentRun-${runId}`, batches, { expectedRevision: 'any' });
    }
    log(`${CASES} cases, ${MONTHS} months of payments appended in ${Date.now() - t0} ms`);
    const processor = new ProjectionProcessor({ store, pool, schema: audit, projections: auditProjections(audit), autoStart: false });
    const c0 = Date.now();
    await processor.catchUp();
    const catchUpMs = Date.now() - c0;
    const facts = new StatisticsFacts(pool, audit, store);
    const q = { month: `2026-${String(MONTHS).padStart(2, '0')}`, division: '330106' };

    const replay = async () => {
      const events: StatisticsEvent[] = [];
      let after: GlobalPosition | undefined;
      for (;;) {
        const page = await store.readAll({ ...(after ? { after } : {}), maxCount: 5000, filter: { streamCategories: [...STATISTICS_STREAM_CATEGORIES] } });
        for (const r of page) events.push({ streamId: r.streamId, type: r.type, data: r.data, recordedAt: r.recordedAt });
        if (page.length < 5000) break;
        after = page[page.length - 1]!.position;
      }
      return { report: monthlyReport(events, q), read: events.length };
    };
    const fromReadModel = async () => {
      const { events, fromReadModel: rows, fromStore } = await facts.read();
      return { report: monthlyReport(events, q), read: rows, fromStore };
    };
    const a = await replay();
    const b = await fromReadModel();
    if (JSON.stringify(a.report) !== JSON.stringify(b.report)) throw new Error('the read model gives other figures than the replay');
    if (b.fromStore !== 0) throw new Error(`the projection is behind: ${b.fromStore} events read from the store`);
    const time = async (f: () => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = process.hrtime.bigint();
        await f();
        ms.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      return Math.round(median(ms) * 10) / 10;
    };
    const replayMs = await time(replay);
    const readModelMs = await time(fromReadModel);
    const sizes = await pool.query<{ facts: string; events: string }>(
      `SELECT pg_total_relation_size('${audit}.statistics_facts')::text AS facts, (SELECT sum(pg_column_size(data))::text FROM ${es}.events) AS events`,
    );
    process.stdout.write(
      `${JSON.stringify({
        cases: CASES,
        months: MONTHS,
        eventsRead: { replay: a.read, readModel: b.read },
        households: a.report.totals.households,
        medianMs: { replay: replayMs, readModel: readModelMs },
        speedup: Math.round((replayMs / readModelMs) * 10) / 10,
        projectionCatchUpMs: catchUpMs,
        bytes: { factsTable: Number(sizes.rows[0]!.facts), eventPayloads: Number(sizes.rows[0]!.events) },
      })}\n`,
    );
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${es} CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS ${audit} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
