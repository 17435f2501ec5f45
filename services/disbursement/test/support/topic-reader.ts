import { fromKafkaMessage, type IntegrationEvent } from '@sa/contracts';
import { createKafka, silentLogger } from '@sa/messaging';
import type { Consumer } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/** Reads a topic from the beginning with a fresh consumer group, keeping every decoded event. */
export class TopicReader {
  readonly events: IntegrationEvent[] = [];
  private consumer: Consumer | undefined;

  constructor(private readonly topic: string) {}

  async start(): Promise<void> {
    const kafka = createKafka({ clientId: 'sa-disbursement-test-reader', logger: silentLogger });
    const consumer = kafka.consumer({ groupId: `disbursement-test-${randomBytes(5).toString('hex')}`, allowAutoTopicCreation: true });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        try {
          this.events.push(fromKafkaMessage({ key: message.key, value: message.value, headers: message.headers ?? {} }));
        } catch {
          // not ours to judge here
        }
      },
    });
  }

  async waitFor(predicate: (e: IntegrationEvent) => boolean, count = 1, timeoutMs = 60_000): Promise<IntegrationEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`only ${found.length}/${count} matching events on ${this.topic} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
