/**
 * Issue 18, where the encrypted append's CPU goes, without the database: CPU µs per append of the same bench event through a
 * store that only computes the hash chain (as the PostgreSQL adapter does before its INSERT), in clear and through
 * EncryptingEventStore (keys created and cached before the clock), 8 writers, 400 cases, median of 5 rounds; and the
 * encryption alone over the 400 cases. `TEST_DATABASE_URL=… npx ts-node --transpile-only -r tsconfig-paths/register bench/_fe-split.ts`
 */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DataKeys, EncryptingEventStore, FieldEncryptor, LocalKeyring } from '@sa/crypto';
import { computeEventHash, toPlainJson, type EventStore, type NewEvent } from '@sa/eventstore';

function event(caseId: string, seq: number): NewEvent {
  return { eventId: randomUUID(), type: 'ApplicationDraftRevised', schemaVersion: 1,
    data: { caseId, form: { program: 'MINIMUM_LIVING_ALLOWANCE', household: { address: '杭州市西湖区北山街道某社区1幢1单元101室', phone: '13800000000',
      members: [0, 1, 2, 3].map((i) => ({ memberId: `00000000-0000-4000-8000-${String(seq * 10 + i).padStart(12, '0')}`, residentId: `33010619500101${String(i).padStart(3,'0')}X`, name: ['张伟', '李娜', '张小明', '张小红'][i], relation: 'CHILD', workAbility: 'PARTIAL', ...(i === 1 ? { severeIllness: { condition: '尿毒症', diagnosedOn: '2025-11-20' } } : {}), employment: { status: 'FLEXIBLE_EMPLOYMENT', employer: '零工' } })) },
      declaration: { income: [{ memberId: 'm1', kind: 'WAGES', monthlyFen: 120000 }], assets: [] } }, revisedOn: '2026-03-02' },
    metadata: { correlationId: caseId, causationId: `cmd-${seq}`, actor: { id: 'officer-42', role: 'community_officer', jurisdiction: '330106001001' }, occurredAt: '2026-03-02T09:30:00+08:00' } };
}
async function main() {
  const pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 4 });
  const keys = new DataKeys(pool, new LocalKeyring(join(mkdtempSync(join(os.tmpdir(), 'kr-')), 'k.json')), { schema: `split_${Date.now()}` });
  await keys.migrate();
  const cases = Array.from({ length: 400 }, () => randomUUID());
  await Promise.all(cases.map((c) => keys.keyFor(c)));
  const fake = { appendToStream: async (_s: string, evs: NewEvent[]) => { for (const e of evs) computeEventHash({ prevHash: null, streamId: 's', revision: 0, eventId: e.eventId, type: e.type, schemaVersion: 1, data: toPlainJson(e.data), metadata: toPlainJson(e.metadata) } as never); return {} as never; } } as unknown as EventStore;
  const enc = new EncryptingEventStore(fake, new FieldEncryptor(keys, { suite: 's4' }));
  const N = 4000;
  const run = async (store: EventStore) => { let next = 0; const t = process.cpuUsage(); await Promise.all(Array.from({ length: 8 }, async () => { for (;;) { const s = next++; if (s >= N) return; const c = cases[s % cases.length]!; await store.appendToStream(`a-${c}`, [event(c, s)]); } })); const u = process.cpuUsage(t); return (u.user + u.system) / N; };
  const single = async () => { const f = new FieldEncryptor(keys, { suite: 's4' }); const t = process.cpuUsage(); for (let s = 0; s < N; s++) { const c = cases[s % cases.length]!; const e = event(c, s); await f.encrypt(e.data, c, e.eventId); } const u = process.cpuUsage(t); return (u.user + u.system) / N; };
  const gen = () => { const t = process.cpuUsage(); for (let s = 0; s < N; s++) event(cases[s % 400]!, s); const u = process.cpuUsage(t); return (u.user + u.system) / N; };
  const out: Record<string, number[]> = { gen: [], plainHash: [], encryptingStore: [], encryptOnly400cases: [] };
  for (let r = 0; r < 5; r++) { out.gen!.push(gen()); out.plainHash!.push(await run(fake)); out.encryptingStore!.push(await run(enc)); out.encryptOnly400cases!.push(await single()); }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!.toFixed(1);
  console.log(JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, med(v)]))), 'load', os.loadavg()[0]);
  await pool.query(`DROP SCHEMA IF EXISTS "${(keys as unknown as { schema: string }).schema}" CASCADE`).catch(() => undefined);
  await pool.end();
}
main().catch((e) => { console.error(e); process.exit(1); });
