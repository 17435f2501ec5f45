import { resolve } from 'node:path';
import { Pool } from 'pg';
import { FIELD_CIPHER_SUITES, type CryptoConfig } from './config';
import { DataKeys } from './data-keys';
import { FieldEncryptor } from './field-encryption';
import type { KeyProvider } from './key-provider';
import { createKeyProvider } from './provider-factory';
import { ReadLog } from './read-log';

/**
 * The key store of one deployment, as a process sees it: the key provider (local keyring or HSM),
 * the wrapped data keys in `<CRYPTO_SCHEMA>.data_keys`, the field encryptor and the shared read log
 * (`<CRYPTO_SCHEMA>.read_log`). Every service of a deployment opens the same one (same database
 * and schema, same keyring file or token): this is the "grant to the key service" a consumer needs
 * to read personal fields.
 *
 * It has its own small connection pool (keys are managed apart from the data: in production the
 * key schema can live in another database or behind another role by pointing `KEYSTORE_DATABASE_URL`
 * elsewhere). Opened once per process and configuration, reference-counted: in-process tests that
 * run several services share one and close it with the last.
 */
export interface KeyStore {
  readonly provider: KeyProvider;
  readonly dataKeys: DataKeys;
  readonly fields: FieldEncryptor;
  readonly readLog: ReadLog;
  readonly schema: string;
  /** Drops this holder's reference; the last one closes the pool and the provider. */
  release(): Promise<void>;
}

export interface KeyStoreConfig extends CryptoConfig {
  NODE_ENV?: string;
  DATABASE_URL: string;

}

interface Entry {
  refs: number;
  pool: Pool;
  provider: KeyProvider;
  dataKeys: DataKeys;
  fields: FieldEncryptor;
  readLog: ReadLog;
  schema: string;
}

const open = new Map<string, Entry>();
let latest: string | undefined;

function identity(c: KeyStoreConfig): string {
  const where = c.KEY_PROVIDER === 'pkcs11' ? `${c.PKCS11_MODULE}#${c.PKCS11_TOKEN_LABEL}` : resolve(c.KEYRING_PATH);
  return `${c.KEYSTORE_DATABASE_URL || c.DATABASE_URL}|${c.CRYPTO_SCHEMA}|${c.KEY_PROVIDER}|${where}|${c.FIELD_CIPHER}`;
}

/** Opens (or shares) the key store the configuration names. The production guards run here. */
export function openKeyStore(config: KeyStoreConfig): KeyStore {
  const id = identity(config);
  let entry = open.get(id);
  if (!entry) {
    const provider = createKeyProvider(config);
    const pool = new Pool({ connectionString: config.KEYSTORE_DATABASE_URL || config.DATABASE_URL, max: 4 });
    pool.on('error', () => undefined); // an idle client's error: the next query reports it
    const dataKeys = new DataKeys(pool, provider, { schema: config.CRYPTO_SCHEMA });
    entry = {
      refs: 0,
      pool,
      provider,
      dataKeys,
      fields: new FieldEncryptor(dataKeys, { suite: FIELD_CIPHER_SUITES[config.FIELD_CIPHER] }),
      readLog: new ReadLog(pool, config.CRYPTO_SCHEMA),
      schema: config.CRYPTO_SCHEMA,
    };
    open.set(id, entry);
  }
  entry.refs++;
  latest = id;
  const e = entry;
  let released = false;
  return {
    provider: e.provider,
    dataKeys: e.dataKeys,
    fields: e.fields,
    readLog: e.readLog,
    schema: e.schema,
    async release() {
      if (released) return;
      released = true;
      e.refs--;
      if (e.refs > 0) return;
      open.delete(id);
      if (latest === id) latest = [...open.keys()].pop();
      await e.provider.close().catch(() => undefined);
      await e.pool.end().catch(() => undefined);
    },
  };
}

/**
 * The field encryptor of the key store this process opened last (undefined when field encryption
 * is off): the default of @sa/messaging's inbox consumers, which decrypt integration events once,
 * for every service, before the handler sees them.
 */
export function processFieldEncryptor(): FieldEncryptor | undefined {
  return latest ? open.get(latest)?.fields : undefined;
}
