import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, computeEventHash, toPlainJson } from '@sa/eventstore';
const URL = process.env.TEST_DATABASE_URL!;
async function main() {
  const pool = new Pool({ connectionString: URL, max: 4 });
  const schema = `prof_${Date.now()}`;
  await PostgresEventStore.migrate(pool, schema);
  const store = new PostgresEventStore({ pool, schema });
  const META = { correlationId: 'application-7d7a3c52-0d3e-4a55-9c55-2b8f0f0b7a10', causationId: 'c', actor: { id: 'o', role: 'r', jurisdiction: '330106001' }, occurredAt: '2026-03-01T09:30:00+08:00' };
  const mk = () => Array.from({ length: 1000 }, (_, k) => ({ streamId: `benchPay-${randomUUID()}`, expectedRevision: 'no_stream' as const, events: [{ eventId: randomUUID(), type: 'x.Y', schemaVersion: 1, data: { k, note: 'x'.repeat(900) }, metadata: META }] }));
  const s = `"${schema}"`;
  const sums: Record<string, number> = {};
  const time = async (k: string, f: () => Promise<unknown>) => { const t = process.hrtime.bigint(); await f(); sums[k] = (sums[k] ?? 0) + Number(process.hrtime.bigint() - t) / 1e6; };
  for (let r = 0; r < 5; r++) {
    await time('appendBatch', () => store.appendBatch(mk()));
    const rowsOf = () => { let o = 0; return mk().map((it) => { const e = it.events[0]!; const d = toPlainJson(e.data); const m = toPlainJson(e.metadata); return { o: o++, s: it.streamId, r: 0, id: e.eventId, type: e.type, sv: 1, data: d, metadata: m, prev: null, hash: computeEventHash({ prevHash: null, streamId: it.streamId, revision: 0, eventId: e.eventId, type: e.type, schemaVersion: 1, data: d, metadata: m }) }; }); };
    await time('nodeRowsOnly', async () => rowsOf());
    const rows1 = rowsOf();
    await time('eventsInsertOnly', () => pool.query(`INSERT INTO ${s}.events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash) SELECT v.s, v.r, v.id, v.type, v.sv, v.data, v.metadata, v.prev, v.hash FROM jsonb_to_recordset($1::jsonb) AS v(o int, s text, r bigint, id uuid, type text, sv int, data jsonb, metadata jsonb, prev text, hash text) ORDER BY v.o`, [JSON.stringify(rows1)]));
    const rows2 = rowsOf();
    await time('headsInsertOnly', () => pool.query(`INSERT INTO ${s}.streams (stream_id, revision, last_hash) SELECT v.s, 0, v.hash FROM jsonb_to_recordset($1::jsonb) AS v(s text, hash text)`, [JSON.stringify(rows2.map((x) => ({ s: x.s, hash: x.hash })))]));
    const rows3 = rowsOf();
    await time('headsInsertUnnest', () => pool.query(`INSERT INTO ${s}.streams (stream_id, revision, last_hash) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])`, [rows3.map((x) => x.s), rows3.map(() => 0), rows3.map((x) => x.hash)]));
  }
  console.log(sums);
  await store.close();
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await pool.end();
}
void main();
