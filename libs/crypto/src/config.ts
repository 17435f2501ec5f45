import { cryptoConfigSpec, defineConfigSpec, type ConfigOf } from '@sa/config';

/**
 * Environment of field encryption (defined in @sa/config's `cryptoConfigSpec`, part of every
 * service's spec). The key provider's secrets (the PKCS#11 PIN) are never logged.
 */
export const CRYPTO_CONFIG_SPEC = defineConfigSpec(cryptoConfigSpec());

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

/** `FIELD_CIPHER` → the suite id written into new ciphertexts. */
export const FIELD_CIPHER_SUITES = { sm4: 's4', 'aes-256-gcm': 'a2' } as const;
