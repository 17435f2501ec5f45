/**
 * Production mode (issue 18 item 7), for every service: `bootstrapService` loads the service's spec
 * with `loadConfig` and exits with code 1 on a ConfigError, so a production configuration with a
 * default secret or key, with field encryption off, or with the local keyring not explicitly
 * allowed never starts. Checked here against each service's own spec.
 */
import { ConfigError, loadConfig, type ConfigSpec } from '@sa/config';
import { AUDIT_CONFIG_SPEC } from '../../services/audit/src/config';
import { DISBURSEMENT_CONFIG_SPEC } from '../../services/disbursement/src/config';
import { ELIGIBILITY_CONFIG_SPEC } from '../../services/eligibility/src/config';
import { FOLLOW_UP_CONFIG_SPEC } from '../../services/follow-up/src/config';
import { INTAKE_CONFIG_SPEC } from '../../services/intake/src/config';
import { VERIFICATION_CONFIG_SPEC } from '../../services/verification/src/config';

const SERVICES: [string, ConfigSpec][] = [
  ['intake', INTAKE_CONFIG_SPEC],
  ['verification', VERIFICATION_CONFIG_SPEC],
  ['eligibility', ELIGIBILITY_CONFIG_SPEC],
  ['disbursement', DISBURSEMENT_CONFIG_SPEC],
  ['follow-up', FOLLOW_UP_CONFIG_SPEC],
  ['audit', AUDIT_CONFIG_SPEC],
];

/** A value of our own for every variable the spec requires in production (secrets random-looking, URLs real-looking). */
function productionEnv(spec: ConfigSpec): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://sa:Zq8vW1pL@db.internal:5432/social_assistance',
    KAFKA_BROKERS: 'kafka-1.internal:9092',
    JWT_SECRET: 'Jt7!kQ2mX9pR4sV8wZ1bN6cF3hL5yA0eD',
    METRICS_TOKEN: 'Mt4rK8pQ1zX7vB2n',
    KEY_PROVIDER: 'pkcs11',
    PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so',
    PKCS11_PIN: 'h5M!q2Zr9w',
  };
  for (const [name, v] of Object.entries(spec)) {
    if (name in env || !(v.requiredIf && (v.requiredIf as Record<string, unknown>).NODE_ENV === 'production')) continue;
    if (v.secret) env[name] = `${name.toLowerCase()}-Xq93kLm2Rv8ZpW4nT7bY1`;
    else if (v.type === 'url') env[name] = 'https://platform.internal/api';
    else if (v.default !== undefined) env[name] = String(v.default);
  }
  return env;
}

function issues(spec: ConfigSpec, env: Record<string, string>): string[] {
  try {
    loadConfig(spec, env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => i.name);
  }
}

describe.each(SERVICES)('%s in production mode', (_name, spec) => {
  const env = productionEnv(spec);

  it('starts with an HSM (PKCS#11) and secrets of its own', () => {
    expect(issues(spec, env)).toEqual([]);
  });

  it('refuses the local keyring unless ALLOW_LOCAL_KEYRING=true', () => {
    expect(issues(spec, { ...env, KEY_PROVIDER: 'local' })).toEqual(['KEY_PROVIDER']);
    expect(issues(spec, { ...env, KEY_PROVIDER: 'local', ALLOW_LOCAL_KEYRING: 'true' })).toEqual([]);
  });

  it('refuses field encryption off, a PKCS#11 token without module or with a default PIN', () => {
    expect(issues(spec, { ...env, FIELD_ENCRYPTION: 'false' })).toEqual(['FIELD_ENCRYPTION']);
    expect(issues(spec, { ...env, PKCS11_MODULE: '' })).toEqual(['PKCS11_MODULE']);
    expect(issues(spec, { ...env, PKCS11_PIN: '1234' })).toEqual(['PKCS11_PIN']);
  });

  it('refuses every secret left at (or set to) its development default, unless ALLOW_DEVELOPMENT_SECRETS=true', () => {
    const secrets = Object.entries(spec).filter(([, v]) => v.secret && v.default !== undefined);
    for (const [name, v] of secrets) expect(issues(spec, { ...env, [name]: String(v.default) })).toEqual([name]);
    expect(issues(spec, { ...env, JWT_SECRET: 'local-only-jwt-secret-do-not-use-in-production' })).toEqual(['JWT_SECRET']);
    expect(issues(spec, { ...env, JWT_SECRET: 'local-only-jwt-secret-do-not-use-in-production', ALLOW_DEVELOPMENT_SECRETS: 'true' })).toEqual([]);
  });

  it('applies none of this outside production', () => {
    expect(issues(spec, { ...env, NODE_ENV: 'development', KEY_PROVIDER: 'local', FIELD_ENCRYPTION: 'false' })).toEqual([]);
  });
});

it('intake and verification do have secrets with development defaults (the check above is not vacuous)', () => {
  const withDefault = (spec: ConfigSpec) => Object.entries(spec).filter(([, v]) => v.secret && v.default !== undefined).map(([n]) => n);
  expect(withDefault(INTAKE_CONFIG_SPEC)).toContain('INTAKE_RESIDENT_ID_KEY');
  expect(withDefault(VERIFICATION_CONFIG_SPEC)).toContain('VERIFICATION_PLATFORM_HMAC_SECRET');
});
