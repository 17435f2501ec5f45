/**
 * The batch event's write with the GIN over every payment line (event store migration 4) against metadata.caseIds and
 * its narrow index (migration 5): one PaymentBatchIssued of BENCH_BATCH (1,000) lines appended to a run stream,
 * interleaved rounds, medians (issue 20; a profile, not a bench).
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/_caseids-prof.ts
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { PostgresEventStore } from '@sa/eventstore';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const LINES = Number(process.env.BENCH_BATCH ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: DB_URL, max: 4 });
  const sx = randomUUID().slice(0, 8);
  const before = `cprof_gin_${sx}`, after = `cprof_ids_${sx}`;
  try {
    for (const s of [before, after]) await PostgresEventStore.migrate(pool, s);
    // "before": the log as migration 4 left it (the GIN over every line of every batch event)
    await pool.query(`DROP INDEX "${before}".events_case_ids_idx; DROP INDEX "${before}".events_payment_batch_legacy_cases_idx;
      CREATE INDEX events_payment_batch_cases_idx ON "${before}".events USING gin ((data->'payments') jsonb_path_ops) WHERE type = 'PaymentBatchIssued'`);
    const stores = { before: new PostgresEventStore({ pool, schema: before }), after: new PostgresEventStore({ pool, schema: after }) };
    const runs = { before: randomUUID(), after: randomUUID() };
    const revisions = { before: -1, after: -1 };
    const batch = (withCaseIds: boolean) => {
      const payments = Array.from({ length: LINES }, () => ({
        paymentId: randomUUID(), entitlementId: randomUUID(), caseId: randomUUID(), caseNumber: 'SA-330106-2026-000123', program: 'MINIMUM_LIVING_ALLOWANCE',
        amountFen: 71_000, decisionId: randomUUID(), recipient: { name: '张某某', bankAccountRef: `bank-account:${randomUUID()}`, accountMasked: '****1234' },
      }));
      const meta = { correlationId: 'run', causationId: 'cmd', actor: { id: 'system', role: 'system', jurisdiction: '330106' }, occurredAt: '2026-04-05T10:00:00+08:00' };
      return { eventId: randomUUID(), type: 'PaymentBatchIssued', schemaVersion: 1, data: { period: '2026-04', payments, held: [] }, metadata: withCaseIds ? { ...meta, caseIds: payments.map((p) => p.caseId) } : meta };
    };
    const t: Record<'before' | 'after', number[]> = { before: [], after: [] };
    for (let r = -1; r < ROUNDS; r++) {
      for (const k of ['before', 'after'] as const) {
        const e = batch(k === 'after');
        const s = performance.now();
        const res = await stores[k].appendToStream(`paymentRun-${runs[k]}`, [e], { expectedRevision: revisions[k] < 0 ? 'no_stream' : revisions[k] });
        if (r >= 0) t[k].push(performance.now() - s);
        revisions[k] = res.nextExpectedRevision;
      }
    }
    const size = async (s: string) => (await pool.query<{ b: string }>(`SELECT pg_indexes_size('"${s}".events')::text AS b`)).rows[0]!.b;
    const m = { before: Math.round(median(t.before)), after: Math.round(median(t.after)) };
    const total = { before: Math.round(t.before.reduce((a, x) => a + x, 0)), after: Math.round(t.after.reduce((a, x) => a + x, 0)) };
    process.stdout.write(`${JSON.stringify({ lines: LINES, rounds: ROUNDS, medianMsPerBatchEvent: m, afterVsBefore: +(m.after / m.before).toFixed(2), totalMs: total, totalAfterVsBefore: +(total.after / total.before).toFixed(2), indexBytes: { before: Number(await size(before)), after: Number(await size(after)) }, loadavg: os.loadavg().map((x) => +x.toFixed(1)) })}\n`);
    for (const st of Object.values(stores)) await st.close();
  } finally {
    for (const s of [before, after]) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
void main();
