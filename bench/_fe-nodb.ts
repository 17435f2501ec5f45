/**
 * Issue 18 (h/seal, 8 Dec 2026): this process's CPU per append of the field-encryption bench WITHOUT a database, keys
 * created on first use as in the bench (fresh cases each round, 10 appends per case): a stand-in pool answers DataKeys'
 * grouped create-or-get ("created") and a stand-in store does what PostgresEventStore does in Node before its INSERT
 * (canonical JSON of data and metadata, the hash chain, the rows' JSON text). CPU µs per append, clear vs through
 * EncryptingEventStore, alternately, median of BENCH_ROUNDS (7); `--cpu-prof` on it shows the encrypted path alone.
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/_fe-nodb.ts
 */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { DataKeys, EncryptingEventStore, FieldEncryptor, LocalKeyring } from '@sa/crypto';
import { canonicalPlainJson, computeEventHashFromParts, type EventStore, type NewEvent } from '@sa/eventstore';
import { applicationDraftData } from './support/field-events';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 4000);
const CASES = Number(process.env.BENCH_CASES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ONLY = process.env.BENCH_ONLY; // 'plain' | 'sm4': one variant only (for a profile)

function event(caseId: string, seq: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ApplicationDraftRevised',
    schemaVersion: 1,
    data: applicationDraftData(caseId, seq),
    metadata: { correlationId: caseId, causationId: `cmd-${seq}`, actor: { id: 'officer-42', role: 'community_officer', jurisdiction: '330106001001' }, occurredAt: '2026-03-02T09:30:00+08:00' },
  };
}

/** Answers DataKeys' grouped create-or-get as PostgreSQL does for subjects without a key: every one created. */
const pool = {
  async query(text: string, params: unknown[]) {
    if (text.includes('WITH input AS')) return { rows: (params[0] as string[]).map((subject) => ({ subject, created: true, version: 1, kek_id: null, wrapped: null, found: true })), rowCount: 0 };
    throw new Error(`unexpected statement ${text.slice(0, 60)}`);
  },
} as unknown as Pool;

const heads = new Map<string, { r: number; h: string | null }>();
/** What PostgresEventStore computes in Node for an append (prepareEvents, planWrite, rowsJson), without the database. */
const store = {
  async appendToStream(streamId: string, events: NewEvent[]) {
    const head = heads.get(streamId) ?? { r: -1, h: null };
    const rows: string[] = [];
    for (const e of events) {
      const dataJson = canonicalPlainJson(e.data);
      const metadataJson = canonicalPlainJson(e.metadata);
      const r = head.r + 1;
      const hash = computeEventHashFromParts({ prevHash: head.h, streamId, revision: r, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, dataJson, metadataJson });
      rows.push(`{"s":${JSON.stringify(streamId)},"r":${r},"id":${JSON.stringify(e.eventId)},"data":${dataJson},"metadata":${metadataJson},"hash":"${hash}"}`);
      head.r = r;
      head.h = hash;
    }
    heads.set(streamId, head);
    Buffer.byteLength(`[${rows.join(',')}]`); // the driver encodes the statement's text
    await new Promise<void>((resolve) => setImmediate(resolve)); // the round trip
    return { nextExpectedRevision: head.r, position: { commit: 0n, prepare: 0n }, written: true };
  },
} as unknown as EventStore;

async function run(s: EventStore): Promise<number> {
  const cases = Array.from({ length: CASES }, () => randomUUID());
  let next = 0;
  const t = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (;;) {
        const seq = next++;
        if (seq >= APPENDS) return;
        const c = cases[seq % cases.length]!;
        await s.appendToStream(`application-${c}`, [event(c, seq)]);
      }
    }),
  );
  const u = process.cpuUsage(t);
  return (u.user + u.system) / APPENDS;
}

async function main(): Promise<void> {
  const keys = new DataKeys(pool, new LocalKeyring(join(mkdtempSync(join(os.tmpdir(), 'sa-nodb-kr-')), 'keyring.json')));
  (keys as unknown as { migrated: Promise<unknown> }).migrated = Promise.resolve();
  const enc = new EncryptingEventStore(store, new FieldEncryptor(keys, { suite: 's4' }));
  const out: Record<string, number[]> = { plain: [], sm4: [] };
  await run(store);
  await run(enc);
  for (let r = 0; r < ROUNDS; r++) {
    if (ONLY !== 'sm4') out.plain!.push(await run(store));
    if (ONLY !== 'plain') out.sm4!.push(await run(enc));
  }
  const med = (xs: number[]) => (xs.length ? Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! * 10) / 10 : null);
  process.stdout.write(`${JSON.stringify({ cpuMicrosPerAppend: { plain: med(out.plain!), sm4: med(out.sm4!) }, perRound: out, load: os.loadavg()[0] })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
