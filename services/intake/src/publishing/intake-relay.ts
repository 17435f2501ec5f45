import { Logger } from '@nestjs/common';
import type { EventStore } from '@sa/eventstore';
import { TOPICS } from '@sa/contracts';
import { contractsCodec, createKafka, ensureTopics, EventRelay, type MessagingLogger, type MessagingRuntime } from '@sa/messaging';
import type { Pool } from 'pg';
import type { IntakeConfig } from '../config';
import { APPLICATION_CATEGORY, LEAD_CATEGORY } from '../domain';
import { toIntegrationEvent } from './integration-events';

export function nestMessagingLogger(context: string): MessagingLogger {
  const logger = new Logger(context);
  return {
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.log(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg),
  };
}

/**
 * Publishing: the event store is the outbox. The relay follows the `application` and `lead`
 * categories from its checkpoint and produces intake's public events on `sa.intake.events`
 * (idempotent producer, acks=all, key = case id), advancing the checkpoint only after the ack.
 */
export async function intakeMessagingRuntime(config: IntakeConfig, pool: Pool, store: EventStore): Promise<MessagingRuntime> {
  if (!config.INTAKE_RELAY_ENABLED) return { relays: [], consumers: [] };
  const logger = nestMessagingLogger('IntakeRelay');
  const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: [...config.KAFKA_BROKERS], logger });
  // In the background: start-up does not wait for Kafka (the relay retries until the topic is there).
  void ensureTopics(kafka, [TOPICS.intake]).catch((err: Error) =>
    logger.warn({ err: err.message, topic: TOPICS.intake }, 'could not ensure the topic exists; the relay retries publishing'),
  );
  const relay = new EventRelay({
    name: 'intake',
    store,
    pool,
    schema: config.DATABASE_SCHEMA,
    streamCategories: [APPLICATION_CATEGORY, LEAD_CATEGORY],
    topic: TOPICS.intake,
    map: toIntegrationEvent,
    kafka,
    codec: contractsCodec,
    logger,
  });
  return { relays: [relay as EventRelay<unknown>], consumers: [] };
}
