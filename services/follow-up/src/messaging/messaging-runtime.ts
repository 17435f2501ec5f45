import { Logger } from '@nestjs/common';
import { TOPICS, type AnyIntegrationEvent, type IntegrationEvent } from '@sa/contracts';
import type { EventStore } from '@sa/eventstore';
import {
  contractsCodec,
  createKafka,
  ensureTopics,
  EventRelay,
  InboxConsumer,
  type MessagingLogger,
  type MessagingRuntime,
} from '@sa/messaging';
import type { Pool } from 'pg';
import type { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { COMPLAINT_CATEGORY, FOLLOW_UP_CATEGORY } from '../domain';
import { InboundEvents } from './inbox-handlers';
import { integrationEventMapper } from './integration-events';

export function nestMessagingLogger(context: string): MessagingLogger {
  const logger = new Logger(context);
  return {
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.log(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg),
  };
}

export const CONSUMED_TOPICS = [TOPICS.eligibility, TOPICS.verification, TOPICS.disbursement, TOPICS.intake];

/**
 * Publishing: the relay follows the `followUp` and `complaint` categories from its checkpoint and
 * produces ReviewCompleted, ChangeRequested, ReverificationRequested and ComplaintResolved on
 * `sa.follow-up.events`. Consuming: one inbox consumer group `sa-follow-up` over eligibility,
 * verification, disbursement (and intake, for the household snapshot).
 */
export function followUpMessagingRuntime(config: FollowUpConfig, pool: Pool, store: EventStore, commands: FollowUpPipelines): MessagingRuntime {
  const relayOn = config.FOLLOW_UP_RELAY_ENABLED;
  const consumerOn = config.FOLLOW_UP_CONSUMER_ENABLED;
  if (!relayOn && !consumerOn) return { relays: [], consumers: [] };
  const logger = nestMessagingLogger('FollowUpMessaging');
  const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: [...config.KAFKA_BROKERS], logger });
  const relays: EventRelay<unknown>[] = [];
  const consumers: InboxConsumer<unknown>[] = [];
  if (relayOn) {
    void ensureTopics(kafka, [TOPICS['follow-up']]).catch((err: Error) =>
      logger.warn({ err: err.message, topic: TOPICS['follow-up'] }, 'could not ensure the topic exists; the relay retries publishing'),
    );
    const relay = new EventRelay({
      name: 'follow-up',
      store,
      pool,
      schema: config.DATABASE_SCHEMA,
      streamCategories: [FOLLOW_UP_CATEGORY, COMPLAINT_CATEGORY],
      topic: TOPICS['follow-up'],
      map: integrationEventMapper(store),
      kafka,
      codec: contractsCodec,
      logger,
    });
    relays.push(relay as EventRelay<unknown>);
  }
  if (consumerOn) {
    const inbound = new InboundEvents(commands, config.DATABASE_SCHEMA);
    const consumer = new InboxConsumer<IntegrationEvent>({
      kafka,
      groupId: config.KAFKA_CLIENT_ID,
      topics: CONSUMED_TOPICS,
      pool,
      schema: config.DATABASE_SCHEMA,
      codec: contractsCodec,
      handler: (event, tx) => inbound.handle(event as AnyIntegrationEvent, tx),
      fromBeginning: config.FOLLOW_UP_CONSUMER_FROM_BEGINNING,
      logger,
    });
    consumers.push(consumer as InboxConsumer<unknown>);
  }
  return { relays, consumers };
}
