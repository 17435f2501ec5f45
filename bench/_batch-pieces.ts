/**
 * Pieces of a 1,000-event appendBatch against raw multi-row writes (issue 20 profile, not a bench): medians of
 * interleaved rounds, ms per 1,000 rows, each variant building its own rows inside the timing (as the bench does).
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/_batch-pieces.ts
 * Variants: ours (appendBatch), rawJsonb / rawValues / rawCopy (bare table), tblJsonb / tblCopy (our events table, all
 * its indexes, no head, no hash), heads (1,000 head upserts alone). Env: BENCH_VARIANTS (comma list), BENCH_ROUNDS (8),
 * BENCH_BATCH_EVENTS (1000), BENCH_PREFILL (rows COPYed into every table first: bigger indexes, as in the bench).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PostgresEventStore, type NewEvent } from '@sa/eventstore';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const N = Number(process.env.BENCH_BATCH_EVENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const ONLY = process.env.BENCH_VARIANTS?.split(',');
const META = { correlationId: 'application-7d7a3c52-0d3e-4a55-9c55-2b8f0f0b7a10', causationId: 'cmd-bench', actor: { id: 'officer-42', role: 'street_officer', jurisdiction: '330106001' }, occurredAt: '2026-03-01T09:30:00+08:00' };
function payload(seq: number): Record<string, unknown> {
  const base = { seq, applicant: { name: '张三', residentIdMasked: '330106********1234', phone: '138****5678' }, household: [{ relation: 'self', ageYears: 63, monthlyIncomeFen: 120000 }, { relation: 'spouse', ageYears: 61, monthlyIncomeFen: 0 }], address: '浙江省杭州市西湖区某街道某社区 12 幢 3 单元 401 室', requestedBenefit: 'minimum_living_allowance', note: '' };
  base.note = 'x'.repeat(Math.max(0, 1024 - Buffer.byteLength(JSON.stringify(base))));
  return base;
}
const event = (k: number): NewEvent => ({ eventId: randomUUID(), type: 'BenchEvent', schemaVersion: 1, data: payload(k), metadata: META });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const COLS = 'stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash';
const esc = (t: string): string => (t.includes('\\') ? t.replace(/\\/g, '\\\\') : t);

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: DB_URL, max: 4 });
  const sx = randomUUID().slice(0, 8);
  const ours = `bpc_ours_${sx}`, tbl = `bpc_tbl_${sx}`, raw = `bpc_raw_${sx}`;
  try {
    await PostgresEventStore.migrate(pool, ours);
    await PostgresEventStore.migrate(pool, tbl);
    await pool.query(`CREATE SCHEMA "${raw}"; CREATE TABLE "${raw}".events (position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL, schema_version int NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, prev_hash text, hash text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision))`);
    const store = new PostgresEventStore({ pool, schema: ours });
    const jsonbInsert = (schema: string) => async () => {
      const rows = Array.from({ length: N }, (_, k) => { const e = event(k); return { stream_id: `benchPay-${randomUUID()}`, revision: 0, event_id: e.eventId, type: e.type, data: e.data, metadata: e.metadata, prev_hash: null, hash: 'h' }; });
      await pool.query(`INSERT INTO "${schema}".events (${COLS})
        SELECT r.stream_id, r.revision, r.event_id, r.type, 1, r.data, r.metadata, r.prev_hash, r.hash
          FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, revision bigint, event_id uuid, type text, data jsonb, metadata jsonb, prev_hash text, hash text)`, [JSON.stringify(rows)]);
    };
    const copyInsert = (schema: string) => async () => {
      const lines: string[] = [];
      for (let k = 0; k < N; k++) {
        const e = event(k);
        lines.push(`benchPay-${randomUUID()}\t0\t${e.eventId}\t${e.type}\t1\t${esc(JSON.stringify(e.data))}\t${esc(JSON.stringify(e.metadata))}\t\\N\th\n`);
      }
      const c: PoolClient = await pool.connect();
      try {
        await pipeline(Readable.from([lines.join('')]), c.query(copyFrom(`COPY "${schema}".events (${COLS}) FROM STDIN`)));
      } finally { c.release(); }
    };
    const variants: Record<string, () => Promise<void>> = {
      ours: async () => { await store.appendBatch(Array.from({ length: N }, (_, k) => ({ streamId: `benchPay-${randomUUID()}`, expectedRevision: 'no_stream' as const, events: [event(k)] }))); },
      rawJsonb: jsonbInsert(raw),
      rawValues: async () => {
        const values: unknown[] = []; const tuples: string[] = [];
        for (let k = 0; k < N; k++) { const e = event(k); const b = values.length; values.push(`benchPay-${randomUUID()}`, 0, e.eventId, e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata), null, 'h'); tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`); }
        await pool.query(`INSERT INTO "${raw}".events (${COLS}) VALUES ${tuples.join(', ')}`, values);
      },
      rawCopy: copyInsert(raw),
      tblJsonb: jsonbInsert(tbl),
      tblCopy: copyInsert(tbl),
      heads: async () => {
        const heads = Array.from({ length: N }, () => ({ s: `benchPay-${randomUUID()}`, base: -1, last: 0, hash: 'h' })).sort((a, b) => (a.s < b.s ? -1 : 1));
        await pool.query(`INSERT INTO "${tbl}".streams AS st (stream_id, revision, last_hash) SELECT i.s, i.last, i.hash FROM jsonb_to_recordset($1::jsonb) AS i(s text, base bigint, last bigint, hash text)
          ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision WHERE st.revision = -5`, [JSON.stringify(heads)]);
      },
    };
    for (const k of Object.keys(variants)) if (ONLY && !ONLY.includes(k)) delete variants[k];
    const PREFILL = Number(process.env.BENCH_PREFILL ?? 0);
    for (let f = 0; f < PREFILL; f += N) {
      await copyInsert(raw)();
      for (const sch of [ours, tbl]) {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const lines: string[] = []; const heads: string[] = [];
          for (let k = 0; k < N; k++) { const e = event(k); const st = `benchCase-${randomUUID()}`; heads.push(`${st}\t0\th\n`); lines.push(`${st}\t0\t${e.eventId}\t${e.type}\t1\t${esc(JSON.stringify(e.data))}\t${esc(JSON.stringify(e.metadata))}\t\\N\th\n`); }
          await pipeline(Readable.from([lines.join('')]), c.query(copyFrom(`COPY "${sch}".events (${COLS}) FROM STDIN`)));
          await pipeline(Readable.from([heads.join('')]), c.query(copyFrom(`COPY "${sch}".streams (stream_id, revision, last_hash) FROM STDIN`)));
          await c.query('COMMIT');
        } finally { c.release(); }
      }
    }
    if (PREFILL) await pool.query('CHECKPOINT').catch(() => undefined);
    for (const v of Object.values(variants)) await v(); // warm-up
    const t: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    const names = Object.keys(variants);
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(r + i) % names.length]!;
        const s = performance.now(); await variants[name]!(); t[name]!.push(performance.now() - s);
      }
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(median(v))]));
    process.stdout.write(`${JSON.stringify({ medianMsPer1000: m, loadavg: os.loadavg().map((x) => +x.toFixed(1)) })}\n`);
    await store.close();
  } finally {
    for (const s of [ours, tbl, raw]) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
void main();
