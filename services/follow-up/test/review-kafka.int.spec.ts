/**
 * Real PostgreSQL and real Kafka: a grant consumed from `sa.eligibility.events` opens the follow-up
 * case; when the clock reaches the review's due month the scheduler opens the periodic review and
 * the relay publishes ReverificationRequested on `sa.follow-up.events`.
 */
import {
  createIntegrationEvent,
  EXAMPLE_EVENT_DATA,
  exampleMetadata,
  fromKafkaMessage,
  toKafkaMessage,
  TOPICS,
  type IntegrationEvent,
  type IntegrationEventType,
  type ReverificationRequestedV1,
} from '@sa/contracts';
import { createKafka, silentLogger } from '@sa/messaging';
import type { Consumer, Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DATABASE_URL, startFollowUp, type FollowUpTestApp } from './support/follow-up-app';

jest.setTimeout(170_000);

let t: FollowUpTestApp;
let producer: Producer;
let reader: Consumer;
let db: Client;
const published: IntegrationEvent[] = [];

beforeAll(async () => {
  const suffix = randomBytes(4).toString('hex');
  t = await startFollowUp({
    messaging: true,
    now: '2025-04-15T10:00:00+08:00',
    env: { KAFKA_CLIENT_ID: `sa-follow-up-t-${suffix}`, FOLLOW_UP_CONSUMER_FROM_BEGINNING: 'false' },
  });
  const kafka = createKafka({ clientId: `sa-follow-up-test-${suffix}`, logger: silentLogger });
  producer = kafka.producer();
  await producer.connect();
  reader = kafka.consumer({ groupId: `follow-up-test-${suffix}`, allowAutoTopicCreation: true });
  await reader.connect();
  await reader.subscribe({ topics: [TOPICS['follow-up']], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      published.push(fromKafkaMessage({ key: message.key, value: message.value, headers: message.headers ?? {} }));
    },
  });
  db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await reader?.disconnect();
  await producer?.disconnect();
  await db?.end();
  await t?.close();
});

function event<K extends IntegrationEventType>(type: K, caseId: string, id: string): IntegrationEvent {
  const data = { ...EXAMPLE_EVENT_DATA[type], caseId } as (typeof EXAMPLE_EVENT_DATA)[K];
  return createIntegrationEvent(type, data as never, { id, time: '2025-04-10T15:30:00+08:00', metadata: { ...exampleMetadata(type), correlationId: caseId } });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('publishes ReverificationRequested once the periodic review falls due', async () => {
  const caseId = randomUUID();
  const accepted = event('ApplicationAccepted', caseId, randomUUID());
  const granted = event('AssistanceGranted', caseId, randomUUID());

  // The consumer group starts at the topics' end: re-send (same event ids, de-duplicated by the inbox)
  // until the case is there.
  const send = async () => {
    await producer.send({ topic: TOPICS.intake, messages: [toKafkaMessage(accepted)] });
    await producer.send({ topic: TOPICS.eligibility, messages: [toKafkaMessage(granted)] });
  };
  let lastSend = 0;
  await until('the follow-up case and household', async () => {
    if (Date.now() - lastSend > 5_000) {
      await send();
      lastSend = Date.now();
    }
    const { rows } = await db.query(
      `SELECT c.next_review_due_month FROM "${t.schema}".cases c JOIN "${t.schema}".case_households h USING (case_id) WHERE c.case_id = $1`,
      [caseId],
    );
    return rows[0] as { next_review_due_month: string } | undefined;
  }).then((row) => expect(row.next_review_due_month).toBe('2025-11'));

  // Not due yet: nothing happens.
  expect((await t.scheduler.runOnce()).reviewsOpened).toEqual([]);

  t.clock.set('2025-11-03T09:00:00+08:00');
  const run = await t.scheduler.runOnce();
  expect(run.reviewsOpened).toHaveLength(1);
  expect(run.reverificationsRequested).toHaveLength(1);

  const requested = await until('ReverificationRequested on the topic', async () =>
    published.find((e) => e.type === 'ReverificationRequested' && e.subject === caseId),
  );
  const data = requested.data as ReverificationRequestedV1;
  expect(data).toEqual(
    expect.objectContaining({
      caseId,
      purpose: 'RECERTIFICATION',
      trigger: expect.objectContaining({ kind: 'PERIODIC_REVIEW' }),
      reviewId: run.reviewsOpened[0],
      referencePeriod: { from: '2024-11', to: '2025-10' },
      dueOn: '2025-11-18',
    }),
  );
  expect(data.members.length).toBeGreaterThan(0);
  expect(data.consents.every((c) => c.scope.purposes.includes('RECERTIFICATION'))).toBe(true);

  // A second run decides nothing new.
  const again = await t.scheduler.runOnce();
  expect(again.reviewsOpened).toEqual([]);
  expect(again.reverificationsRequested).toEqual([]);
});
