import { createHmac, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { quoteIdent, runSqlMigrations, type SqlMigration } from '@sa/database';
import { assertKeyId, wipeWorkingKeys } from './cipher';
import type { KeyProvider } from './key-provider';

/**
 * Data keys: one random 32-byte key per subject (in intake: per case, see README), stored only
 * wrapped by the provider's key-encryption key, in `<schema>.data_keys`.
 *
 *   keyId = `<subject>~<version>`; version 1 on first use, +1 on `rotateDataKey`.
 *
 * Crypto-shredding (`shred`) overwrites every wrapped version of the subject with NULL and records
 * when and why: from then on every ciphertext under those keys, wherever it was copied (event store,
 * read models, Kafka history, backups once the KEK that wrapped the old row is retired), is noise.
 */
export const DATA_KEY_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'data keys',
    sql: (s) => `
      CREATE TABLE ${s}.data_keys (
        subject text NOT NULL,
        version int NOT NULL,
        kek_id text NOT NULL,
        wrapped bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz,
        destroyed_reason text,
        PRIMARY KEY (subject, version),
        CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
      );
      CREATE INDEX data_keys_kek ON ${s}.data_keys (kek_id) WHERE wrapped IS NOT NULL;`,
  },
];

export type DataKeyLookup = { status: 'active'; key: Buffer } | { status: 'destroyed'; destroyedAt: Date };

export class UnknownDataKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`data key ${keyId} does not exist`);
    this.name = 'UnknownDataKeyError';
  }
}

/** The subject whose key is the blind-index key; it is never shredded. */
export const BLIND_INDEX_SUBJECT = 'sa-blind-index';

export interface DataKeysOptions {
  schema?: string;
  /** How long an unwrapped key stays in memory (ms): a shred in another process is seen after at most this. Default 30 s. */
  cacheTtlMs?: number;
  /** Unwrapped keys kept in memory at most (least recently used evicted first). Default 10,000. */
  cacheMaxKeys?: number;
  now?: () => number;
}

export function keyIdOf(subject: string, version: number): string {
  return `${subject}~${version}`;
}

export function parseKeyId(keyId: string): { subject: string; version: number } {
  const i = keyId.lastIndexOf('~');
  const version = Number(keyId.slice(i + 1));
  if (i <= 0 || !Number.isSafeInteger(version) || version < 1) throw new UnknownDataKeyError(keyId);
  return { subject: keyId.slice(0, i), version };
}

export class DataKeys {
  private readonly s: string;
  private readonly cache = new Map<string, { at: number; value: DataKeyLookup }>();
  private readonly current = new Map<string, { at: number; keyId: string; key: Buffer }>();
  private readonly ttl: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private migrated?: Promise<unknown>;

