import { defineConfigSpec, type ConfigOf } from '@sa/config';

/**
 * Environment of field encryption, spread into a service's config spec. The key provider's secrets
 * (the PKCS#11 PIN) are never logged.
 */
export const CRYPTO_CONFIG_SPEC = defineConfigSpec({
  FIELD_ENCRYPTION: { type: 'boolean', default: true, description: 'Encrypt personal fields in events and read models' },
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
  CRYPTO_SCHEMA: { type: 'string', default: 'crypto', description: 'Schema of the wrapped data keys and the read log' },
});

export type CryptoConfig = ConfigOf<typeof CRYPTO_CONFIG_SPEC>;

export class UnsafeKeyConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeKeyConfigurationError';
  }
}

/** Production guards: refuses the local keyring unless explicitly allowed, and a PKCS#11 set-up without module or PIN. */
export function assertSafeKeyConfiguration(config: CryptoConfig & { NODE_ENV?: string }): void {
  if (config.NODE_ENV !== 'production') return;
  if (!config.FIELD_ENCRYPTION) throw new UnsafeKeyConfigurationError('FIELD_ENCRYPTION=false is refused with NODE_ENV=production');
  if (config.KEY_PROVIDER === 'local' && !config.ALLOW_LOCAL_KEYRING) {
    throw new UnsafeKeyConfigurationError(
      'KEY_PROVIDER=local is refused with NODE_ENV=production: use KEY_PROVIDER=pkcs11 (an HSM), or set ALLOW_LOCAL_KEYRING=true knowingly',
    );
  }
  if (config.KEY_PROVIDER === 'pkcs11') {
    if (!config.PKCS11_MODULE) throw new UnsafeKeyConfigurationError('PKCS11_MODULE is required with KEY_PROVIDER=pkcs11');
    if (!config.PKCS11_PIN || /^(1234|0000|123456|changeit)$/.test(config.PKCS11_PIN)) {
      throw new UnsafeKeyConfigurationError('PKCS11_PIN is missing or a well-known default');
    }
  }
}
