import { Logger } from '@nestjs/common';
import type { EventStore } from '@sa/eventstore';
import { TOPICS, type IntegrationEvent } from '@sa/contracts';
import { contractsCodec, createKafka, ensureTopics, EventRelay, InboxConsumer, PublishedHolidayCalendars, type MessagingLogger, type MessagingRuntime } from '@sa/messaging';
import type { Clock } from '@sa/time';
import type { Pool } from 'pg';
import type { IntakeConfig } from '../config';
import { IntakePipelines } from '../commands/intake-pipelines';
import { APPLICATION_CATEGORY, LEAD_CATEGORY } from '../domain';
import { redateProvisionalLeads } from '../leads/shared/lead-due-dates';
import { EligibilityOutcomes } from './eligibility-outcomes';
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
 * The inbox consumer, started without holding up the service's start: intake takes applications
 * while Kafka is down (readiness reports Kafka down), and the consumer joins its group once the
 * broker is reachable, retrying with back-off.
 */
class StartsInBackground<E> extends InboxConsumer<E> {
  private stopped = false;
  private readonly log = new Logger('IntakeInbox');

  override start(): Promise<void> {
    void this.keepTrying();
    return Promise.resolve();
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    await super.stop();
  }

  private async keepTrying(): Promise<void> {
    for (let delay = 1000; !this.stopped; delay = Math.min(delay * 2, 30_000)) {
      try {
        await super.start();
        return;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (message.includes('already started')) return; // failed after joining: the consumer retries by itself
        this.log.warn({ err: message, retryInMs: delay }, 'inbox consumer could not start; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }
}

/**
 * Publishing: the event store is the outbox. The relay follows the `application` and `lead`
 * categories from its checkpoint and produces intake's public events on `sa.intake.events`
 * (idempotent producer, acks=all, key = case id), advancing the checkpoint only after the ack.
 * Consuming: one inbox consumer group (`KAFKA_CLIENT_ID`) over `sa.eligibility.events` and
 * `sa.follow-up.events`, closing refused, terminated and withdrawn cases and those whose taper ended
 * (EligibilityOutcomes) so the household may apply again, and keeping the published holiday
 * calendars (HolidayCalendarPublished → `holiday_calendars`, the working-day calendar of lead due dates; the
 * open leads whose due date was counted Monday–Friday through that year are re-dated, LeadDueDateRedated).
 */
export async function intakeMessagingRuntime(
  config: IntakeConfig,
  pool: Pool,
  store: EventStore,
  clock: Clock,
  calendars?: PublishedHolidayCalendars,
): Promise<MessagingRuntime> {
  const consumers: InboxConsumer<unknown>[] = [];
  if (!config.INTAKE_RELAY_ENABLED && !config.INTAKE_CONSUMER_ENABLED) return { relays: [], consumers };
  const logger = nestMessagingLogger('IntakeRelay');
  const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: [...config.KAFKA_BROKERS], logger });
  if (config.INTAKE_CONSUMER_ENABLED) {
    const pipelines = new IntakePipelines(store, clock);
    const outcomes = new EligibilityOutcomes(pipelines);
    const consumer = new StartsInBackground<IntegrationEvent>({
      kafka,
      groupId: config.KAFKA_CLIENT_ID,
      topics: [TOPICS.eligibility, TOPICS['follow-up']],
      pool,
      schema: config.DATABASE_SCHEMA,
      codec: contractsCodec,
      handler: async (event, tx) => {
        if (!PublishedHolidayCalendars.handles(event)) return outcomes.handle(event);
        if (!calendars) return;
        await calendars.record(event, tx);
        // The year is known now: the leads whose due date was a Monday–Friday estimate are re-dated (LeadDueDateRedated).
        const redated = await redateProvisionalLeads({ pool, schema: config.DATABASE_SCHEMA, pipelines, calendar: calendars.calendar }, { year: event.data.year, version: event.data.version });
        if (redated > 0) logger.info({ year: event.data.year, version: event.data.version, redated }, 'provisional lead due dates re-dated');
      },
      fromBeginning: config.INTAKE_CONSUMER_FROM_BEGINNING,
      logger: nestMessagingLogger('IntakeInbox'),
    });
    consumers.push(consumer as InboxConsumer<unknown>);
  }
  if (!config.INTAKE_RELAY_ENABLED) return { relays: [], consumers };
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
  return { relays: [relay as EventRelay<unknown>], consumers };
}
