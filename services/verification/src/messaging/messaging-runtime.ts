import { Logger } from '@nestjs/common';
import { TOPICS, type IntegrationEvent } from '@sa/contracts';
import type { EventStore } from '@sa/eventstore';
import { contractsCodec, createKafka, ensureTopics, EventRelay, InboxConsumer, PublishedHolidayCalendars, type MessagingLogger, type MessagingRuntime } from '@sa/messaging';
import type { Pool } from 'pg';
import type { VerificationConfig } from '../config';
import { IncomingEventsHandler } from './inbox-handlers';
import { VERIFICATION_CATEGORY } from '../domain';
import { redateProvisionalManualTasks } from '../manual-tasks/redate-manual-tasks';
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
 * Publishing and consuming:
 * - the relay follows the `verification` streams from its checkpoint and produces HouseholdVerified,
 *   ManualVerificationRequired and VerificationObjectionResolved on `sa.verification.events`
 *   (idempotent producer, acks=all, key = case id); the event store is the outbox;
 * - the inbox consumer reads `sa.intake.events` (ApplicationAccepted, ApplicationWithdrawn) and
 *   `sa.follow-up.events` (ReverificationRequested), and `sa.eligibility.events` for the published
 *   holiday calendars (HolidayCalendarPublished; open manual tasks whose due date was counted Monday–Friday through
 *   that year are re-dated, ManualTaskDueDateRedated), each event once, failures to `<topic>.dlq`.
 */
export async function verificationMessagingRuntime(
  config: VerificationConfig,
  pool: Pool,
  store: EventStore,
  incoming: IncomingEventsHandler,
  calendars?: PublishedHolidayCalendars,
): Promise<MessagingRuntime> {
  const logger = nestMessagingLogger('VerificationMessaging');
  const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: [...config.KAFKA_BROKERS], logger });
  const relays: EventRelay<unknown>[] = [];
  const consumers: InboxConsumer<unknown>[] = [];
  // sa.eligibility.events only for HolidayCalendarPublished (the other types are skipped).
  const consumed = [TOPICS.intake, TOPICS['follow-up'], ...(calendars ? [TOPICS.eligibility] : [])];
  const topics = [...(config.VERIFICATION_RELAY_ENABLED ? [TOPICS.verification] : []), ...(config.VERIFICATION_CONSUMERS_ENABLED ? consumed : [])];
  if (topics.length > 0) {
    // The consumer cannot subscribe to a topic that does not exist yet (auto-creation is off).
    await ensureTopics(kafka, topics).catch((err: Error) => logger.warn({ err: err.message, topics }, 'could not ensure the topics exist'));
  }
  if (config.VERIFICATION_RELAY_ENABLED) {
    const relay = new EventRelay<IntegrationEvent>({
      name: 'verification',
      store,
      pool,
      schema: config.DATABASE_SCHEMA,
      streamCategories: [VERIFICATION_CATEGORY],
      topic: TOPICS.verification,
      map: toIntegrationEvent,
      kafka,
      codec: contractsCodec,
      logger,
    });
    relays.push(relay as EventRelay<unknown>);
  }
  if (config.VERIFICATION_CONSUMERS_ENABLED) {
    const consumer = new InboxConsumer<IntegrationEvent>({
      kafka,
      groupId: config.VERIFICATION_CONSUMER_GROUP,
      fromBeginning: config.VERIFICATION_CONSUMER_FROM_BEGINNING,
      topics: consumed,
      pool,
      schema: config.DATABASE_SCHEMA,
      codec: contractsCodec,
      handler: (event, tx) => {
        if (!PublishedHolidayCalendars.handles(event)) return incoming.handle(event);
        if (!calendars) return Promise.resolve();
        return calendars.record(event, tx).then(async () => {
          // The year is known now: the open tasks whose due date was a Monday–Friday estimate are re-dated.
          const redated = await redateProvisionalManualTasks(
            { pool, schema: config.DATABASE_SCHEMA, pipeline: incoming.pipeline, calendar: calendars.calendar },
            { year: event.data.year, version: event.data.version },
          );
          if (redated > 0) logger.info({ year: event.data.year, version: event.data.version, redated }, 'provisional manual-task due dates re-dated');
        });
      },
      logger,
    });
    consumers.push(consumer as InboxConsumer<unknown>);
  }
  return { relays, consumers };
}
