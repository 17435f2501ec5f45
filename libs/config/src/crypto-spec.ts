/**
 * Field encryption and the shared key store (libs/crypto), part of every service's spec (see
 * serviceConfigSpec). All services of one deployment must name the same key store: the same
 * `DATABASE_URL` + `CRYPTO_SCHEMA` (wrapped data keys, read log) and the same key provider
 * (`KEYRING_PATH` file, or the same HSM token). The PKCS#11 PIN is never logged.
 */
export function cryptoConfigSpec() {
  return {
    FIELD_ENCRYPTION: { type: 'boolean', default: true, description: 'Encrypt personal fields in events, read models and on Kafka' },
    FIELD_CIPHER: {
      type: 'enum',
      values: ['sm4', 'aes-256-gcm'],
      default: 'sm4',
      description: 'Cipher suite of new ciphertexts: SM4-CTR + HMAC-SM3 (国密, default) or AES-256-GCM; both are always readable',
    },
    KEY_PROVIDER: {
      type: 'enum',
      values: ['local', 'pkcs11'],
      default: 'local',
      description: 'Where the key-encryption keys live: a local keyring file (dev) or an HSM via PKCS#11',
    },
    KEYRING_PATH: { type: 'string', default: '.cache/keys/keyring.json', description: 'Local keyring file (created 0600 on first start)' },
    ALLOW_LOCAL_KEYRING: {
      type: 'boolean',
      default: false,
      description: 'Allow the local keyring with NODE_ENV=production (refused otherwise)',
    },
    PKCS11_MODULE: { type: 'string', default: '', description: 'Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so' },
    PKCS11_TOKEN_LABEL: { type: 'string', default: 'sa-keys', description: 'Label of the token holding the key-encryption keys' },
    PKCS11_PIN: { type: 'string', default: '', secret: true, description: 'User PIN of the token' },
    KEYSTORE_DATABASE_URL: {
      type: 'url',
      protocols: ['postgres', 'postgresql'],
      description: 'Database of the key store (wrapped data keys, read log) when it is kept apart from the data; default DATABASE_URL',
    },
    CRYPTO_SCHEMA: {
      type: 'string',
      default: 'crypto',
      pattern: /^[a-z_][a-z0-9_]{0,62}$/,
      patternDescription: 'a lower-case SQL identifier (a-z, 0-9, _)',
      description: 'Schema of the wrapped data keys and the shredding record (one per deployment, shared by every service)',
    },
  } as const;
}

/** What a production configuration must not be (issue 18): the values a variable may not have, per variable. */
export interface ProductionIssue {
  name: string;
  reason: string;
}

/** Well-known PINs and passwords that a token or secret never has in production. */
const DEFAULT_PINS = /^(1234|0000|123456|12345678|changeit|changeme)$/;

/**
 * The key-store rules of production mode: field encryption on; the local keyring only when
 * explicitly allowed (ALLOW_LOCAL_KEYRING=true); PKCS#11 with a module and a PIN that is not a
 * well-known default. Empty outside production. `@sa/crypto`'s assertSafeKeyConfiguration and
 * `loadConfig` (every service, at start) both apply it.
 */
export function keyConfigurationIssues(c: {
  NODE_ENV?: string;
  FIELD_ENCRYPTION?: boolean;
  KEY_PROVIDER?: string;
  ALLOW_LOCAL_KEYRING?: boolean;
  PKCS11_MODULE?: string;
  PKCS11_PIN?: string;
}): ProductionIssue[] {
  if (c.NODE_ENV !== 'production') return [];
  if (!c.FIELD_ENCRYPTION) return [{ name: 'FIELD_ENCRYPTION', reason: 'FIELD_ENCRYPTION=false is refused with NODE_ENV=production' }];
  const issues: ProductionIssue[] = [];
  if (c.KEY_PROVIDER === 'local' && !c.ALLOW_LOCAL_KEYRING) {
    issues.push({
      name: 'KEY_PROVIDER',
      reason: 'KEY_PROVIDER=local is refused with NODE_ENV=production: use KEY_PROVIDER=pkcs11 (an HSM), or set ALLOW_LOCAL_KEYRING=true knowingly',
    });
  }
  if (c.KEY_PROVIDER === 'pkcs11') {
    if (!c.PKCS11_MODULE) issues.push({ name: 'PKCS11_MODULE', reason: 'PKCS11_MODULE is required with KEY_PROVIDER=pkcs11' });
    if (!c.PKCS11_PIN || DEFAULT_PINS.test(c.PKCS11_PIN)) issues.push({ name: 'PKCS11_PIN', reason: 'PKCS11_PIN is missing or a well-known default' });
  }
  return issues;
}
