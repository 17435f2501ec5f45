/**
 * CloudEvents 1.0, Kafka protocol binding, **binary content mode**:
 * - the Kafka value is the event data only (JSON, `content-type: application/json`);
 * - CloudEvents attributes travel as `ce_<attribute>` headers;
 * - our envelope metadata travels as CloudEvents extension attributes, one header each
 *   (`ce_correlationid`, `ce_causationid`, `ce_actorid`, `ce_actorrole`, `ce_actorjurisdiction`,
 *   and when set `ce_reason`, `ce_evidencerefs` (JSON array), `ce_policyversion`);
 * - the Kafka key is the subject (case id; run id for PaymentRunCompleted).
 * One header per attribute (rather than one JSON header) keeps every attribute visible to
 * CloudEvents SDKs as an extension and filterable by tools without parsing JSON.
 * No personal data goes into headers: a `reason` that is text travels sealed (`sa3.…`, @sa/messaging field-sealing; issue 18).
 */
import { dataSchemaUrl, isContext, schemaId, TOPICS, type Context } from './contexts';
import type { IntegrationEvent, IntegrationEventMetadata } from './envelope';
import { validateEventMetadata, validateIntegrationEvent } from './validation';
import { EVENT_CATALOGUE, isIntegrationEventType } from './catalogue';

export const CE_SPEC_VERSION = '1.0';
export const CONTENT_TYPE_JSON = 'application/json';

export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  subject: 'ce_subject',
  time: 'ce_time',
  dataschema: 'ce_dataschema',
  contentType: 'content-type',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  actorId: 'ce_actorid',
  actorRole: 'ce_actorrole',
  actorJurisdiction: 'ce_actorjurisdiction',
  reason: 'ce_reason',
  evidenceRefs: 'ce_evidencerefs',
  policyVersion: 'ce_policyversion',
} as const;

/** CloudEvents `source` of a context: `/social-assistance/<context>`. */
export function ceSource(context: Context): string {
  return `/social-assistance/${context}`;
}

/** CloudEvents `type`: `sa.<context>.<EventType>` (the version is in `dataschema`). */
export function ceType(context: Context, type: string): string {
  return `sa.${context}.${type}`;
}

/** A message ready for kafkajs `producer.send({ topic, messages: [message] })`. */
export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** A consumed message (kafkajs `KafkaMessage` fits). */
export interface KafkaMessageLike {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, KafkaHeaderValue>;
}

/** The topic an event goes to: its producing context's topic. */
export function topicOf(event: Pick<IntegrationEvent, 'source'>): string {
  return TOPICS[event.source];
}

export function toKafkaMessage(event: IntegrationEvent): KafkaRecord {
  if (!isContext(event.source)) throw new TypeError(`unknown source context: ${String(event.source)}`);
  if (!event.subject) throw new TypeError(`event ${event.id} has no subject (case id)`);
  const m = event.metadata;
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: CE_SPEC_VERSION,
    [CE_HEADERS.id]: event.id,
    [CE_HEADERS.source]: ceSource(event.source),
    [CE_HEADERS.type]: ceType(event.source, event.type),
    [CE_HEADERS.subject]: event.subject,
    [CE_HEADERS.time]: event.time,
    [CE_HEADERS.dataschema]: dataSchemaUrl(event.source, event.type, event.schemaVersion),
    [CE_HEADERS.contentType]: CONTENT_TYPE_JSON,
    [CE_HEADERS.correlationId]: m.correlationId,
    [CE_HEADERS.causationId]: m.causationId,
    [CE_HEADERS.actorId]: m.actor.id,
    [CE_HEADERS.actorRole]: m.actor.role,
    [CE_HEADERS.actorJurisdiction]: m.actor.jurisdiction,
  };
  if (m.reason !== undefined) headers[CE_HEADERS.reason] = m.reason;
  if (m.evidenceRefs !== undefined) headers[CE_HEADERS.evidenceRefs] = JSON.stringify(m.evidenceRefs);
  if (m.policyVersion !== undefined) headers[CE_HEADERS.policyVersion] = m.policyVersion;
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

/** A Kafka message that is not a well-formed CloudEvent of ours. */
export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

