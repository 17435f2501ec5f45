import { cryptoConfigSpec, defineConfigSpec, keyConfigurationIssues, type ConfigOf } from '@sa/config';

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

/**
 * Production guards (`@sa/config` keyConfigurationIssues, also applied by every service's
 * `loadConfig`): refuses disabled encryption, the local keyring unless explicitly allowed, and a
 * PKCS#11 set-up without module or with a default PIN.
 */
export function assertSafeKeyConfiguration(config: CryptoConfig & { NODE_ENV?: string }): void {
  const [first] = keyConfigurationIssues(config);
  if (first) throw new UnsafeKeyConfigurationError(first.reason);
}

/** `FIELD_CIPHER` → the suite id written into new ciphertexts. */
export const FIELD_CIPHER_SUITES = { sm4: 's4', 'aes-256-gcm': 'a2' } as const;
