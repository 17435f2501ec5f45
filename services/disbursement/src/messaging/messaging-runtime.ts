import { Logger } from '@nestjs/common';
import { TOPICS, type EmergencyAdvanceApprovedV1, type EventDataOfAnyVersion, type IntegrationEvent } from '@sa/contracts';
import type { EventStore } from '@sa/eventstore';
import { runWithCorrelationId } from '@sa/logging';
import { contractsCodec, createKafka, ensureTopics, EventRelay, InboxConsumer, PublishedHolidayCalendars, type MessagingLogger, type MessagingRuntime } from '@sa/messaging';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../config';
import { EMERGENCY_ADVANCE_CATEGORY, ENTITLEMENT_CATEGORY, PAYMENT_RUN_CATEGORY } from '../domain';
import type { EntitlementCommands } from '../commands/entitlement-commands';
import { recordApprovedAdvance } from './approved-advances';
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
 * Consuming: eligibility's decisions (AssistanceGranted v1/v2/v3 — v2 an approval ordered on appeal, back-paid as a late registration; v3 + the policy's 追回 cap —, BenefitChanged v1–v5 — v5 + the cap of the policy the change was decided under, which replaces the entitlement's — on `sa.eligibility.events`)
 * become entitlement commands, applied in the inbox transaction (exactly-once effect); a published
 * holiday calendar (HolidayCalendarPublished) is kept and counts the emergency-advance paperwork deadlines.
 * Publishing: the relay follows the `paymentRun`, `emergencyAdvance` and `entitlement` categories and produces
 * PaymentIssued / PaymentReturned / PaymentRunCompleted / ArrearsPaid / OverpaymentRecovered / RepaymentPlanRecorded
 * on `sa.disbursement.events`, checkpoint advanced only after the ack.
 */
export function disbursementMessagingRuntime(
  config: DisbursementConfig,
  pool: Pool,
  store: EventStore,
  entitlements: EntitlementCommands,
  calendars?: PublishedHolidayCalendars,
): MessagingRuntime {
  const logger = nestMessagingLogger('DisbursementMessaging');
  const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: [...config.KAFKA_BROKERS], logger });
  const runtime: MessagingRuntime = { relays: [], consumers: [] };
  if (config.DISBURSEMENT_RELAY_ENABLED) {
    void ensureTopics(kafka, [TOPICS.disbursement]).catch((err: Error) =>
      logger.warn({ err: err.message, topic: TOPICS.disbursement }, 'could not ensure the topic exists; the relay retries publishing'),
    );
    const relay = new EventRelay({
      name: 'disbursement',
      store,
      pool,
      schema: config.DATABASE_SCHEMA,
      streamCategories: [PAYMENT_RUN_CATEGORY, EMERGENCY_ADVANCE_CATEGORY, ENTITLEMENT_CATEGORY],
      topic: TOPICS.disbursement,
      map: toIntegrationEvent,
      kafka,
      codec: contractsCodec,
      logger,
    });
    runtime.relays.push(relay as EventRelay<unknown>);
  }
  if (config.DISBURSEMENT_CONSUMER_ENABLED) {
    const consumer = new InboxConsumer<IntegrationEvent>({
      kafka,
      groupId: `${config.KAFKA_CLIENT_ID}.eligibility-events`,
      topics: [TOPICS.eligibility],
      pool,
      schema: config.DATABASE_SCHEMA,
      codec: contractsCodec,
      logger,
      handler: async (event, tx) =>
        runWithCorrelationId(event.metadata.correlationId, async () => {
          if (event.type === 'AssistanceGranted') await entitlements.onAssistanceGranted(event as IntegrationEvent<EventDataOfAnyVersion<'AssistanceGranted'>>, tx);
          if (event.type === 'BenefitChanged') await entitlements.onBenefitChanged(event as IntegrationEvent<EventDataOfAnyVersion<'BenefitChanged'>>, tx);
          if (event.type === 'EmergencyAdvanceApproved') await recordApprovedAdvance(tx, config.DATABASE_SCHEMA, event as IntegrationEvent<EmergencyAdvanceApprovedV1>);
          if (calendars && PublishedHolidayCalendars.handles(event)) await calendars.record(event, tx);
        }),
    });
    runtime.consumers.push(consumer as InboxConsumer<unknown>);
  }
  return runtime;
}