  constructor(
    private readonly pool: Pool,
    private readonly provider: KeyProvider,
    options: DataKeysOptions = {},
  ) {
    this.s = quoteIdent(options.schema ?? 'crypto');
    this.schema = options.schema ?? 'crypto';
    this.ttl = options.cacheTtlMs ?? 30_000;
    this.maxKeys = Math.max(1, options.cacheMaxKeys ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  private readonly schema: string;

  migrate(): Promise<unknown> {
    this.migrated ??= runSqlMigrations(this.pool, this.schema, DATA_KEY_MIGRATIONS, { lockName: 'sa.crypto.migrations' });
    return this.migrated;
  }

  get keyProvider(): KeyProvider {
    return this.provider;
  }

  /**
   * The key to encrypt new data of `subject` with when this process holds it and it is within its TTL, else
   * undefined (then `keyFor`). Synchronous: the append path seals with it without waiting a turn (issue 18).
   */
  cachedKeyFor(subject: string): { keyId: string; key: Buffer } | undefined {
    const hit = this.current.get(subject);
    if (!hit || this.now() - hit.at >= this.ttl) return undefined;
    touch(this.current, subject, hit); // LRU: most recently used last
    return { keyId: hit.keyId, key: hit.key };
  }

  /** The key to encrypt new data of `subject` with (its newest version), created on first use. */
  async keyFor(subject: string): Promise<{ keyId: string; key: Buffer }> {
    assertKeyId(subject);
    const hit = this.current.get(subject);
    if (hit && this.now() - hit.at < this.ttl) {
      touch(this.current, subject, hit); // LRU: most recently used last
      return { keyId: hit.keyId, key: hit.key };
    }
    // Concurrent writers of one subject share one look-up (and one creation).
    let pending = this.pendingCurrent.get(subject);
    if (!pending) {
      // A subject this process has never keyed is most likely new (a new case): create-or-get in one grouped
      // statement. A subject whose cached key expired exists: read it back.
      pending = (hit ? this.revalidate(subject, hit) : this.createOrGet(subject)).finally(() => this.pendingCurrent.delete(subject));
      this.pendingCurrent.set(subject, pending);
    }
    return pending;
  }

  private readonly pendingCurrent = new Map<string, Promise<{ keyId: string; key: Buffer }>>();

  /**
   * A cached key past its TTL (issue 18, the append benchmark): a busy case re-read its key every TTL, one SELECT
   * and one unwrap each, not grouped. Now the subjects whose keys expired meanwhile are checked together in ONE
   * statement (newest version, destroyed or not), and a key that is still the newest and not destroyed is kept
   * without unwrapping it again; a rotated or destroyed one is read back as before (loadCurrent).
   */
  private revalidate(subject: string, hit: { keyId: string; key: Buffer }): Promise<{ keyId: string; key: Buffer }> {
    return new Promise((resolve, reject) => {
      this.revalidations.push({ subject, hit, resolve, reject });
      void this.flushRevalidations();
    });
  }

  private readonly revalidations: {
    subject: string;
    hit: { keyId: string; key: Buffer };
    resolve: (k: { keyId: string; key: Buffer }) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private revalidating = 0;

  private async flushRevalidations(): Promise<void> {
    if (this.revalidating >= 2 || this.revalidations.length === 0) return;
    const group = this.revalidations.splice(0, 1000);
    this.revalidating++;
    try {
      await this.migrate();
      const { rows } = await this.pool.query<{ subject: string; version: number; destroyed: boolean }>(
        `SELECT DISTINCT ON (subject) subject, version, wrapped IS NULL AS destroyed FROM ${this.s}.data_keys
          WHERE subject = ANY($1::text[]) ORDER BY subject, version DESC`,
        [[...new Set(group.map((g) => g.subject))]],
      );
      const newest = new Map(rows.map((r) => [r.subject, r]));
      await Promise.all(
        group.map(async (g) => {
          try {
            const r = newest.get(g.subject);
            if (r && !r.destroyed && keyIdOf(g.subject, r.version) === g.hit.keyId) return g.resolve(this.remember(g.subject, g.hit.keyId, g.hit.key));
            return g.resolve(await this.loadCurrent(g.subject)); // rotated, destroyed (throws) or gone: as before
          } catch (err) {
            g.reject(err);
          }
        }),
      );
    } catch (err) {
      for (const g of group) g.reject(err);
    } finally {
      this.revalidating--;
      void this.flushRevalidations();
    }
  }

  private async loadCurrent(subject: string): Promise<{ keyId: string; key: Buffer }> {
    await this.migrate();
    let row = await this.newest(subject);
    if (!row) {
      const key = randomBytes(32);
      const keyId = keyIdOf(subject, 1);
      const wrapped = await this.provider.wrap(key, keyId);
      const created = await this.pool.query(
        `INSERT INTO ${this.s}.data_keys (subject, version, kek_id, wrapped) VALUES ($1, 1, $2, $3) ON CONFLICT DO NOTHING RETURNING version`,
        [subject, wrapped.kekId, wrapped.wrapped],
      );
      if (created.rowCount === 1) return this.remember(subject, keyId, key); // ours: no read-back, no unwrap
      row = await this.newest(subject);
      if (!row) throw new Error(`data key for ${subject} could not be created`);
    }
    if (row.wrapped === null) throw new ShreddedSubjectError(subject);
    const keyId = keyIdOf(subject, row.version);
    return this.remember(subject, keyId, await this.provider.unwrap({ kekId: row.kek_id, wrapped: row.wrapped }, keyId));
  }

  /**
   * Key creation without its own round trips (issue 18, the append benchmark): the first event of a new case
   * used to cost a SELECT and an INSERT — a commit of its own — before its append. Now a fresh key is wrapped
   * in advance and the creations (and look-ups) of all subjects asked for meanwhile go to the database as ONE
   * statement: insert version 1 where the subject has no key, else return its newest version. At most two such
   * statements are in flight; the others queue and go together in the next one (group commit).
   */
  private createOrGet(subject: string): Promise<{ keyId: string; key: Buffer }> {
    return new Promise((resolve, reject) => {
      this.creations.push({ subject, resolve, reject });
      void this.flushCreations();
    });
  }

  private readonly creations: { subject: string; resolve: (k: { keyId: string; key: Buffer }) => void; reject: (e: unknown) => void; retried?: boolean }[] = [];
  private creating = 0;

  private async flushCreations(): Promise<void> {
    if (this.creating >= 2 || this.creations.length === 0) return;
    const group = this.creations.splice(0, 500);
    this.creating++;
    try {
      await this.migrate();
      const fresh = await Promise.all(
        group.map(async (g) => {
          const key = randomBytes(32);
          return { key, wrapped: await this.provider.wrap(key, keyIdOf(g.subject, 1)) };
        }),
      );
      const { rows } = await this.pool.query<{ subject: string; created: boolean; version: number | null; kek_id: string | null; wrapped: Buffer | null; found: boolean }>(
        `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[]) AS i(subject, kek_id, wrapped)),
              ins AS (INSERT INTO ${this.s}.data_keys (subject, version, kek_id, wrapped)
                        SELECT i.subject, 1, i.kek_id, i.wrapped FROM input i
                         WHERE NOT EXISTS (SELECT 1 FROM ${this.s}.data_keys d WHERE d.subject = i.subject)
                      ON CONFLICT DO NOTHING RETURNING subject)
         SELECT i.subject, ins.subject IS NOT NULL AS created, cur.version, cur.kek_id, cur.wrapped, cur.version IS NOT NULL AS found
           FROM input i LEFT JOIN ins ON ins.subject = i.subject
           LEFT JOIN LATERAL (SELECT version, kek_id, wrapped FROM ${this.s}.data_keys d WHERE d.subject = i.subject ORDER BY version DESC LIMIT 1) cur ON true`,
        [group.map((g) => g.subject), fresh.map((f) => f.wrapped.kekId), fresh.map((f) => f.wrapped.wrapped)],
      );
      const bySubject = new Map(rows.map((r) => [r.subject, r]));
      await Promise.all(
        group.map(async (g, i) => {
          try {
            const r = bySubject.get(g.subject);
            if (r?.created) return g.resolve(this.remember(g.subject, keyIdOf(g.subject, 1), fresh[i]!.key)); // ours: no read-back, no unwrap
            if (r?.found && r.version !== null) {
              if (r.wrapped === null) throw new ShreddedSubjectError(g.subject);
              const keyId = keyIdOf(g.subject, r.version);
              return g.resolve(this.remember(g.subject, keyId, await this.provider.unwrap({ kekId: r.kek_id!, wrapped: r.wrapped }, keyId)));
            }
            // created concurrently by another transaction, not visible to this statement's snapshot: asked again in
            // the next grouped statement (a new snapshot, after the other commit), then read alone
            if (!g.retried) return void this.creations.push({ ...g, retried: true });
            return g.resolve(await this.loadCurrent(g.subject));
          } catch (err) {
            g.reject(err);
          }
        }),
      );
    } catch (err) {
      for (const g of group) g.reject(err);
    } finally {
      this.creating--;
      void this.flushCreations();
    }
  }

  private remember(subject: string, keyId: string, key: Buffer): { keyId: string; key: Buffer } {
    touch(this.current, subject, { at: this.now(), keyId, key });
    if (this.current.size > this.maxKeys) this.current.delete(this.current.keys().next().value as string);
    touch(this.cache, keyId, { at: this.now(), value: { status: 'active', key } });
    if (this.cache.size > this.maxKeys) this.cache.delete(this.cache.keys().next().value as string);
    return { keyId, key };
  }

  private async newest(subject: string): Promise<{ version: number; kek_id: string; wrapped: Buffer | null } | undefined> {
    const { rows } = await this.pool.query<{ version: number; kek_id: string; wrapped: Buffer | null }>(
      `SELECT version, kek_id, wrapped FROM ${this.s}.data_keys WHERE subject = $1 ORDER BY version DESC LIMIT 1`,
      [subject],
    );
    return rows[0];
  }

  /** The key a ciphertext names, or `destroyed`. Throws UnknownDataKeyError for a key that never existed. */
  async lookup(keyId: string): Promise<DataKeyLookup> {
    const hit = this.cache.get(keyId);
    if (hit && this.now() - hit.at < this.ttl) {
      touch(this.cache, keyId, hit);
      return hit.value;
    }
    await this.migrate();
    const { subject, version } = parseKeyId(keyId);
    // This version and any newer one in one statement: when it is the subject's newest (the usual case: a command
    // reads its case, then appends to it), it is also remembered as the key to encrypt with, so the append that
    // follows the read asks the database nothing more (issue 18, the append path).
    const { rows } = await this.pool.query<{ version: number; kek_id: string; wrapped: Buffer | null; destroyed_at: Date | null }>(
      `SELECT version, kek_id, wrapped, destroyed_at FROM ${this.s}.data_keys WHERE subject = $1 AND version >= $2 ORDER BY version DESC`,
      [subject, version],
    );
    const row = rows.find((r) => r.version === version);
    if (!row) throw new UnknownDataKeyError(keyId);
    if (row.wrapped === null) {
      const value: DataKeyLookup = { status: 'destroyed', destroyedAt: row.destroyed_at! };
      touch(this.cache, keyId, { at: this.now(), value });
      if (this.cache.size > this.maxKeys) this.cache.delete(this.cache.keys().next().value as string);
      return value;
    }
    const key = await this.provider.unwrap({ kekId: row.kek_id, wrapped: row.wrapped }, keyId);
    if (rows[0]!.version === version) {
      this.remember(subject, keyId, key); // the newest version: the key for new data too (and cached by key id)
    } else {
      touch(this.cache, keyId, { at: this.now(), value: { status: 'active', key } });
      if (this.cache.size > this.maxKeys) this.cache.delete(this.cache.keys().next().value as string);
    }
    return { status: 'active', key };
  }

  /**
   * Looks up many keys at once (one query), so that a reader of many subjects (a ledger page) does not
   * pay one round trip per key: each key not cached is fetched, unwrapped and cached (destroyed ones as
   * destroyed). Unknown key ids are skipped (`lookup` reports them).
   */
  async preload(keyIds: readonly string[]): Promise<void> {
    const missing = [...new Set(keyIds)].filter((id) => {
      const hit = this.cache.get(id);
      return !(hit && this.now() - hit.at < this.ttl);
    });
    if (missing.length === 0) return;
    await this.migrate();
    const parsed = missing.map(parseKeyId);
    const { rows } = await this.pool.query<{ subject: string; version: number; kek_id: string; wrapped: Buffer | null; destroyed_at: Date | null }>(
      `SELECT d.subject, d.version, d.kek_id, d.wrapped, d.destroyed_at
         FROM unnest($1::text[], $2::int[]) AS k(subject, version) JOIN ${this.s}.data_keys d USING (subject, version)`,
      [parsed.map((p) => p.subject), parsed.map((p) => p.version)],
    );
    for (const row of rows) {
      const keyId = keyIdOf(row.subject, row.version);
      const value: DataKeyLookup =
        row.wrapped === null
          ? { status: 'destroyed', destroyedAt: row.destroyed_at! }
          : { status: 'active', key: await this.provider.unwrap({ kekId: row.kek_id, wrapped: row.wrapped }, keyId) };
      this.cache.set(keyId, { at: this.now(), value });
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as string);
    }
  }

  /** A new data-key version for the subject: new data uses it, old ciphertexts keep their (still readable) version. */
  async rotateDataKey(subject: string): Promise<string> {
    await this.migrate();
    const row = await this.newest(subject);
    if (row && row.wrapped === null) throw new ShreddedSubjectError(subject);
    const version = (row?.version ?? 0) + 1;
    const keyId = keyIdOf(subject, version);
    const wrapped = await this.provider.wrap(randomBytes(32), keyId);
    await this.pool.query(`INSERT INTO ${this.s}.data_keys (subject, version, kek_id, wrapped) VALUES ($1, $2, $3, $4)`, [
      subject,
      version,
      wrapped.kekId,
      wrapped.wrapped,
    ]);
    this.current.delete(subject);
    return keyId;
  }

  /**
   * Crypto-shredding: destroys every version of the subject's key. Irreversible. Returns the number
   * of key versions destroyed now (0 when already shredded or never keyed).
   *
   * `reason` is kept in clear in `data_keys.destroyed_reason` (it cannot be sealed under the key it records the
   * destruction of): state the rule, never a person's circumstances. The one caller, intake's retention job, writes a
   * generated sentence (closure date, retention months, as-of date).
   */
  async shred(subject: string, reason: string): Promise<number> {
    if (subject === BLIND_INDEX_SUBJECT) throw new Error('the blind-index key is not a personal key and cannot be shredded');
    if (!reason.trim()) throw new TypeError('a reason is required to shred a key');
    await this.migrate();
    const res = await this.pool.query(
      `UPDATE ${this.s}.data_keys SET wrapped = NULL, destroyed_at = now(), destroyed_reason = $2 WHERE subject = $1 AND wrapped IS NOT NULL`,
      [subject, reason],
    );
    // A subject shredded before it was ever keyed must stay unkeyable: record a destroyed version 1.
    await this.pool.query(
      `INSERT INTO ${this.s}.data_keys (subject, version, kek_id, wrapped, destroyed_at, destroyed_reason)
       VALUES ($1, 1, 'none', NULL, now(), $2) ON CONFLICT DO NOTHING`,
      [subject, reason],
    );
    this.forget(subject);
    return res.rowCount ?? 0;
  }

  /**
   * Drops the subject's unwrapped keys from this process's caches and overwrites them with zeros (a shredded key
   * must not linger in memory: the working keys derived from it are keyed by the Buffer in a WeakMap and go with it).
   */
  private forget(subject: string): void {
    const wipe = (key: Buffer | undefined) => {
      if (!key) return;
      wipeWorkingKeys(key);
      key.fill(0);
    };
    wipe(this.current.get(subject)?.key);
    this.current.delete(subject);
    for (const [keyId, hit] of [...this.cache]) {
      if (!keyId.startsWith(`${subject}~`)) continue;
      if (hit.value.status === 'active') wipe(hit.value.key);
      this.cache.delete(keyId);
    }
  }

  async isShredded(subject: string): Promise<boolean> {
    const row = await this.newest(subject);
    return row !== undefined && row.wrapped === null;
  }

  /**
   * Master-key rotation: `provider.rotate()` then this: re-wraps every live data key that is not
   * wrapped by the active KEK. Events and read models are not touched (their data keys do not change).
   */
  async rewrapAll(batch = 500): Promise<number> {
    await this.migrate();
    const active = await this.provider.activeKekId();
    let done = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ subject: string; version: number; kek_id: string; wrapped: Buffer }>(
        `SELECT subject, version, kek_id, wrapped FROM ${this.s}.data_keys WHERE wrapped IS NOT NULL AND kek_id <> $1 LIMIT $2`,
        [active, batch],
      );
      if (rows.length === 0) return done;
      for (const r of rows) {
        const keyId = keyIdOf(r.subject, r.version);
        const key = await this.provider.unwrap({ kekId: r.kek_id, wrapped: r.wrapped }, keyId);
        const w = await this.provider.wrap(key, keyId);
        await this.pool.query(`UPDATE ${this.s}.data_keys SET kek_id = $3, wrapped = $4 WHERE subject = $1 AND version = $2 AND wrapped IS NOT NULL`, [
          r.subject,
          r.version,
          w.kekId,
          w.wrapped,
        ]);
        done++;
      }
    }
  }

  /** Keyed blind index (HMAC-SM3) of a value, for equality lookups without the clear text. */
  async blindIndex(kind: string, normalisedValue: string): Promise<string> {
    const { key } = await this.keyFor(BLIND_INDEX_SUBJECT);
    return blindIndexWith(key, kind, normalisedValue);
  }
}

/** Map as LRU: (re)inserted last, so `keys().next()` is the least recently used. */
function touch<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
}

export function blindIndexWith(key: Buffer, kind: string, normalisedValue: string): string {
  return createHmac('sm3', key).update(`${kind}\u0000${normalisedValue}`, 'utf8').digest('hex');
}

export class ShreddedSubjectError extends Error {
  constructor(readonly subject: string) {
    super(`the data key of ${subject} has been destroyed: nothing new can be encrypted for it`);
    this.name = 'ShreddedSubjectError';
  }
}
