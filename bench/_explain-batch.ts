/** EXPLAIN (ANALYZE, BUFFERS) of appendBatch's write statement for 1,000 new streams (issue 20 profile, not a bench). */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, canonicalPlainJson, computeEventHashFromParts } from '@sa/eventstore';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const N = Number(process.env.BENCH_BATCH_EVENTS ?? 1000);
const META = { correlationId: 'application-7d7a3c52-0d3e-4a55-9c55-2b8f0f0b7a10', causationId: 'cmd-bench', actor: { id: 'officer-42', role: 'street_officer', jurisdiction: '330106001' }, occurredAt: '2026-03-01T09:30:00+08:00' };
function payload(seq: number): Record<string, unknown> {
  const base = { seq, applicant: { name: '张三', residentIdMasked: '330106********1234', phone: '138****5678' }, household: [{ relation: 'self', ageYears: 63, monthlyIncomeFen: 120000 }, { relation: 'spouse', ageYears: 61, monthlyIncomeFen: 0 }], address: '浙江省杭州市西湖区某街道某社区 12 幢 3 单元 401 室', requestedBenefit: 'minimum_living_allowance', note: '' };
  base.note = 'x'.repeat(Math.max(0, 1024 - Buffer.byteLength(JSON.stringify(base))));
  return base;
}
async function main(): Promise<void> {
  const pool = new Pool({ connectionString: DB_URL, max: 2 });
  const sx = randomUUID().slice(0, 8);
  const schema = `bexp_${sx}`;
  const s = `"${schema}"`;
  try {
    await PostgresEventStore.migrate(pool, schema);
    // some history so the indexes are not empty
    const store = new PostgresEventStore({ pool, schema });
    for (let k = 0; k < 5; k++) {
      await store.appendBatch(Array.from({ length: 1000 }, (_, i) => ({ streamId: `benchPay-${randomUUID()}`, expectedRevision: 'no_stream' as const, events: [{ eventId: randomUUID(), type: 'BenchEvent', schemaVersion: 1, data: payload(i), metadata: META }] })));
    }
    const mk = () => {
      const heads: unknown[] = [];
      const rows: string[] = [];
      for (let o = 0; o < N; o++) {
        const st = `benchPay-${randomUUID()}`, id = randomUUID();
        const dataJson = canonicalPlainJson(payload(o)), metadataJson = canonicalPlainJson(META);
        const hash = computeEventHashFromParts({ prevHash: null, streamId: st, revision: 0, eventId: id, type: 'BenchEvent', schemaVersion: 1, dataJson, metadataJson });
        heads.push({ s: st, base: -1, last: 0, hash });
        rows.push(`{"o":${o},"s":"${st}","r":0,"id":"${id}","type":"BenchEvent","sv":1,"data":${dataJson},"metadata":${metadataJson},"prev":null,"hash":"${hash}"}`);
      }
      (heads as Array<{ s: string }>).sort((a, b) => (a.s < b.s ? -1 : 1));
      return [JSON.stringify(heads), `[${rows.join(',')}]`];
    };
    const full = `WITH input AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(s text, base bigint, last bigint, hash text)
         ), head AS (
           INSERT INTO ${s}.streams AS st (stream_id, revision, last_hash)
           SELECT i.s, i.last, i.hash FROM input i ORDER BY i.s
           ON CONFLICT (stream_id) DO UPDATE
             SET revision = EXCLUDED.revision, last_hash = EXCLUDED.last_hash, updated_at = now()
             WHERE st.revision = (SELECT i.base FROM input i WHERE i.s = st.stream_id)
           RETURNING st.stream_id
         ), ins AS (
           INSERT INTO ${s}.events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
           SELECT v.s, v.r, v.id, v.type, v.sv, v.data, v.metadata, v.prev, v.hash
             FROM jsonb_to_recordset($2::jsonb)
                  AS v(o int, s text, r bigint, id uuid, type text, sv int, data jsonb, metadata jsonb, prev text, hash text)
            WHERE v.s IN (SELECT stream_id FROM head)
            ORDER BY v.o
           RETURNING stream_id, position, tx_id
         )
         SELECT stream_id, max(position)::text AS position, min(tx_id::text) AS tx_id FROM ins GROUP BY stream_id`;
    const c = await pool.connect();
    for (let rep = 0; rep < 3; rep++) {
      const v = mk();
      await c.query('BEGIN');
      const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING) ${full}`, v);
      process.stdout.write(`--- full statement, rep ${rep}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      await c.query('ROLLBACK');
      await c.query('BEGIN');
      const t0 = performance.now();
      await c.query(`SELECT count(*) FROM jsonb_to_recordset($1::jsonb) AS v(o int, s text, r bigint, id uuid, type text, sv int, data jsonb, metadata jsonb, prev text, hash text)`, [v[1]]);
      const t1 = performance.now();
      await c.query(full, v);
      const t2 = performance.now();
      await c.query('COMMIT');
      const t3 = performance.now();
      process.stdout.write(`parse-only ${(t1 - t0).toFixed(1)} ms, full ${(t2 - t1).toFixed(1)} ms, commit ${(t3 - t2).toFixed(1)} ms\n`);
    }
    c.release();
    await store.close();
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
void main();
