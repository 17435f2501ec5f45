/**
 * Kafka messages recorded before contracts v2 (issue 14 item 9), exactly as the producers put them
 * on the wire then (CloudEvents headers, key, JSON value; schema version 1). Consumer contract tests
 * feed them through the real decoding and handling path to prove a v1 event still in a topic, a
 * dead-letter queue or a replay is consumed as before. Never regenerate them: they are the past.
 */
import applicationAcceptedV1 from '../../recorded/ApplicationAccepted.v1.kafka.json';
import benefitChangedV1 from '../../recorded/BenefitChanged.v1.kafka.json';
import benefitChangedV3 from '../../recorded/BenefitChanged.v3.kafka.json';
import changeRequestedV1 from '../../recorded/ChangeRequested.v1.kafka.json';
import householdVerifiedV1 from '../../recorded/HouseholdVerified.v1.kafka.json';
import paymentIssuedV1 from '../../recorded/PaymentIssued.v1.kafka.json';
import { toKafkaMessage, type KafkaMessageLike } from '../cloudevents';
import { exampleIntegrationEvent } from './examples';

export interface RecordedKafkaMessage {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

export const RECORDED_V1_MESSAGES = {
  ApplicationAccepted: applicationAcceptedV1,
  HouseholdVerified: householdVerifiedV1,
  ChangeRequested: changeRequestedV1,
  BenefitChanged: benefitChangedV1,
  PaymentIssued: paymentIssuedV1,
} as const satisfies Record<string, RecordedKafkaMessage>;

export type RecordedV1Type = keyof typeof RECORDED_V1_MESSAGES;

/** The recorded v1 message of a type, as kafkajs hands it to a consumer (Buffers). */
export function recordedV1Message(type: RecordedV1Type): KafkaMessageLike {
  const m = RECORDED_V1_MESSAGES[type];
  return {
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

/**
 * BenefitChanged v3 as eligibility put it on the wire before v4 (issue 14: appeal outcomes then went out as
 * v3 with trigger OFFICER_INITIATIVE). Consumers prove they still consume it as before. Never regenerate it.
 */
export const RECORDED_BENEFIT_CHANGED_V3: RecordedKafkaMessage = benefitChangedV3;

/** The recorded BenefitChanged v3 message, as kafkajs hands it to a consumer (Buffers). */
export function recordedBenefitChangedV3Message(): KafkaMessageLike {
  const m = RECORDED_BENEFIT_CHANGED_V3;
  return {
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

/** The same example as produced now (current schema version), as a consumer receives it. */
export function currentExampleMessage(type: RecordedV1Type): KafkaMessageLike {
  const m = toKafkaMessage(exampleIntegrationEvent(type, '0b9e7c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c'));
  return {
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(String(v))])),
  };
}
