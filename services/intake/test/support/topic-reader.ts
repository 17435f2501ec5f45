import { fromKafkaMessage, type IntegrationEvent, TOPICS } from '@sa/contracts';
import { createKafka, silentLogger } from '@sa/messaging';
import type { Consumer } from 'kafkajs';
import { randomBytes } from 'node:crypto';

export interface ReadMessage {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, unknown>;
  event: IntegrationEvent;
}

/**
 * Reads `sa.intake.events` from the beginning with a fresh consumer group, keeping every message,
 * so a test can wait for the one it expects and check that others never came.
 */
export class IntakeTopicReader {
  readonly messages: ReadMessage[] = [];
  private consumer: Consumer | undefined;

  async start(): Promise<void> {
    const kafka = createKafka({ clientId: 'sa-intake-test-reader', logger: silentLogger });
    const consumer = kafka.consumer({ groupId: `intake-test-${randomBytes(5).toString('hex')}`, allowAutoTopicCreation: true });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.intake], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        this.messages.push({
          key: message.key?.toString('utf8') ?? null,
          value: message.value,
          headers: message.headers ?? {},
          event: fromKafkaMessage({ key: message.key, value: message.value, headers: message.headers ?? {} }),
        });
      },
    });
  }

  async waitFor(predicate: (m: ReadMessage) => boolean, timeoutMs = 60_000): Promise<ReadMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such message on ${TOPICS.intake} within ${timeoutMs} ms (${this.messages.length} read)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  about(caseId: string): ReadMessage[] {
    return this.messages.filter((m) => m.event.subject === caseId);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