function text(v: Buffer | string | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

function header(headers: Record<string, KafkaHeaderValue> | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  if (Array.isArray(raw)) {
    if (raw.length > 1) throw new MalformedMessageError(`header ${name} appears ${raw.length} times`);
    return text(raw[0]);
  }
  return text(raw);
}

function requiredHeader(headers: Record<string, KafkaHeaderValue> | undefined, name: string): string {
  const v = header(headers, name);
  if (v === undefined || v === '') throw new MalformedMessageError(`missing header ${name}`);
  return v;
}

const TYPE_RE = /^sa\.([a-z][a-z-]*)\.([A-Z][A-Za-z0-9]*)$/;
const VERSION_RE = /\/v([1-9][0-9]*)\.json$/;

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Inverse of `toKafkaMessage`: the envelope from headers, the data from the value. Checks the
 * CloudEvents headers and their consistency (type/source/dataschema/key); does not validate the
 * data (see `validateIntegrationEvent`, or `decodeKafkaMessage` for both). Throws MalformedMessageError.
 */
export function fromKafkaMessage(message: KafkaMessageLike): IntegrationEvent<unknown> {
  const h = message.headers;
  const specversion = requiredHeader(h, CE_HEADERS.specversion);
  if (specversion !== CE_SPEC_VERSION) throw new MalformedMessageError(`unsupported ce_specversion ${specversion}`);
  const contentType = requiredHeader(h, CE_HEADERS.contentType);
  if (contentType.split(';')[0]!.trim().toLowerCase() !== CONTENT_TYPE_JSON) {
    throw new MalformedMessageError(`unsupported content-type ${contentType}`);
  }
  const ceTypeValue = requiredHeader(h, CE_HEADERS.type);
  const match = TYPE_RE.exec(ceTypeValue);
  if (!match || !isContext(match[1])) throw new MalformedMessageError(`ce_type ${ceTypeValue} is not sa.<context>.<EventType>`);
  const source = match[1];
  const type = match[2]!;
  const ceSourceValue = requiredHeader(h, CE_HEADERS.source);
  if (ceSourceValue !== ceSource(source)) throw new MalformedMessageError(`ce_source ${ceSourceValue} does not match ce_type ${ceTypeValue}`);
  const dataschema = requiredHeader(h, CE_HEADERS.dataschema);
  const version = VERSION_RE.exec(dataschema);
  // Any base (SA_SCHEMA_BASE_URL of the producer) with the type's own path: `<base>/<context>/<EventType>/v<N>.json`.
  if (!version || !isHttpUrl(dataschema) || !dataschema.endsWith(new URL(schemaId(source, type, Number(version[1]))).pathname)) {
    throw new MalformedMessageError(`ce_dataschema ${dataschema} does not match ce_type ${ceTypeValue}`);
  }
  const subject = requiredHeader(h, CE_HEADERS.subject);
  const key = text(message.key);
  if (key !== undefined && key !== subject) throw new MalformedMessageError(`Kafka key ${key} differs from ce_subject ${subject}`);

  const raw = text(message.value);
  if (raw === undefined) throw new MalformedMessageError('empty value (tombstone)');
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new MalformedMessageError(`value is not JSON: ${(e as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new MalformedMessageError('value is not a JSON object');

  const metadata: IntegrationEventMetadata = {
    correlationId: requiredHeader(h, CE_HEADERS.correlationId),
    causationId: requiredHeader(h, CE_HEADERS.causationId),
    actor: {
      id: requiredHeader(h, CE_HEADERS.actorId),
      role: requiredHeader(h, CE_HEADERS.actorRole),
      jurisdiction: requiredHeader(h, CE_HEADERS.actorJurisdiction),
    },
  };
  const reason = header(h, CE_HEADERS.reason);
  if (reason !== undefined) metadata.reason = reason;
  const evidence = header(h, CE_HEADERS.evidenceRefs);
  if (evidence !== undefined) {
    let refs: unknown;
    try {
      refs = JSON.parse(evidence);
    } catch {
      refs = undefined;
    }
    if (!Array.isArray(refs) || !refs.every((r) => typeof r === 'string')) {
      throw new MalformedMessageError('ce_evidencerefs is not a JSON array of strings');
    }
    metadata.evidenceRefs = refs as string[];
  }
  const policyVersion = header(h, CE_HEADERS.policyVersion);
  if (policyVersion !== undefined) metadata.policyVersion = policyVersion;

  return {
    id: requiredHeader(h, CE_HEADERS.id),
    type,
    schemaVersion: Number(version[1]),
    source,
    subject,
    time: requiredHeader(h, CE_HEADERS.time),
    data,
    metadata,
  };
}

export type DecodeFailureReason = 'malformed' | 'unknown-type' | 'schema-violation';

export type DecodedMessage =
  | { ok: true; event: IntegrationEvent<unknown> }
  | { ok: false; reason: DecodeFailureReason; error: string };

/**
 * Parse + validate a consumed message; never throws. Failures are classified the way the
 * dead-letter topic records them: malformed (not our CloudEvent), unknown-type (no such
 * type/version in the contracts), schema-violation (data breaks its JSON Schema or invariants).
 */
export function decodeKafkaMessage(message: KafkaMessageLike): DecodedMessage {
  let event: IntegrationEvent<unknown>;
  try {
    event = fromKafkaMessage(message);
  } catch (e) {
    return { ok: false, reason: 'malformed', error: (e as Error).message };
  }
  const metadata = validateEventMetadata(event.metadata);
  if (!metadata.ok) return { ok: false, reason: 'malformed', error: metadata.errors.join('; ') };
  if (isIntegrationEventType(event.type) && EVENT_CATALOGUE[event.type].context !== event.source) {
    return { ok: false, reason: 'malformed', error: `${event.type} is produced by ${EVENT_CATALOGUE[event.type].context}, not ${event.source}` };
  }
  const result = validateIntegrationEvent(event.type, event.schemaVersion, event.data);
  if (!result.known) return { ok: false, reason: 'unknown-type', error: result.errors.join('; ') };
  if (!result.ok) return { ok: false, reason: 'schema-violation', error: result.errors.join('; ') };
  const keyField = EVENT_CATALOGUE[event.type as keyof typeof EVENT_CATALOGUE].key;
  const keyValue = (event.data as Record<string, unknown>)[keyField];
  if (keyValue !== event.subject) {
    return { ok: false, reason: 'malformed', error: `ce_subject ${event.subject} differs from data.${keyField} ${String(keyValue)}` };
  }
  return { ok: true, event };
}
