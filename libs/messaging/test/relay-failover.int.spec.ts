/**
 * Past one machine (issue 20): two instances of a relay and two consumers in one consumer group, as
 * processes, over real PostgreSQL and a real Kafka broker (`bash deploy/kafka/kafka.sh up`).
 *
 * One relay publishes while the other stands by on the relay's advisory lock; the active one is
 * SIGKILLed while events are being appended; the standby takes over. Checked: every stored event
 * reaches the topic, in per-case order; the only duplicates are the at-least-once re-publication of
 * what the killed relay had produced but not checkpointed (at most one batch); the two consumers
 * share the partitions and apply every event exactly once, in per-case order (the inbox drops the
 * duplicates), so the effects are those of the stored events — the same as one instance gives.
 * The take-over time is printed (a figure, not asserted).
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { CE_HEADERS } from '@sa/contracts';
import type { EventStore } from '@sa/eventstore';
import { CATEGORY, createEffectTables, createStore, stepEvent } from './support/fixtures';
import {
  createTestDb,
  createTopic,
  header,
  killAllChildren,
  readTopic,
  requireKafka,
  spawnTs,
  suffix,
  testKafka,
  waitFor,
  type TestDb,
  type TsProcess,
} from './support/harness';

jest.setTimeout(480_000); // four ts-node processes start in 25–60 s each on a loaded 2-core machine

let db: TestDb;
let store: EventStore;
let kafka: Kafka;

beforeAll(async () => {
  await requireKafka();
  db = await createTestDb('msg_failover');
  store = await createStore(db.pool, db.schema);
  await createEffectTables(db.pool, db.schema);
  kafka = testKafka('sa-messaging-test');
});

afterAll(async () => {
  killAllChildren();
  await store?.close();
  await db?.drop();
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const timeOf = (line: string): number => Number(line.split(' ').at(-1));

it('two relays: the standby takes over when the active one is SIGKILLed; two consumers in one group apply every event once', async () => {
  const topic = `test.relay-failover.${suffix()}`;
  await createTopic(kafka, topic, 3);
  const maxBatch = 10;
  const relayEnv = { ES_SCHEMA: db.schema, RELAY_SCHEMA: db.schema, TOPIC: topic, RELAY_NAME: `relay-failover-${suffix()}`, MAX_BATCH: String(maxBatch) };
  const consumerEnv = { SCHEMA: db.schema, TOPIC: topic, GROUP_ID: `group-failover-${suffix()}` };
  const cases: string[] = range(12).map(() => randomUUID());
  const procs: TsProcess[] = [];
  const spawn = (script: string, env: Record<string, string>): TsProcess => {
    const p = spawnTs(script, env);
    procs.push(p);
    return p;
  };

  // Two consumers in one group: the topic's three partitions are shared between them.
  const consumers = [spawn('consumer-main.ts', consumerEnv), spawn('consumer-main.ts', consumerEnv)];
  await Promise.all(consumers.map((c) => c.waitForLine(/^READY$/, 150_000)));

  const first = spawn('relay-main.ts', relayEnv);
  await first.waitForLine(/^ACTIVE /, 150_000);
  // The writer appends one step per case every ~150 ms, through the whole take-over.
  let writing = true;
  let perCase = 0;
  const writer = (async () => {
    while (writing) {
      const seq = perCase;
      await Promise.all(cases.map((c) => store.appendToStream(`${CATEGORY}-${c}`, [stepEvent(c, seq)])));
      perCase++;
      await new Promise((r) => setTimeout(r, 150));
    }
  })();

  try {
    const second = spawn('relay-main.ts', relayEnv);
    await second.waitForLine(/^READY$/, 150_000);
    // Both running: the first publishes, the second stands by on the lock.
    const publishedBefore = first.lines.filter((l) => l.startsWith('PUBLISHED ')).length;
    await waitFor(async () => first.lines.filter((l) => l.startsWith('PUBLISHED ')).length, (n) => n >= publishedBefore + 5, 60_000, 'the first relay publishing');
    expect(second.lines.filter((l) => l.startsWith('ACTIVE ') || l.startsWith('PUBLISHED '))).toEqual([]);

    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 200)));
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const activeLine = await second.waitForLine(/^ACTIVE /, 60_000);
    const firstPublished = await second.waitForLine(/^PUBLISHED /, 60_000);
    const lastBeforeKill = Math.max(...first.lines.filter((l) => l.startsWith('PUBLISHED ')).map(timeOf));

    // Keep writing a moment on the new relay, then stop and let everything arrive.
    await waitFor(async () => second.lines.filter((l) => l.startsWith('PUBLISHED ')).length, (n) => n >= 5, 60_000, 'the second relay publishing');
    writing = false;
    await writer;
    const total = cases.length * perCase;
    const ours = new Set(cases);
    const arrived = new Set<string>();
    let looked = 0;
    const messages = (
      await readTopic(
        kafka,
        topic,
        (ms) => {
          for (; looked < ms.length; looked++) if (ours.has(ms[looked]!.key!)) arrived.add(header(ms[looked]!, CE_HEADERS.id)!);
          return arrived.size >= total;
        },
        120_000,
      )
    ).filter((m) => ours.has(m.key!));

    // The topic: every stored event, per-case order kept (first deliveries), duplicates only at-least-once.
    const stored = new Map<string, string[]>();
    for (const c of cases) stored.set(c, (await store.readStream(`${CATEGORY}-${c}`)).map((e) => e.eventId));
    const byCase = new Map<string, string[]>();
    for (const m of messages) {
      const id = header(m, CE_HEADERS.id)!;
      const list = byCase.get(m.key!) ?? [];
      if (!list.includes(id)) list.push(id);
      byCase.set(m.key!, list);
    }
    for (const c of cases) expect(byCase.get(c)).toEqual(stored.get(c));
    const duplicates = messages.length - total;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(maxBatch); // the batch produced but not checkpointed when it died

    // The consumers: each event applied once, in per-case order, by two members sharing the partitions.
    await waitFor(
      async () => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${db.schema}".effects WHERE case_id = ANY($1)`, [cases])).rows[0]!.n,
      (n) => n >= total,
      240_000,
      `${total} effects`,
    );
    const { rows: effects } = await db.pool.query<{ event_id: string; case_id: string; applied_count: number }>(
      `SELECT event_id, case_id, applied_count FROM "${db.schema}".effects WHERE case_id = ANY($1) ORDER BY applied_order`,
      [cases],
    );
    expect(effects).toHaveLength(total);
    expect(effects.every((e) => e.applied_count === 1)).toBe(true);
    for (const c of cases) expect(effects.filter((e) => e.case_id === c).map((e) => e.event_id)).toEqual(stored.get(c));
    const totals = await db.pool.query<{ case_id: string; total: number }>(`SELECT case_id, total FROM "${db.schema}".effect_totals WHERE case_id = ANY($1)`, [cases]);
    expect(new Map(totals.rows.map((r) => [r.case_id, r.total]))).toEqual(new Map(cases.map((c) => [c, perCase])));
    const appliedBy = consumers.map((p) => p.lines.filter((l) => l.startsWith('APPLY ')).length);
    expect(appliedBy.every((n) => n > 0)).toBe(true);

    process.stdout.write(
      `${JSON.stringify({
        relayFailover: {
          events: total,
          cases: cases.length,
          lockTakeOverMs: timeOf(activeLine) - killedAt,
          firstPublishAfterKillMs: timeOf(firstPublished) - killedAt,
          gapBetweenLastAndNextPublishMs: timeOf(firstPublished) - lastBeforeKill,
          duplicatesOnTopic: duplicates,
          appliedByConsumer: appliedBy,
          duplicatesDroppedByInbox: consumers.map((p) => Number(p.lines.filter((l) => l.startsWith('DUPLICATES ')).at(-1)?.split(' ')[1] ?? 0)),
        },
      })}\n`,
    );
  } catch (err) {
    for (const p of procs) process.stderr.write(`--- ${p.child.pid} stdout tail: ${p.lines.slice(-5).join(' | ')}\n--- stderr: ${p.stderr.join('').slice(-3000)}\n`);
    throw err;
  } finally {
    writing = false;
    await writer.catch(() => undefined);
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 20_000))])));
  }
});
