/**
 * InboxConsumer over real PostgreSQL and a real Kafka broker (`bash deploy/kafka/kafka.sh up`).
 */
import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { CE_HEADERS, dlqTopic, schemaId, toKafkaMessage, type IntegrationEvent } from '@sa/contracts';
import {
  contractsCodec,
  DLQ_HEADERS,
  InboxConsumer,
  replayDeadLetters,
  SOURCE_HEADERS,
  type InboxHandler,
  type InboxMessageContext,
} from '../src';
import { createEffectTables, effectHandler, withdrawn } from './support/fixtures';
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
  waitFor,
  type TestDb,
} from './support/harness';

jest.setTimeout(120_000);

let db: TestDb;
let kafka: Kafka;
let producer: Producer;
const consumers: InboxConsumer<IntegrationEvent>[] = [];

beforeAll(async () => {
  await requireKafka();
  db = await createTestDb('msg_inbox');
  await createEffectTables(db.pool, db.schema);
  kafka = testKafka('sa-messaging-test');
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
});

afterAll(async () => {
  killAllChildren();
  await Promise.allSettled(consumers.map((c) => c.stop()));
  await producer?.disconnect();
  await db?.drop();
});

function consumer(options: {
  topic: string;
  groupId?: string;
  handler?: InboxHandler<IntegrationEvent>;
  attempts?: number;
}): InboxConsumer<IntegrationEvent> {
  const c = new InboxConsumer<IntegrationEvent>({
    kafka,
    groupId: options.groupId ?? `group-${suffix()}`,
    topics: [options.topic],
    pool: db.pool,
    schema: db.schema,
    codec: contractsCodec,
    handler: options.handler ?? effectHandler(db.schema),
    retry: { attempts: options.attempts ?? 5, baseMs: 50, maxMs: 400 },
    logger: testLogger,
  });
  consumers.push(c);
  return c;
}

async function effectsOf(caseIds: string[]): Promise<{ event_id: string; case_id: string; note: string; applied_count: number }[]> {
  const { rows } = await db.pool.query(
    `SELECT event_id, case_id, note, applied_count FROM "${db.schema}".effects WHERE case_id = ANY($1) ORDER BY applied_order`,
    [caseIds],
  );
  return rows;
}

async function totalsOf(caseIds: string[]): Promise<Map<string, number>> {
  const { rows } = await db.pool.query<{ case_id: string; total: number }>(
    `SELECT case_id, total FROM "${db.schema}".effect_totals WHERE case_id = ANY($1)`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.case_id, r.total]));
}

