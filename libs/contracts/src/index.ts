/**
 * @sa/contracts — the public integration events of the five contexts: TypeScript types, one
 * versioned JSON Schema per event type, the catalogue (producer, consumers, topic, key), the
 * CloudEvents binary-mode Kafka mapping and validation. See libs/contracts/README.md.
 */
export * from './types/common';
export * from './events/intake';
export * from './events/verification';
export * from './events/eligibility';
export * from './events/disbursement';
export * from './events/follow-up';
export * from './contexts';
export * from './catalogue';
export * from './schemas';
export * from './envelope';
export * from './validation';
export * from './invariants';
export * from './cloudevents';
export * from './asyncapi';
export * from './resident-id';
export * from './public-name';
export * from './personal-fields';
export * from './bank-return-file';
export * from './testing/examples';
export * from './testing/recorded';
