import type { IHeaders } from 'kafkajs';

/** A Kafka message as produced (kafkajs `Message` without partition/timestamp). */
export interface OutgoingMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

/** A Kafka message as consumed. */
export interface IncomingMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

/** Why a message went to the dead-letter topic (header `x-dlq-reason`). */
export type DeadLetterReason =
  | 'malformed' // not parseable: bad JSON, missing/invalid CloudEvents headers
  | 'unknown-type' // type or schema version not in the contract registry
  | 'schema-violation' // JSON Schema validation failed
  | 'handler-failed'; // the handler kept failing after the bounded retries

export type DecodeResult<E> =
  | { ok: true; event: E }
  | { ok: false; reason: Exclude<DeadLetterReason, 'handler-failed'>; error: string };

/**
 * How integration events travel as Kafka messages. The default (`contractsCodec`) is the one from
 * `@sa/contracts` (CloudEvents binary mode, JSON Schema per type/version); tests may pass their own.
 */
export interface IntegrationCodec<E> {
  encode(event: E): OutgoingMessage;
  /** Parse + validate. Never throws: failures are classified for the dead-letter topic. */
  decode(message: IncomingMessage): DecodeResult<E>;
  /** The integration event's id: the inbox de-duplicates on it. */
  eventId(event: E): string;
  eventType(event: E): string;
  /** The case id (CloudEvents subject / Kafka key), or null if the event has none. */
  caseId(event: E): string | null;
  /** The event's business time (CloudEvents `time`), ISO-8601, or null. */
  eventTime(event: E): string | null;
}

/** First value of a header as a string. */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined) return undefined;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}
