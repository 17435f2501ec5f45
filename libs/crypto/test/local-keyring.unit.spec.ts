import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSafeKeyConfiguration, CRYPTO_CONFIG_SPEC, type CryptoConfig } from '../src/config';
import { LocalKeyring } from '../src/local-keyring';
import { loadConfig } from '@sa/config';
import { keyProviderConformance } from './key-provider.conformance';

const dir = mkdtempSync(join(tmpdir(), 'sa-keyring-'));
keyProviderConformance('local keyring', async () => new LocalKeyring(join(dir, 'conformance', 'keyring.json')));

describe('local keyring file', () => {
  it('is created with mode 0600 and refused when group or others can read it', () => {
    const path = join(dir, 'perm', 'keyring.json');
    new LocalKeyring(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    chmodSync(path, 0o644);
    expect(() => new LocalKeyring(path)).toThrow(/chmod 600/);
  });
});

describe('production guards', () => {
  const config = (env: Record<string, string>): CryptoConfig & { NODE_ENV: string } => ({
    ...loadConfig(CRYPTO_CONFIG_SPEC, env),
    NODE_ENV: env.NODE_ENV ?? 'development',
  });
  it('refuses the local keyring in production unless explicitly allowed', () => {
    expect(() => assertSafeKeyConfiguration(config({ NODE_ENV: 'production' }))).toThrow(/KEY_PROVIDER=local is refused/);
    expect(() => assertSafeKeyConfiguration(config({ NODE_ENV: 'production', ALLOW_LOCAL_KEYRING: 'true' }))).not.toThrow();
    expect(() => assertSafeKeyConfiguration(config({ NODE_ENV: 'development' }))).not.toThrow();
  });
  it('refuses PKCS#11 without a module or with a default PIN, and disabled encryption, in production', () => {
    expect(() => assertSafeKeyConfiguration(config({ NODE_ENV: 'production', KEY_PROVIDER: 'pkcs11', PKCS11_PIN: 'x9!' }))).toThrow(/PKCS11_MODULE/);
    expect(() =>
      assertSafeKeyConfiguration(config({ NODE_ENV: 'production', KEY_PROVIDER: 'pkcs11', PKCS11_MODULE: '/x.so', PKCS11_PIN: '1234' })),
    ).toThrow(/PKCS11_PIN/);
    expect(() => assertSafeKeyConfiguration(config({ NODE_ENV: 'production', FIELD_ENCRYPTION: 'false', ALLOW_LOCAL_KEYRING: 'true' }))).toThrow(
      /FIELD_ENCRYPTION/,
    );
  });
});
