/**
 * Where an appendBatch of 1,000 events goes (issue 20, a profile, not a bench): medians over interleaved rounds of
 *   ours      — PostgresEventStore.appendBatch (1,000 new streams, one ~1 KB event each);
 *   raw       — the same rows, one jsonb_to_recordset INSERT into a bare table (PK + UNIQUE (stream_id, revision));
 *   ourTable  — the same rows, the same INSERT into our events table (all its indexes), no head, no hash;
 *   node      — the Node side alone of ours (plain-JSON/canonical text, hash chain, the statement's JSON), no database.
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/_batch-prof.ts
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { PostgresEventStore, canonicalPlainJson, computeEventHashFromParts, type NewEvent } from '@sa/eventstore';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const N = Number(process.env.BENCH_BATCH_EVENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const META = { correlationId: 'application-7d7a3c52-0d3e-4a55-9c55-2b8f0f0b7a10', causationId: 'cmd-bench', actor: { id: 'officer-42', role: 'street_officer', jurisdiction: '330106001' }, occurredAt: '2026-03-01T09:30:00+08:00' };
function payload(seq: number): Record<string, unknown> {
  const base = { seq, applicant: { name: '张三', residentIdMasked: '330106********1234', phone: '138****5678' }, household: [{ relation: 'self', ageYears: 63, monthlyIncomeFen: 120000 }, { relation: 'spouse', ageYears: 61, monthlyIncomeFen: 0 }], address: '浙江省杭州市西湖区某街道某社区 12 幢 3 单元 401 室', requestedBenefit: 'minimum_living_allowance', note: '' };
  base.note = 'x'.repeat(Math.max(0, 1024 - Buffer.byteLength(JSON.stringify(base))));
  return base;
}
const event = (k: number): NewEvent => ({ eventId: randomUUID(), type: 'BenchEvent', schemaVersion: 1, data: payload(k), metadata: META });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: DB_URL, max: 4 });
  const sx = randomUUID().slice(0, 8);
  const ours = `bprof_ours_${sx}`, tbl = `bprof_tbl_${sx}`, raw = `bprof_raw_${sx}`;
  try {
    await PostgresEventStore.migrate(pool, ours);
    await PostgresEventStore.migrate(pool, tbl);
    await pool.query(`CREATE SCHEMA "${raw}"; CREATE TABLE "${raw}".events (position bigserial PRIMARY KEY, tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(), stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL, schema_version int NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, prev_hash text, hash text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision))`);
    const store = new PostgresEventStore({ pool, schema: ours });
    const t: Record<string, number[]> = { ours: [], raw: [], ourTable: [], node: [] };
    const rowsFor = () => Array.from({ length: N }, (_, k) => { const e = event(k); return { stream_id: `benchPay-${randomUUID()}`, revision: 0, event_id: e.eventId, type: e.type, data: e.data, metadata: e.metadata, prev_hash: null, hash: 'h' }; });
    const insert = (schema: string) => async () => {
      await pool.query(`INSERT INTO "${schema}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
        SELECT r.stream_id, r.revision, r.event_id, r.type, 1, r.data, r.metadata, r.prev_hash, r.hash
          FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, revision bigint, event_id uuid, type text, data jsonb, metadata jsonb, prev_hash text, hash text)`, [JSON.stringify(rowsFor())]);
    };
    const variants: Record<string, () => Promise<void>> = {
      ours: async () => { await store.appendBatch(Array.from({ length: N }, (_, k) => ({ streamId: `benchPay-${randomUUID()}`, expectedRevision: 'no_stream' as const, events: [event(k)] }))); },
      raw: insert(raw),
      ourTable: insert(tbl),
      node: async () => {
        if (typeof canonicalPlainJson !== "function") return;
        const items = Array.from({ length: N }, (_, k) => ({ s: `benchPay-${randomUUID()}`, e: event(k) }));
        const out: string[] = [];
        for (const { s, e } of items) {
          const dataJson = canonicalPlainJson(e.data), metadataJson = canonicalPlainJson(e.metadata);
          const hash = computeEventHashFromParts({ prevHash: null, streamId: s, revision: 0, eventId: e.eventId!, type: e.type, schemaVersion: 1, dataJson, metadataJson });
          out.push(`{"s":${JSON.stringify(s)},"data":${dataJson},"metadata":${metadataJson},"hash":"${hash}"}`);
        }
        if (`[${out.join(',')}]`.length === 0) throw new Error('empty');
      },
    };
    for (const v of Object.values(variants)) await v(); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, v] of Object.entries(variants)) { const s = performance.now(); await v(); t[name]!.push(performance.now() - s); }
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(median(v))]));
    process.stdout.write(`${JSON.stringify({ medianMsPer1000: m, oursVsRaw: +(m.raw! / m.ours!).toFixed(2), ourTableVsRaw: +(m.raw! / m.ourTable!).toFixed(2), loadavg: os.loadavg().map((x) => +x.toFixed(1)) })}\n`);
    await store.close();
  } finally {
    for (const s of [ours, tbl, raw]) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
void main();
