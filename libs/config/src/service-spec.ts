import { cryptoConfigSpec } from './crypto-spec';

/** The variables every service reads. Each service spreads this into its own spec (services/<svc>/src/config.ts). */

const PEM_PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----(\\n|\s)+[A-Za-z0-9+/=\s\\n]+-----END PUBLIC KEY-----\s*$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

function isTimeZone(value: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return undefined;
  } catch {
    return 'must be an IANA time zone such as Asia/Shanghai';
  }
}

export interface ServiceDefaults {
  /** Service name as in the Kafka client id `sa-<name>`, e.g. `follow-up`. */
  name: string;
  httpPort: number;
  /** PostgreSQL schema for the service's read models and inbox, e.g. `follow_up`. */
  schema: string;
}

export function serviceConfigSpec(d: ServiceDefaults) {
  return {
    NODE_ENV: { type: 'enum', values: ['development', 'test', 'production'], default: 'development' },
    HTTP_PORT: { type: 'int', min: 1, max: 65535, default: d.httpPort },
    HTTP_HOST: {
      type: 'string',
      default: '127.0.0.1',
      minLength: 1,
      description: 'Address to listen on; loopback by default, 0.0.0.0 in a container behind a gateway',
    },
    JSON_MAX_DEPTH: { type: 'int', min: 2, max: 256, default: 32, description: 'Deepest JSON nesting a request body may have (400 beyond)' },
    RATE_LIMIT_PER_IP: {
      type: 'int',
      min: 0,
      max: 1_000_000,
      default: 6000,
      description: 'Requests per minute per client IP (0 disables it, e.g. behind a gateway that limits)',
    },
    RATE_LIMIT_PER_SUBJECT: { type: 'int', min: 0, max: 1_000_000, default: 1200, description: 'Requests per minute per token subject (0 disables it)' },
    METRICS_TOKEN: {
      type: 'string',
      minLength: 16,
      secret: true,
      requiredIf: { NODE_ENV: 'production' },
      description: 'Bearer token for GET /metrics; unset (outside production) means /metrics answers 404',
    },
    DATABASE_URL: {
      type: 'url',
      protocols: ['postgres', 'postgresql'],
      default: 'postgres://postgres@127.0.0.1:5432/social_assistance',
      requiredIf: { NODE_ENV: 'production' },
    },
    DATABASE_SCHEMA: {
      type: 'string',
      default: d.schema,
      pattern: /^[a-z_][a-z0-9_]{0,62}$/,
      patternDescription: 'a lower-case SQL identifier (a-z, 0-9, _)',
    },
    DATABASE_POOL_MAX: { type: 'int', min: 1, max: 100, default: 10 },
    KAFKA_BROKERS: {
      type: 'list',
      default: '127.0.0.1:9092',
      itemPattern: HOST_PORT,
      itemDescription: 'host:port',
      requiredIf: { NODE_ENV: 'production' },
    },
    KAFKA_CLIENT_ID: { type: 'string', default: `sa-${d.name}`, minLength: 1 },
    EVENT_STORE: { type: 'enum', values: ['postgresql', 'eventstoredb'], default: 'postgresql' },
    EVENTSTORE_CONNECTION_STRING: {
      type: 'url',
      protocols: ['esdb', 'esdb+discover'],
      requiredIf: { EVENT_STORE: 'eventstoredb' },
    },
    EVENTSTORE_SCHEMA: {
      type: 'string',
      default: 'eventstore',
      pattern: /^[a-z_][a-z0-9_]{0,62}$/,
      patternDescription: 'a lower-case SQL identifier (a-z, 0-9, _)',
      description: 'The deployment\'s event-store namespace: PostgreSQL schema (EVENT_STORE=postgresql) or EventStoreDB stream prefix (EVENT_STORE=eventstoredb)',
    },
    JWT_SECRET: {
      type: 'string',
      minLength: 32,
      secret: true,
      requiredUnless: ['JWT_JWKS_URL', 'JWT_PUBLIC_KEY'],
      description: 'HS256 shared secret (local, tests, npm run token); ignored when JWT_JWKS_URL or JWT_PUBLIC_KEY is set',
    },
    JWT_JWKS_URL: {
      type: 'url',
      protocols: ['http', 'https'],
      description: "The identity provider's JWKS (Keycloak: <issuer>/protocol/openid-connect/certs); keys cached, refetched on an unknown kid",
    },
    JWT_PUBLIC_KEY: {
      type: 'string',
      pattern: PEM_PUBLIC_KEY,
      patternDescription: 'a PEM public key (-----BEGIN PUBLIC KEY----- …), newlines may be written as \\n',
    },
    JWT_PUBLIC_KEY_ALGORITHM: { type: 'enum', values: ['RS256', 'ES256', 'PS256', 'EdDSA'], default: 'RS256' },
    JWT_ISSUER: { type: 'string', default: 'sa-local-idp', minLength: 1 },
    JWT_AUDIENCE: { type: 'string', default: 'social-assistance', minLength: 1 },
    JWT_CLOCK_TOLERANCE_SECONDS: { type: 'int', min: 0, max: 300, default: 30 },
    LOG_LEVEL: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    BODY_LIMIT: { type: 'size', default: '100kb', max: '10mb' },
    TZ: { type: 'string', default: 'Asia/Shanghai', check: isTimeZone },
    ALLOW_DEVELOPMENT_SECRETS: {
      type: 'boolean',
      default: false,
      description:
        'Allow secrets left at their development default (or marked local-only / do-not-use-in-production) with NODE_ENV=production: the local compose system only; refused otherwise',
    },
    // Field encryption of personal data and the shared key store (libs/crypto).
    ...cryptoConfigSpec(),
  } as const;
}

/** The common spec with placeholder defaults, for tools that need the variable names only. */
export type ServiceConfigSpec = ReturnType<typeof serviceConfigSpec>;
