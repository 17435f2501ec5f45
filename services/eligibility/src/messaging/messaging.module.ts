import { Logger, Module } from '@nestjs/common';
import { TOPICS, type IntegrationEvent } from '@sa/contracts';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import {
  contractsCodec,
  createKafka,
  ensureTopics,
  EventRelay,
  InboxConsumer,
  MessagingModule,
  type MessagingLogger,
  type MessagingRuntime,
} from '@sa/messaging';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { EligibilityConfig } from '../config';
import { EligibilityInbox } from './eligibility-inbox';
import { toIntegrationEvent } from './outgoing';
import { HOLIDAY_CALENDAR_CATEGORY } from '../domain';

/** The topics eligibility consumes: applications (intake), reports (verification), changes (follow-up). */
export const CONSUMED_TOPICS = [TOPICS.intake, TOPICS.verification, TOPICS['follow-up']];

function nestMessagingLogger(context: string): MessagingLogger {
  const logger = new Logger(context);
  return {
    debug: (obj, msg) => logger.debug({ ...obj, msg }),
    info: (obj, msg) => logger.log({ ...obj, msg }),
    warn: (obj, msg) => logger.warn({ ...obj, msg }),
    error: (obj, msg) => logger.error({ ...obj, msg }),
  };
}

export async function createMessagingRuntime(
  config: EligibilityConfig,
  pool: Pool,
  store: EventStore,
  inbox: EligibilityInbox,
): Promise<MessagingRuntime> {
  const runtime: MessagingRuntime = { relays: [], consumers: [] };
  if (!config.ELIGIBILITY_RELAY_ENABLED && !config.ELIGIBILITY_CONSUMERS_ENABLED) return runtime;
  const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: [...config.KAFKA_BROKERS], logger: nestMessagingLogger('kafkajs') });
  await ensureTopics(kafka, [TOPICS.eligibility, ...(config.ELIGIBILITY_CONSUMERS_ENABLED ? CONSUMED_TOPICS : [])]);
  if (config.ELIGIBILITY_RELAY_ENABLED) {
    runtime.relays.push(
      new EventRelay<IntegrationEvent>({
        name: 'eligibility',
        store,
        pool,
        schema: config.DATABASE_SCHEMA,
        streamCategories: ['reviewCase', HOLIDAY_CALENDAR_CATEGORY],
        topic: TOPICS.eligibility,
        map: (recorded) => toIntegrationEvent(recorded),
        kafka,
        codec: contractsCodec,
        logger: nestMessagingLogger('EventRelay'),
      }) as EventRelay<unknown>,
    );
  }
  if (config.ELIGIBILITY_CONSUMERS_ENABLED) {
    runtime.consumers.push(
      new InboxConsumer<IntegrationEvent>({
        kafka,
        groupId: config.ELIGIBILITY_CONSUMER_GROUP,
        topics: CONSUMED_TOPICS,
        pool,
        schema: config.DATABASE_SCHEMA,
        codec: contractsCodec,
        handler: inbox.handler,
        logger: nestMessagingLogger('InboxConsumer'),
      }) as InboxConsumer<unknown>,
    );
  }
  return runtime;
}

/** Relay (event store → `sa.eligibility.events`) and inbox consumer, started after bootstrap. */
@Module({
  imports: [
    MessagingModule.forRootAsync({
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, EligibilityInbox],
      useFactory: createMessagingRuntime as (...deps: never[]) => Promise<MessagingRuntime>,
    }),
  ],
})
export class EligibilityMessagingModule {}