describe('InboxConsumer', () => {
  it('applies each effect exactly once when every message is delivered twice', async () => {
    const topic = `test.inbox-dup.${suffix()}`;
    await createTopic(kafka, topic, 3);
    const cases = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const events = cases.flatMap((c) => Array.from({ length: 10 }, (_, seq) => withdrawn(c, seq)));
    // Every message at least twice: odd ones once in the first send and once in the second; even
    // ones back to back in the first send and once more in the third.
    const first = events.flatMap((e, i) => (i % 2 === 0 ? [e, e] : [e]));
    const second = events.filter((_, i) => i % 2 === 1);
    await producer.send({ topic, acks: -1, messages: first.map(toKafkaMessage) });
    await producer.send({ topic, acks: -1, messages: second.map(toKafkaMessage) });
    await producer.send({ topic, acks: -1, messages: events.filter((_, i) => i % 2 === 0).map(toKafkaMessage) });
    const delivered = first.length + second.length + events.length / 2;

    const c = consumer({ topic });
    const started = Date.now();
    await c.start();
    await waitFor(async () => c.metrics().received, (n) => n >= delivered, 60_000, 'all deliveries');
    const elapsed = Date.now() - started;

    const effects = await effectsOf(cases);
    expect(effects).toHaveLength(events.length);
    expect(effects.every((e) => e.applied_count === 1)).toBe(true);
    expect([...(await totalsOf(cases)).values()]).toEqual([10, 10, 10, 10]);
    expect(c.metrics()).toMatchObject({ received: delivered, applied: events.length, duplicates: delivered - events.length });
    const { rows: inbox } = await db.pool.query(
      `SELECT count(*)::int AS n FROM "${db.schema}".inbox WHERE consumer_group = $1`,
      [c.groupId],
    );
    expect(inbox[0].n).toBe(events.length);
    // Per case, in order: the last applied is seq 9, applied 10 times.
    const { rows: positions } = await db.pool.query(
      `SELECT case_id, last_event_id, applied_count::int AS applied_count FROM "${db.schema}".inbox_case_positions
        WHERE consumer_group = $1 ORDER BY case_id`,
      [c.groupId],
    );
    expect(positions).toHaveLength(cases.length);
    for (const p of positions) {
      expect(p.applied_count).toBe(10);
      expect(p.last_event_id).toBe(events.filter((e) => e.subject === p.case_id).at(-1)!.id);
    }
    await c.stop();
    process.stdout.write(`inbox duplicates: ${delivered} deliveries of ${events.length} events in ${elapsed} ms\n`);
  });

  it('after a crash between the DB commit and the offset commit, the effect is still applied once', async () => {
    const topic = `test.inbox-crash.${suffix()}`;
    await createTopic(kafka, topic, 1);
    const groupId = `group-crash-${suffix()}`;
    const caseId = randomUUID();
    const events = Array.from({ length: 10 }, (_, seq) => withdrawn(caseId, seq));
    await producer.send({ topic, acks: -1, messages: events.map(toKafkaMessage) });
    const env = { SCHEMA: db.schema, TOPIC: topic, GROUP_ID: groupId };

    const crashing = spawnTs('consumer-main.ts', { ...env, SA_MESSAGING_KILL_AFTER_DB_COMMIT: '4' });
    const exit = await crashing.exited;
    expect(exit.signal).toBe('SIGKILL');
    // The 4th effect committed; its offset did not (only the first three are committed).
    expect(await effectsOf([caseId])).toHaveLength(4);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(offsets[0]!.partitions[0]!.offset).toBe('3');

    const restarted = spawnTs('consumer-main.ts', env);
    await restarted.waitForLine(/^READY$/);
    await waitFor(() => effectsOf([caseId]), (rows) => rows.length >= 10, 60_000, '10 effects');
    await restarted.waitForLine(/^DUPLICATES 1$/, 10_000);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);

    const effects = await effectsOf([caseId]);
    expect(effects.map((e) => e.note)).toEqual(events.map((_, seq) => `seq=${seq}`));
    expect(effects.every((e) => e.applied_count === 1)).toBe(true);
    expect((await totalsOf([caseId])).get(caseId)).toBe(10);
    // The restarted process re-received message 4 (offset 3) and skipped it as a duplicate.
    expect(restarted.lines.filter((l) => l === `APPLY ${events[3]!.id}`)).toHaveLength(0);
  });

  it('dead-letters malformed, unknown and invalid messages and a handler that keeps failing; the partition moves on; DLQ replay', async () => {
    const topic = `test.inbox-dlq.${suffix()}`;
    await createTopic(kafka, topic, 1);
    const groupId = `group-dlq-${suffix()}`;
    const caseId = randomUUID();
    const ev = (seq: number, note?: string) => withdrawn(caseId, seq, randomUUID(), note);
    const withPosition = (e: IntegrationEvent, prepare: number) => {
      const m = toKafkaMessage(e);
      return { ...m, headers: { ...m.headers, [SOURCE_HEADERS.globalPosition]: `100/${prepare}` } as IHeaders };
    };
    const valid1 = ev(1);
    const malformed = { ...toKafkaMessage(ev(2)), value: '{"caseId": ' };
    const unknownMsg = toKafkaMessage(ev(3));
    unknownMsg.headers[CE_HEADERS.type] = 'sa.intake.ApplicationTeleported';
    unknownMsg.headers[CE_HEADERS.dataschema] = schemaId('intake', 'ApplicationTeleported', 1);
    const invalid = toKafkaMessage(ev(4));
    invalid.value = JSON.stringify({ ...JSON.parse(invalid.value), reason: 'BOGUS' });
    const poison = ev(5, 'poison');
    const flaky = ev(6, 'flaky');
    const valid2 = ev(7);
    await producer.send({
      topic,
      acks: -1,
      messages: [
        withPosition(valid1, 1),
        malformed,
        unknownMsg,
        invalid,
        withPosition(poison, 5),
        withPosition(flaky, 6),
        withPosition(valid2, 7),
      ],
    });

    const base = effectHandler(db.schema);
    let poisonFixed = false;
    let flakyFailures = 0;
    const contexts: InboxMessageContext[] = [];
    const handler: InboxHandler<IntegrationEvent> = async (event, tx, ctx) => {
      const note = (event.data as { note?: string }).note;
      if (note === 'poison' && !poisonFixed) throw new Error('poison: cannot apply');
      if (note === 'flaky' && flakyFailures < 2) {
        flakyFailures++;
        throw new Error('flaky: transient failure');
      }
      contexts.push(ctx);
      await base(event, tx, ctx);
    };
    const c = consumer({ topic, groupId, handler, attempts: 3 });
    await c.start();
    await waitFor(() => effectsOf([caseId]), (rows) => rows.some((r) => r.note === 'seq=7'), 60_000, 'last valid effect');
    expect((await effectsOf([caseId])).map((r) => r.note)).toEqual(['seq=1', 'flaky', 'seq=7']);
    expect(contexts.find((x) => x.offset === '5')?.attempt).toBe(3); // flaky: applied on the 3rd attempt

    const dlq = await readTopic(kafka, dlqTopic(topic), (ms) => ms.length >= 4);
    expect(dlq).toHaveLength(4);
    expect(dlq.map((m) => header(m, DLQ_HEADERS.reason))).toEqual([
      'malformed',
      'unknown-type',
      'schema-violation',
      'handler-failed',
    ]);
    expect(dlq.map((m) => header(m, DLQ_HEADERS.originalOffset))).toEqual(['1', '2', '3', '4']);
    for (const m of dlq) {
      expect(header(m, DLQ_HEADERS.originalTopic)).toBe(topic);
      expect(header(m, DLQ_HEADERS.originalPartition)).toBe('0');
      expect(header(m, DLQ_HEADERS.consumerGroup)).toBe(groupId);
      expect(header(m, DLQ_HEADERS.failedAt)).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(header(m, CE_HEADERS.specversion)).toBe('1.0'); // original headers kept
      expect(m.key).toBe(caseId);
    }
    expect(dlq[0]!.value).toBe('{"caseId": '); // value bytes untouched
    expect(header(dlq[0]!, DLQ_HEADERS.error)).toMatch(/not JSON/);
    expect(header(dlq[1]!, DLQ_HEADERS.error)).toMatch(/ApplicationTeleported/);
    expect(header(dlq[2]!, DLQ_HEADERS.error)).toMatch(/\/reason/);
    expect(header(dlq[3]!, DLQ_HEADERS.error)).toBe('Error: poison: cannot apply');
    expect(header(dlq[3]!, DLQ_HEADERS.attempts)).toBe('3');
    expect(c.metrics().deadLettered).toEqual({ malformed: 1, 'unknown-type': 1, 'schema-violation': 1, 'handler-failed': 1 });

    // Fix the handler, replay the handler failures only: the poison event is applied now.
    poisonFixed = true;
    const replay = await replayDeadLetters({
      kafka,
      dlqTopic: dlqTopic(topic),
      groupId: `${groupId}.dlq-replay`,
      filter: (info) => info.reason === 'handler-failed',
      logger: testLogger,
    });
    expect(replay).toEqual({ replayed: 1, passedOver: 3 });
    await waitFor(() => effectsOf([caseId]), (rows) => rows.some((r) => r.note === 'poison'), 60_000, 'replayed effect');
    expect((await effectsOf([caseId])).map((r) => r.note)).toEqual(['seq=1', 'flaky', 'seq=7', 'poison']);
    // The late (replayed) event does not move the case's position back: seq 7 stays the newest.
    const { rows } = await db.pool.query(
      `SELECT last_event_id, last_source_commit::text || '/' || last_source_prepare::text AS pos, applied_count::int AS n
         FROM "${db.schema}".inbox_case_positions WHERE consumer_group = $1 AND case_id = $2`,
      [groupId, caseId],
    );
    expect(rows).toEqual([{ last_event_id: valid2.id, pos: '100/7', n: 4 }]);
    // A second replay with the same group has nothing left to do.
    expect(await replayDeadLetters({ kafka, dlqTopic: dlqTopic(topic), groupId: `${groupId}.dlq-replay` })).toEqual({
      replayed: 0,
      passedOver: 0,
    });
    await c.stop();
  });
});
