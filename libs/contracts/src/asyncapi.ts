/**
 * The AsyncAPI 3.0 description of the integration events, generated from the catalogue and the
 * published JSON Schemas: one channel per topic, one message per event type and schema version with
 * its Kafka key, its CloudEvents binary-mode headers (`ce_*`, see cloudevents.ts) and its payload schema.
 * Each producing service serves its own part at `GET /asyncapi.json` (see @sa/platform), and the
 * event schemas themselves at `GET /schemas/<context>/<EventType>/v<N>.json`.
 *
 * Payload schemas are converted from JSON Schema 2020-12 to the AsyncAPI schema format (a draft-07
 * superset): every `$ref` to the shared definitions or to a schema's own `$defs` points into
 * `components.schemas`, so the document is self-contained.
 */
import { CE_HEADERS, CE_SPEC_VERSION, CONTENT_TYPE_JSON, ceSource, ceType } from './cloudevents';
import { EVENT_CATALOGUE, INTEGRATION_EVENT_TYPES, type IntegrationEventType } from './catalogue';
import { CONTEXTS, TOPICS, schemaId, type Context } from './contexts';
import { COMMON_SCHEMAS, EVENT_SCHEMAS } from './schemas';

export const ASYNCAPI_VERSION = '3.0.0';
/** The version of the event contracts as a whole; bump it when a schema version is added. */
export const CONTRACTS_DOCUMENT_VERSION = '2.0.0';

type Json = Record<string, unknown>;

/** `components.messages` name of an event type at a version: `PaymentIssued_v1`. */
export function asyncApiMessageName(type: IntegrationEventType, version: number): string {
  return `${type}_v${version}`;
}

function channelName(context: Context): string {
  return context.replace(/-/g, '_');
}

const COMMON_ID = COMMON_SCHEMAS[0]!.$id;

/** Rewrites a JSON Schema 2020-12 document into AsyncAPI schema objects with component references. */
function convert(node: unknown, localPrefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, localPrefix));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$schema' || k === '$id' || k === '$defs') continue;
    if (k === '$ref' && typeof v === 'string') {
      if (v.startsWith(`${COMMON_ID}#/$defs/`)) out.$ref = `#/components/schemas/${v.slice(`${COMMON_ID}#/$defs/`.length)}`;
      else if (v.startsWith('#/$defs/')) out.$ref = `#/components/schemas/${localPrefix}${v.slice('#/$defs/'.length)}`;
      else throw new Error(`unexpected $ref ${v}`);
      continue;
    }
    out[k] = convert(v, localPrefix);
  }
  return out;
}

function defsOf(schema: Json): Json {
  return (schema.$defs as Json | undefined) ?? {};
}

const str = (description: string, extra: Json = {}): Json => ({ type: 'string', description, ...extra });

function headersSchema(context: Context, type: IntegrationEventType, version: number): Json {
  const properties: Json = {
    [CE_HEADERS.specversion]: str('CloudEvents spec version', { const: CE_SPEC_VERSION }),
    [CE_HEADERS.id]: str('CloudEvents id: the event id (UUID), unique per event; consumers deduplicate on it', { format: 'uuid' }),
    [CE_HEADERS.source]: str('CloudEvents source: the producing context', { const: ceSource(context) }),
    [CE_HEADERS.type]: str('CloudEvents type (the schema version is in ce_dataschema)', { const: ceType(context, type) }),
    [CE_HEADERS.subject]: str(`CloudEvents subject = the Kafka key (${EVENT_CATALOGUE[type].key})`),
    [CE_HEADERS.time]: str('CloudEvents time: when it happened (RFC 3339, +08:00)', { format: 'date-time' }),
    [CE_HEADERS.dataschema]: str('CloudEvents dataschema: the payload schema id and version', { const: schemaId(context, type, version) }),
    [CE_HEADERS.contentType]: str('content type of the Kafka value', { const: CONTENT_TYPE_JSON }),
    [CE_HEADERS.correlationId]: str('extension: the case id shared by every event of one case'),
    [CE_HEADERS.causationId]: str('extension: the command or event that caused this one'),
    [CE_HEADERS.actorId]: str('extension: who decided (identity subject or system component)'),
    [CE_HEADERS.actorRole]: str('extension: the role under which the actor acted'),
    [CE_HEADERS.actorJurisdiction]: str('extension: the actor\'s administrative division code'),
    [CE_HEADERS.reason]: str('extension, when set: free-text reason (no personal data)'),
    [CE_HEADERS.evidenceRefs]: str('extension, when set: JSON array of evidence references'),
    [CE_HEADERS.policyVersion]: str('extension, when set: the policy version applied'),
  };
  return {
    type: 'object',
    description: 'CloudEvents 1.0, Kafka protocol binding, binary content mode: one header per attribute.',
    required: [
      CE_HEADERS.specversion,
      CE_HEADERS.id,
      CE_HEADERS.source,
      CE_HEADERS.type,
      CE_HEADERS.subject,
      CE_HEADERS.time,
      CE_HEADERS.dataschema,
      CE_HEADERS.contentType,
      CE_HEADERS.correlationId,
      CE_HEADERS.causationId,
      CE_HEADERS.actorId,
      CE_HEADERS.actorRole,
      CE_HEADERS.actorJurisdiction,
    ],
    properties,
  };
}

