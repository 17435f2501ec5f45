/**
 * EventRelay over real PostgreSQL (PostgresEventStore) and a real Kafka broker
 * (`bash deploy/kafka/kafka.sh up`).
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { CE_HEADERS, fromKafkaMessage } from '@sa/contracts';
import { formatPosition, type EventStore } from '@sa/eventstore';
import { contractsCodec, EventRelay, PgRelayCheckpointStore, SOURCE_HEADERS } from '../src';
import { CATEGORY, createStore, INTERNAL_TYPE, seqOf, stepEvent, testMapper } from './support/fixtures';
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
  testLogger,
  type ReadMessage,
  type TestDb,
  type TsProcess,
  waitFor,
} from './support/harness';

jest.setTimeout(120_000);

let db: TestDb;
let store: EventStore;
let kafka: Kafka;

beforeAll(async () => {
  await requireKafka();
  db = await createTestDb('msg_relay');
  store = await createStore(db.pool, db.schema);
  kafka = testKafka('sa-messaging-test');
});

afterAll(async () => {
  killAllChildren();
  await store?.close();
  await db?.drop();
});

/** Per case: the seq numbers in arrival order, duplicates removed (first occurrence kept). */
function sequencesByCase(messages: ReadMessage[]): Map<string, number[]> {
  const byCase = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const m of messages) {
    const id = header(m, CE_HEADERS.id)!;
    if (seen.has(id)) continue;
    seen.add(id);
    const event = fromKafkaMessage({ key: m.key, value: m.value, headers: m.headers });
    const list = byCase.get(event.subject) ?? [];
    list.push(seqOf((event.data as { note?: string }).note));
    byCase.set(event.subject, list);
  }
  return byCase;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('EventRelay', () => {
  it('publishes every public event of its categories, keyed by case, in per-case order, with CloudEvents headers', async () => {
    const topic = `test.relay.${suffix()}`;
    await createTopic(kafka, topic, 3);
    const cases = range(5).map(() => randomUUID());
    const perCase = 20;
    // Interleave the cases; every 5th step also records an internal (non-public) event; plus an
    // event of another category, which the relay must not even see.
    for (let seq = 0; seq < perCase; seq++) {
      await Promise.all(
        cases.map(async (caseId) => {
          const events = [stepEvent(caseId, seq)];
          if (seq % 5 === 0) events.push(stepEvent(caseId, seq, INTERNAL_TYPE));
          await store.appendToStream(`${CATEGORY}-${caseId}`, events);
        }),
      );
    }
    await store.appendToStream(`verification-${randomUUID()}`, [stepEvent(randomUUID(), 0)]);
    const total = cases.length * perCase;

    const relay = new EventRelay({
      name: `relay-${suffix()}`,
      store,
      pool: db.pool,
      schema: db.schema,
      streamCategories: [CATEGORY],
      topic,
      map: testMapper,
      kafka,
      codec: contractsCodec,
      logger: testLogger,
    });
    await relay.start();
    const started = Date.now();
    const messages = await readTopic(kafka, topic, (ms) => ms.length >= total);
    const elapsed = Date.now() - started;

    // Then a live event (appended after the relay caught up) arrives too.
    const live = randomUUID();
    await store.appendToStream(`${CATEGORY}-${live}`, [stepEvent(live, 0)]);
    const withLive = await readTopic(kafka, topic, (ms) => ms.some((m) => m.key === live));
    await relay.stop();

    expect(messages).toHaveLength(total);
    const byCase = sequencesByCase(messages);
    expect([...byCase.keys()].sort()).toEqual([...cases].sort());
    for (const caseId of cases) expect(byCase.get(caseId)).toEqual(range(perCase));
    // One case, one partition.
    for (const caseId of cases) {
      expect(new Set(messages.filter((m) => m.key === caseId).map((m) => m.partition)).size).toBe(1);
    }
    for (const m of messages) {
      const event = fromKafkaMessage({ key: m.key, value: m.value, headers: m.headers });
      expect(m.key).toBe(event.subject);
      expect(header(m, CE_HEADERS.specversion)).toBe('1.0');
      expect(header(m, CE_HEADERS.type)).toBe('sa.intake.ApplicationWithdrawn');
      expect(header(m, CE_HEADERS.source)).toBe('/social-assistance/intake');
      expect(header(m, CE_HEADERS.dataschema)).toMatch(/\/intake\/ApplicationWithdrawn\/v1\.json$/);
      expect(header(m, CE_HEADERS.contentType)).toBe('application/json');
      expect(header(m, CE_HEADERS.time)).toBe('2025-03-04T09:30:00+08:00');
      expect(header(m, CE_HEADERS.correlationId)).toBe(event.subject);
      expect(header(m, SOURCE_HEADERS.streamId)).toBe(`${CATEGORY}-${event.subject}`);
      expect(header(m, SOURCE_HEADERS.sourceEventId)).toBe(event.id);
      expect(header(m, SOURCE_HEADERS.globalPosition)).toMatch(/^\d+\/\d+$/);
    }
    expect(withLive.filter((m) => m.key === live)).toHaveLength(1);

    const metrics = relay.metrics();
    expect(metrics.published).toBe(total + 1);
    expect(metrics.skipped).toBe(cases.length * (perCase / 5));
    expect(metrics.inFlight).toBe(0);
    // The checkpoint is the last relayed event's position.
    const last = (await store.readAll({ filter: { streamCategories: [CATEGORY] } })).at(-1)!;
    const checkpoints = new PgRelayCheckpointStore(db.pool, db.schema);
    expect(formatPosition((await checkpoints.load(relay.name))!)).toBe(formatPosition(last.position));
    expect(await relay.backlog()).toBe(0);
    process.stdout.write(`relay round-trip: ${total} events in ${elapsed} ms\n`);
  });

  it('fans one stored event out to many integration events (a payment-run batch), in order, over produce requests of at most 500', async () => {
    const topic = `test.relay.${suffix()}`;
    await createTopic(kafka, topic, 3);
    const cases = range(3).map(() => randomUUID());
    const perEvent = 1200;
    // One stored event per case; the mapper turns each into `perEvent` events of that case.
    // A category of its own: the earlier tests' events (same store) are not this relay's.
    const category = `fanout${suffix().replace(/[^a-z0-9]/gi, '')}`;
    for (const caseId of cases) await store.appendToStream(`${category}-${caseId}`, [stepEvent(caseId, 0)]);
    const fanOut = (recorded: Parameters<typeof testMapper>[0]) => {
      const one = testMapper(recorded);
      if (!one) return null;
      return range(perEvent).map((i) => ({ ...one, id: randomUUID(), data: { ...(one.data as object), note: `seq=${i}` } }));
    };
    const relay = new EventRelay({
      name: `relay-${suffix()}`,
      store,
      pool: db.pool,
      schema: db.schema,
      streamCategories: [category],
      topic,
      map: fanOut,
      kafka,
      codec: contractsCodec,
      logger: testLogger,
    });
    await relay.start();
    const messages = await readTopic(kafka, topic, (ms) => ms.length >= cases.length * perEvent);
    await relay.stop();
    expect(messages).toHaveLength(cases.length * perEvent);
    const byCase = sequencesByCase(messages);
    for (const caseId of cases) expect(byCase.get(caseId)).toEqual(range(perEvent));
    expect(relay.metrics()).toMatchObject({ published: cases.length * perEvent, inFlight: 0 });
    expect(await relay.backlog()).toBe(0);
  });

  it('retries a failing produce with back-off and never skips: nothing is checkpointed until the broker acks', async () => {
    // The topic does not exist and the relay may not create it: every produce fails until it does.
    const topic = `test.relay-retry.${suffix()}`;
    const caseId = randomUUID();
    const relay = new EventRelay({
      name: `relay-retry-${suffix()}`,
      store,
      pool: db.pool,
      schema: db.schema,
      streamCategories: [CATEGORY],
      topic,
      map: testMapper,
      kafka,
      codec: contractsCodec,
      ensureTopic: false,
      retryBackoff: { initialMs: 100, maxMs: 500 },
      logger: testLogger,
    });
    await relay.start();
    await store.appendToStream(`${CATEGORY}-${caseId}`, range(10).map((seq) => stepEvent(caseId, seq)));
    await waitFor(async () => relay.metrics(), (m) => m.errors >= 1, 60_000, 'a failed produce');
    expect(relay.metrics()).toMatchObject({ published: 0, checkpoint: null });
    expect(relay.metrics().inFlight).toBeGreaterThan(0);
    expect(await new PgRelayCheckpointStore(db.pool, db.schema).load(relay.name)).toBeUndefined();

    await createTopic(kafka, topic, 3);
    const messages = await readTopic(kafka, topic, (ms) => ms.filter((m) => m.key === caseId).length >= 10);
    await relay.stop();
    expect(sequencesByCase(messages.filter((m) => m.key === caseId)).get(caseId)).toEqual(range(10));
    expect(relay.metrics().checkpoint).not.toBeNull();
  });

  // Six relay processes one after the other: ts-node starts in 25–60 s each on a loaded 2-core machine.
  it('survives SIGKILL at random moments while events are appended: every event arrives, per-case order kept', async () => {
    const topic = `test.relay-kill.${suffix()}`;
    await createTopic(kafka, topic, 3);
    const relayName = `relay-kill-${suffix()}`;
    const cases = range(8).map(() => randomUUID());
    const env = { ES_SCHEMA: db.schema, RELAY_SCHEMA: db.schema, TOPIC: topic, RELAY_NAME: relayName, MAX_BATCH: '10' };

    // Writer: appends 2 steps per case every ~60 ms, all through the kill rounds.
    let writing = true;
    let perCase = 0;
    const writer = (async () => {
      while (writing) {
        const first = perCase;
        await Promise.all(
          cases.map((c) => store.appendToStream(`${CATEGORY}-${c}`, [0, 1].map((i) => stepEvent(c, first + i)))),
        );
        perCase += 2;
        await new Promise((r) => setTimeout(r, 60));
      }
    })();

    const kills: string[] = [];
    let proc: TsProcess | undefined;
    try {
      for (let round = 0; round < 5; round++) {
        proc = spawnTs('relay-main.ts', env);
        await proc.waitForLine(/^READY$/, 120_000);
        await proc.waitForLine(/^PUBLISHED /, 60_000);
        // A random moment while it is publishing (a batch in flight, or acked but not checkpointed...).
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
        proc.child.kill('SIGKILL');
        const exit = await proc.exited;
        expect(exit.signal).toBe('SIGKILL');
        kills.push(`${proc.lines.filter((l) => l.startsWith('PUBLISHED ')).length}`);
      }
      writing = false;
      await writer;
      const total = cases.length * perCase;
      // Final run: catch up and stop gracefully.
      proc = spawnTs('relay-main.ts', env);
      await proc.waitForLine(/^READY$/, 120_000);
      // (The store also holds the first test's events: count this test's cases only.)
      const ours = new Set<string>(cases);
      // Counted as the messages arrive (a Set rebuilt per message is quadratic: minutes for ~10 k messages on a loaded machine).
      const arrived = new Set<string>();
      let looked = 0;
      const messages = (
        await readTopic(kafka, topic, (ms) => {
          for (; looked < ms.length; looked++) if (ours.has(ms[looked]!.key!)) arrived.add(header(ms[looked]!, CE_HEADERS.id)!);
          return arrived.size >= total;
        })
      ).filter((m) => ours.has(m.key!));
      proc.child.kill('SIGTERM');
      expect((await proc.exited).code).toBe(0);

      const byCase = sequencesByCase(messages);
      for (const caseId of cases) expect(byCase.get(caseId)).toEqual(range(perCase));
      const duplicates = messages.length - total;
      process.stdout.write(
        `relay kill test: ${total} events (${cases.length} cases), ${kills.length} SIGKILLs (batches acked before each: ` +
          `${kills.join(',')}), ${duplicates} duplicate deliveries\n`,
      );
    } finally {
      writing = false;
      if (proc && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
      await writer.catch(() => undefined);
    }
  }, 900_000);
});
