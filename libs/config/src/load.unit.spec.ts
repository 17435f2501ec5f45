import { ConfigError, configValidator, defineConfigSpec, loadConfig, requiredEnvNames, serviceConfigSpec } from '@sa/config';

const SECRET = 'a-local-test-secret-of-at-least-32-chars';
const INTAKE_CONFIG_SPEC = defineConfigSpec({ ...serviceConfigSpec({ name: 'intake', httpPort: 3001, schema: 'intake' }) });

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and types the values', () => {
    const config = loadConfig(INTAKE_CONFIG_SPEC, { JWT_SECRET: SECRET });
    expect(config.HTTP_PORT).toBe(3001);
    expect(config.DATABASE_SCHEMA).toBe('intake');
    expect(config.KAFKA_CLIENT_ID).toBe('sa-intake');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.EVENT_STORE).toBe('postgresql');
    expect(config.BODY_LIMIT).toBe(100 * 1024);
    expect(config.TZ).toBe('Asia/Shanghai');
    expect(config.EVENTSTORE_CONNECTION_STRING).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable with the reason, in one error', () => {
    const error = errorOf(() =>
      loadConfig(INTAKE_CONFIG_SPEC, {
        HTTP_PORT: 'abc',
        DATABASE_URL: '',
        DATABASE_SCHEMA: 'Intake-1',
        KAFKA_BROKERS: 'localhost',
        EVENT_STORE: 'eventstoredb',
        JWT_SECRET: 'too-short',
        LOG_LEVEL: 'loud',
        BODY_LIMIT: 'big',
        TZ: 'Mars/Olympus',
        NODE_ENV: 'staging',
      }),
    );
    expect(error.issues.map((i) => i.name)).toEqual([
      'NODE_ENV',
      'HTTP_PORT',
      'DATABASE_URL',
      'DATABASE_SCHEMA',
      'KAFKA_BROKERS',
      'EVENTSTORE_CONNECTION_STRING',
      'JWT_SECRET',
      'LOG_LEVEL',
      'BODY_LIMIT',
      'TZ',
    ]);
    expect(error.message).toContain('HTTP_PORT must be an integer between 1 and 65535 (got "abc")');
    expect(error.message).toContain('DATABASE_URL must be a postgres:// URL (got "")');
    expect(error.message).toContain('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
    expect(error.message).toContain('NODE_ENV must be one of development, test, production (got "staging")');
    expect(error.message).toMatch(/^Invalid configuration: /);
  });

  it('never echoes a secret, and hides passwords in URLs', () => {
    const error = errorOf(() =>
      loadConfig(INTAKE_CONFIG_SPEC, { JWT_SECRET: 'short-secret', DATABASE_URL: 'mysql://app:s3cr3t@db/x' }),
    );
    expect(error.message).toContain('JWT_SECRET must be at least 32 characters long (got a hidden value of 12 characters)');
    expect(error.message).not.toContain('short-secret');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('requires a JWT key of some kind, and accepts a public key instead of a secret', () => {
    expect(errorOf(() => loadConfig(INTAKE_CONFIG_SPEC, {})).message).toContain(
      'JWT_SECRET is required unless JWT_JWKS_URL or JWT_PUBLIC_KEY is set',
    );
    const pem = '-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\\n-----END PUBLIC KEY-----';
    expect(loadConfig(INTAKE_CONFIG_SPEC, { JWT_PUBLIC_KEY: pem }).JWT_PUBLIC_KEY).toBe(pem);
  });

  it('refuses local defaults for infrastructure in production', () => {
    const error = errorOf(() => loadConfig(INTAKE_CONFIG_SPEC, { NODE_ENV: 'production', JWT_SECRET: SECRET }));
    expect(error.issues.map((i) => i.name)).toEqual(['METRICS_TOKEN', 'DATABASE_URL', 'KAFKA_BROKERS']);
  });

  it('leaves an optional variable without default unset when given the empty string', () => {
    const spec = defineConfigSpec({ OPTIONAL: { type: 'string' }, FLAG: { type: 'boolean', default: false } });
    expect(loadConfig(spec, { OPTIONAL: '', FLAG: 'yes' })).toEqual({ OPTIONAL: undefined, FLAG: true });
  });
});

describe('requiredEnvNames', () => {
  it('lists what an environment must set, given its other values', () => {
    const spec = serviceConfigSpec({ name: 'intake', httpPort: 3001, schema: 'intake' });
    expect(requiredEnvNames(spec)).toEqual(['JWT_SECRET']);
    expect(requiredEnvNames(spec, { NODE_ENV: 'production', EVENT_STORE: 'eventstoredb', JWT_PUBLIC_KEY: 'x' })).toEqual([
      'METRICS_TOKEN',
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'EVENTSTORE_CONNECTION_STRING',
    ]);
  });
});

describe('configValidator (the validate function of @nestjs/config)', () => {
  it('gives the same typed values as loadConfig, and the same ConfigError naming every bad variable', () => {
    const validate = configValidator(INTAKE_CONFIG_SPEC);
    expect(validate({ JWT_SECRET: SECRET })).toEqual(loadConfig(INTAKE_CONFIG_SPEC, { JWT_SECRET: SECRET }));
    const bad = { JWT_SECRET: SECRET, HTTP_PORT: 'abc', LOG_LEVEL: 'loud' };
    expect(errorOf(() => validate(bad)).message).toBe(errorOf(() => loadConfig(INTAKE_CONFIG_SPEC, bad)).message);
    expect(errorOf(() => validate(bad)).issues.map((i) => i.name)).toEqual(['HTTP_PORT', 'LOG_LEVEL']);
  });

  it('backs the ConfigService every service gets from PlatformModule: typed values only, never a raw process.env string', async () => {
    const { configServiceOver } = await import('@sa/platform');
    const config = configValidator(INTAKE_CONFIG_SPEC)({ JWT_SECRET: SECRET, HTTP_PORT: '3101' });
    const service = configServiceOver(config);
    expect(service.get('HTTP_PORT')).toBe(3101);
    expect(service.get('KAFKA_BROKERS')).toEqual(['127.0.0.1:9092']);
    process.env.SA_CONFIG_TEST_UNDECLARED = 'raw';
    try {
      expect(service.get('SA_CONFIG_TEST_UNDECLARED')).toBeUndefined();
    } finally {
      delete process.env.SA_CONFIG_TEST_UNDECLARED;
    }
  });
});
