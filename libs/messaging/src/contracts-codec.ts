import { caseIdOf, decodeKafkaMessage, toKafkaMessage, type IntegrationEvent } from '@sa/contracts';
import type { IntegrationCodec } from './codec';

/**
 * The project's codec: CloudEvents 1.0 binary mode over Kafka (`ce_*` headers, JSON data as the
 * value, key = subject = case id) and JSON-Schema validation on decode, all from `@sa/contracts`.
 */
export const contractsCodec: IntegrationCodec<IntegrationEvent> = {
  encode: (event) => toKafkaMessage(event),
  decode: (message) => decodeKafkaMessage(message),
  eventId: (event) => event.id,
  eventType: (event) => event.type,
  caseId: (event) => caseIdOf(event) ?? event.subject,
  eventTime: (event) => event.time,
};
