import { resolve } from 'node:path';
import { assertSafeKeyConfiguration, type CryptoConfig } from './config';
import type { KeyProvider } from './key-provider';
import { LocalKeyring } from './local-keyring';
import { Pkcs11Keyring } from './pkcs11-keyring';

/** The key provider the configuration names, after the production guards. */
export function createKeyProvider(config: CryptoConfig & { NODE_ENV?: string }): KeyProvider {
  assertSafeKeyConfiguration(config);
  if (config.KEY_PROVIDER === 'pkcs11') {
    return new Pkcs11Keyring({ module: config.PKCS11_MODULE, tokenLabel: config.PKCS11_TOKEN_LABEL, pin: config.PKCS11_PIN });
  }
  return new LocalKeyring(resolve(config.KEYRING_PATH));
}
