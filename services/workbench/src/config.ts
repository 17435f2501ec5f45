import { defineConfigSpec, type ConfigOf } from '@sa/config';

export { requiredEnvNames, envNames } from '@sa/config';

/** The six bounded contexts the gateway proxies: `/api/<context>/…` → `<CONTEXT>_URL/…`. */
export const CONTEXTS = {
  intake: 'INTAKE_URL',
  verification: 'VERIFICATION_URL',
  eligibility: 'ELIGIBILITY_URL',
  disbursement: 'DISBURSEMENT_URL',
  'follow-up': 'FOLLOW_UP_URL',
  audit: 'AUDIT_URL',
} as const;
export type Context = keyof typeof CONTEXTS;

const upstream = (port: number, name: string) =>
  ({ type: 'url', protocols: ['http', 'https'], default: `http://127.0.0.1:${port}`, description: `Base URL of the ${name} service` }) as const;

/** Environment of the workbench gateway (services/workbench). */
export const WORKBENCH_CONFIG_SPEC = defineConfigSpec({
  NODE_ENV: { type: 'enum', values: ['development', 'test', 'production'], default: 'development' },
  WORKBENCH_PORT: { type: 'int', min: 0, max: 65535, default: 3000, description: 'HTTP port (0 = any free port)' },
  WORKBENCH_HOST: { type: 'string', default: '127.0.0.1', minLength: 1 },
  PUBLIC_URL: {
    type: 'url',
    protocols: ['http', 'https'],
    description: "The gateway's origin as the browser sees it (default http://<host>:<port>); the OIDC redirect URI is <PUBLIC_URL>/auth/callback",
    requiredIf: { NODE_ENV: 'production' },
  },
  OIDC_ISSUER_URL: {
    type: 'url',
    protocols: ['http', 'https'],
    default: 'http://127.0.0.1:8080/realms/social-assistance',
    description: "The provider's issuer (Keycloak: <base>/realms/social-assistance), as in the tokens' iss claim",
    requiredIf: { NODE_ENV: 'production' },
  },
  OIDC_DISCOVERY_URL: {
    type: 'url',
    protocols: ['http', 'https'],
    description: 'Where the gateway reads the provider metadata (default <OIDC_ISSUER_URL>/.well-known/openid-configuration); differs from the issuer when the gateway reaches the provider by an internal name',
  },
  OIDC_CLIENT_ID: { type: 'string', default: 'workbench', minLength: 1 },
  JWT_AUDIENCE: { type: 'string', default: 'social-assistance', minLength: 1, description: 'Audience the services accept; access tokens must carry it' },
  SESSION_IDLE_SECONDS: { type: 'int', min: 1, max: 86_400, default: 1800, description: 'A session unused this long ends (sign in again)' },
  TOKEN_REFRESH_BEFORE_SECONDS: {
    type: 'int',
    min: 0,
    max: 3600,
    default: 30,
    description: 'Refresh the access token when it expires within this many seconds',
  },
  COOKIE_SECURE: {
    type: 'enum',
    values: ['auto', 'true', 'false'],
    default: 'auto',
    description: 'Secure flag on the cookies; auto = when PUBLIC_URL is https or NODE_ENV=production',
  },
  RATE_LIMIT_PER_IP: { type: 'int', min: 1, max: 1_000_000, default: 1200, description: 'Requests to /api and /auth per client IP per minute' },
  RATE_LIMIT_PER_USER: { type: 'int', min: 1, max: 1_000_000, default: 600, description: 'Requests to /api and /auth per signed-in user per minute' },
  TRUST_PROXY: { type: 'boolean', default: false, description: 'Take the client IP from X-Forwarded-For (only behind a trusted reverse proxy)' },
  BODY_LIMIT: { type: 'size', default: '1mb', max: '20mb', description: 'Largest request body proxied to a service' },
  UPSTREAM_TIMEOUT_MS: { type: 'int', min: 100, max: 600_000, default: 30_000 },
  DIRECTORY_CLIENT_ID: { type: 'string', default: 'workbench-directory', minLength: 1, description: 'Confidential client (service account) the officer directory reads the identity provider with' },
  DIRECTORY_CLIENT_SECRET: {
    type: 'string',
    minLength: 1,
    description: 'Its secret; without it GET /directory/officers answers 503 (local realm: workbench-directory-local-secret)',
  },
  DIRECTORY_ADMIN_URL: {
    type: 'url',
    protocols: ['http', 'https'],
    description: "Keycloak's admin API of the realm (default derived from the token endpoint: <base>/admin/realms/<realm>)",
  },
  WEB_DIST_DIR: { type: 'string', minLength: 1, description: 'The built web app (default services/workbench/web/dist)' },
  INTAKE_URL: upstream(3001, 'intake'),
  VERIFICATION_URL: upstream(3002, 'verification'),
  ELIGIBILITY_URL: upstream(3003, 'eligibility'),
  DISBURSEMENT_URL: upstream(3004, 'disbursement'),
  FOLLOW_UP_URL: upstream(3005, 'follow-up'),
  AUDIT_URL: upstream(3006, 'audit'),
  LOG_LEVEL: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
});

export type WorkbenchConfig = ConfigOf<typeof WORKBENCH_CONFIG_SPEC>;
export const WORKBENCH_CONFIG = Symbol('WORKBENCH_CONFIG');