export interface AsyncApiOptions {
  /** Only this producing context's channel, messages and operation (what that service serves). */
  context?: Context;
  /** Kafka bootstrap server shown in `servers` (default 127.0.0.1:9092). */
  kafkaHost?: string;
}

/** The AsyncAPI 3.0 document of every integration event (or of one producing context). */
export function buildAsyncApiDocument(options: AsyncApiOptions = {}): Json {
  const contexts = options.context ? [options.context] : [...CONTEXTS];
  const schemas: Json = {};
  const usedCommon = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node as Json)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
          const name = v.slice('#/components/schemas/'.length);
          if (!usedCommon.has(name)) {
            usedCommon.add(name);
            const common = defsOf(COMMON_SCHEMAS[0] as Json)[name];
            if (common !== undefined) {
              const converted = convert(common, '');
              schemas[name] = converted;
              collect(converted);
            }
          }
        } else collect(v);
      }
    }
  };

  const messages: Json = {};
  const channels: Json = {};
  const operations: Json = {};
  for (const context of contexts) {
    const channelMessages: Json = {};
    for (const type of INTEGRATION_EVENT_TYPES.filter((t) => EVENT_CATALOGUE[t].context === context)) {
      const entry = EVENT_CATALOGUE[type];
      for (const version of entry.versions) {
        const schema = EVENT_SCHEMAS[type][version]! as Json;
        const localPrefix = `${type}_v${version}_`;
        for (const [name, def] of Object.entries(defsOf(schema))) {
          const converted = convert(def, localPrefix);
          schemas[`${localPrefix}${name}`] = converted;
          collect(converted);
        }
        const payload = convert(schema, localPrefix);
        collect(payload);
        const name = asyncApiMessageName(type, version);
        const current = version === entry.currentVersion;
        messages[name] = {
          name,
          title: `${type} v${version}`,
          summary: entry.summary,
          description:
            `Schema ${schemaId(context, type, version)}` +
            `${current ? ' (the version producers publish now)' : ''}. Consumers: ${entry.consumers.join(', ') || 'none yet'}. ` +
            `Key: ${entry.key}.`,
          contentType: CONTENT_TYPE_JSON,
          headers: headersSchema(context, type, version),
          payload,
          bindings: {
            kafka: {
              key: { type: 'string', description: `the ${entry.key} (= ce_subject): per-key ordering` },
              bindingVersion: '0.5.0',
            },
          },
          'x-sa-schema-version': version,
          'x-sa-current-version': entry.currentVersion,
          'x-sa-consumers': [...entry.consumers],
        };
        channelMessages[name] = { $ref: `#/components/messages/${name}` };
      }
    }
    const channel = channelName(context);
    channels[channel] = {
      address: TOPICS[context],
      title: TOPICS[context],
      description: `Every public event of ${context}, keyed by case (run id for PaymentRunCompleted, calendar id for HolidayCalendarPublished). Dead letters: ${TOPICS[context]}.dlq.`,
      messages: channelMessages,
      bindings: { kafka: { bindingVersion: '0.5.0' } },
    };
    operations[`publish_${channel}`] = {
      action: 'send',
      title: `${context} publishes`,
      summary: `The ${context} service publishes these events (transactional outbox, at least once).`,
      channel: { $ref: `#/channels/${channel}` },
      messages: Object.keys(channelMessages).map((m) => ({ $ref: `#/channels/${channel}/messages/${m}` })),
    };
  }

  return {
    asyncapi: ASYNCAPI_VERSION,
    id: options.context ? `urn:social-assistance:events:${options.context}` : 'urn:social-assistance:events',
    info: {
      title: options.context ? `Social assistance: ${options.context} events` : 'Social assistance: integration events',
      version: CONTRACTS_DOCUMENT_VERSION,
      description:
        'Generated from @sa/contracts (catalogue + JSON Schemas). CloudEvents 1.0 over Kafka in binary mode: the value is the ' +
        'event data (JSON), attributes and envelope metadata are ce_* headers, the key is the subject. A new schema version is ' +
        'published beside the old ones; consumers accept every listed version.',
    },
    defaultContentType: CONTENT_TYPE_JSON,
    servers: {
      kafka: {
        host: options.kafkaHost ?? '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'Kafka bootstrap server (KAFKA_BROKERS)',
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}
