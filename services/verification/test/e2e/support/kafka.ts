import { randomUUID } from 'node:crypto';
import {
  createIntegrationEvent,
  decodeKafkaMessage,
  toKafkaMessage,
  TOPICS,
  type EventData,
  type IntegrationEvent,
  type IntegrationEventMetadata,
  type IntegrationEventType,
} from '@sa/contracts';
import { assertKafkaReachable, ensureTopics, kafkaBrokers } from '@sa/messaging';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';

/** Publishes integration events as their producers would, and collects what verification publishes. */
export class KafkaProbe {
  private readonly kafka = new Kafka({ clientId: `verification-e2e-${randomUUID().slice(0, 8)}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  readonly received: IntegrationEvent[] = [];

  /**
   * @param open opens the personal fields the relay sealed (FIELD_ENCRYPTION on), as a consumer holding a
   *   key grant does; without it the events are kept as published.
   */
  constructor(private readonly open?: (event: IntegrationEvent) => Promise<IntegrationEvent>) {}

  async start(): Promise<void> {
    await assertKafkaReachable();
    await ensureTopics(this.kafka, [TOPICS.intake, TOPICS['follow-up'], TOPICS.verification]);
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `verification-e2e-probe-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: TOPICS.verification, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const decoded = decodeKafkaMessage(message);
        if (decoded.ok) this.received.push(this.open ? await this.open(decoded.event) : decoded.event);
        else this.received.push({ id: 'invalid', type: `INVALID:${decoded.reason}:${decoded.error}`, schemaVersion: 0, source: 'verification', subject: String(message.key), time: '', data: null, metadata: null as never });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }

  async publish<K extends IntegrationEventType>(type: K, data: EventData<K>, metadata: IntegrationEventMetadata, id: string = randomUUID()): Promise<IntegrationEvent> {
    const event = createIntegrationEvent(type, data, { id, time: new Date().toISOString().replace('Z', '+00:00'), metadata });
    const topic = TOPICS[event.source];
    await this.producer!.send({ topic, messages: [toKafkaMessage(event)], acks: -1 });
    return event;
  }

  /** Waits for an event of this case matching the predicate (published by verification). */
  async waitFor(caseId: string, predicate: (e: IntegrationEvent) => boolean, timeoutMs = 60_000): Promise<IntegrationEvent> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const invalid = this.received.find((e) => e.subject === caseId && e.type.startsWith('INVALID'));
      if (invalid) throw new Error(`an invalid message for case ${caseId}: ${invalid.type}`);
      const found = this.received.find((e) => e.subject === caseId && predicate(e));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seen = this.received.filter((e) => e.subject === caseId).map((e) => e.type);
    throw new Error(`timed out waiting for an event of case ${caseId}; seen: ${JSON.stringify(seen)}`);
  }

  of(caseId: string): IntegrationEvent[] {
    return this.received.filter((e) => e.subject === caseId);
  }
}
