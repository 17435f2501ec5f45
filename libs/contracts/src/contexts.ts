/** The five bounded contexts; each one produces to exactly one topic. */
export const CONTEXTS = ['intake', 'verification', 'eligibility', 'disbursement', 'follow-up'] as const;
export type Context = (typeof CONTEXTS)[number];

/** One topic per producing context, keyed by case id (per-case ordering). */
export const TOPICS = {
  intake: 'sa.intake.events',
  verification: 'sa.verification.events',
  eligibility: 'sa.eligibility.events',
  disbursement: 'sa.disbursement.events',
  'follow-up': 'sa.follow-up.events',
} as const satisfies Record<Context, string>;
export type Topic = (typeof TOPICS)[Context];

export const DLQ_SUFFIX = '.dlq';

/** Dead-letter topic of a topic: `<topic>.dlq`. */
export function dlqTopic(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/** Every topic the system uses: the five event topics and their dead-letter topics. */
export function allTopics(): string[] {
  const topics = Object.values(TOPICS) as string[];
  return [...topics, ...topics.map(dlqTopic)];
}

export function isContext(value: unknown): value is Context {
  return typeof value === 'string' && (CONTEXTS as readonly string[]).includes(value);
}

/** Base of every schema `$id`. */
export const SCHEMA_BASE_URL = 'https://schemas.social-assistance.local';

/** `$id` of an event schema: `https://schemas.social-assistance.local/<context>/<EventType>/v<N>.json`. */
export function schemaId(context: Context, type: string, version: number): string {
  return `${SCHEMA_BASE_URL}/${context}/${type}/v${version}.json`;
}

/**
 * Where the published schemas resolve: `SA_SCHEMA_BASE_URL` (e.g. `https://sa.example.gov.cn/schemas`, or a
 * producing service's own `http://host:3004/schemas`), default SCHEMA_BASE_URL. Producers put
 * `<base>/<context>/<EventType>/v<N>.json` in `ce_dataschema`; each producing service serves its schemas
 * (and the AsyncAPI document) with that base in every `$id`, `$ref` and `dataschema`. The schemas' canonical
 * `$id` (SCHEMA_BASE_URL) stays what validation uses; consumers accept any base with the right path.
 */
export function schemaBaseUrl(env: Record<string, string | undefined> = process.env): string {
  const configured = env.SA_SCHEMA_BASE_URL?.trim();
  return configured ? configured.replace(/\/+$/, '') : SCHEMA_BASE_URL;
}

/** A canonical schema URL (or a document holding them) rebased onto `base`. */
export function rebaseSchemaUrls<T>(value: T, base: string = schemaBaseUrl()): T {
  if (base === SCHEMA_BASE_URL) return value;
  return JSON.parse(JSON.stringify(value).split(SCHEMA_BASE_URL).join(base)) as T;
}

/** The `ce_dataschema` producers send: the schema's URL under the configured base. */
export function dataSchemaUrl(context: Context, type: string, version: number, base: string = schemaBaseUrl()): string {
  return `${base}/${context}/${type}/v${version}.json`;
}

/** `$id` of the shared definitions. */
export const COMMON_DEFINITIONS_ID = `${SCHEMA_BASE_URL}/common/definitions/v1.json`;
