/**
 * DataKeys on real PostgreSQL (issue 18, the append benchmark): the keys of new subjects are created in
 * grouped statements (many concurrent first uses → far fewer statements, one key per subject even across
 * two processes racing), the unwrapped keys are cached (LRU, bounded, TTL) and a key destroyed in this
 * process is unreadable at once.
 */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { DataKeys, LocalKeyring, ShreddedSubjectError } from '../src';
import { randomSchema } from '../../eventstore/test/pg-test-utils';

describe('DataKeys (PostgreSQL)', () => {
  let pool: Pool;
  let schema: string;
  let keyring: LocalKeyring;
  const statements: string[] = [];

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL, max: 6 });
    schema = randomSchema('crypto_keys');
    keyring = new LocalKeyring(join(mkdtempSync(join(tmpdir(), 'sa-kr-')), 'keyring.json'));
    await new DataKeys(pool, keyring, { schema }).migrate();
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      statements.push(typeof args[0] === 'string' ? args[0] : '');
      return query(...args);
    };
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('creates the keys of 200 new subjects asked for at once in a few grouped statements, one key each, the same for a second process', async () => {
    const a = new DataKeys(pool, keyring, { schema });
    const b = new DataKeys(pool, keyring, { schema }); // another process of the deployment
    const subjects = Array.from({ length: 200 }, () => randomUUID());
    statements.length = 0;
    const [fromA, fromB] = await Promise.all([Promise.all(subjects.map((s) => a.keyFor(s))), Promise.all(subjects.map((s) => b.keyFor(s)))]);
    expect(statements.length).toBeLessThan(40); // was two statements per subject and process (800)
    expect(fromA.map((k) => k.keyId)).toEqual(subjects.map((s) => `${s}~1`));
    expect(fromB.map((k) => k.key.toString('hex'))).toEqual(fromA.map((k) => k.key.toString('hex')));
    const { rows } = await pool.query(`SELECT count(*)::int AS n, count(DISTINCT subject)::int AS s FROM "${schema}".data_keys WHERE subject = ANY($1)`, [subjects]);
    expect(rows[0]).toEqual({ n: 200, s: 200 });
    // cached: no statement for the second use
    statements.length = 0;
    expect((await a.keyFor(subjects[0]!)).keyId).toBe(`${subjects[0]}~1`);
    expect(statements).toEqual([]);
  });

  it('a key destroyed in this process is unreadable at once (cache invalidated), and nothing new is keyed for the subject', async () => {
    const keys = new DataKeys(pool, keyring, { schema, cacheTtlMs: 3_600_000 });
    const subject = randomUUID();
    const { keyId, key } = await keys.keyFor(subject);
    expect((await keys.lookup(keyId)).status).toBe('active');
    expect(key.equals(Buffer.alloc(32))).toBe(false);
    expect(await keys.shred(subject, 'retention period ended')).toBe(1);
    expect(key.equals(Buffer.alloc(32))).toBe(true); // the unwrapped key cached in this process is overwritten, not only dropped
    expect((await keys.lookup(keyId)).status).toBe('destroyed');
    await expect(keys.keyFor(subject)).rejects.toBeInstanceOf(ShreddedSubjectError);
    // a subject shredded before it was ever keyed stays unkeyable (grouped creation path)
    const never = randomUUID();
    await keys.shred(never, 'erased on request');
    await expect(new DataKeys(pool, keyring, { schema }).keyFor(never)).rejects.toBeInstanceOf(ShreddedSubjectError);
  });

  it('re-checks keys past their TTL in one grouped statement without unwrapping them again; a key destroyed by another process is refused', async () => {
    let now = 1_000_000;
    const keys = new DataKeys(pool, keyring, { schema, cacheTtlMs: 30_000, now: () => now });
    const other = new DataKeys(pool, keyring, { schema }); // another process of the deployment
    const subjects = Array.from({ length: 50 }, () => randomUUID());
    const first = await Promise.all(subjects.map((s) => keys.keyFor(s)));
    await other.shred(subjects[7]!, 'retention period ended');
    now += 30_001; // every cached key is past its TTL
    let unwraps = 0;
    const unwrap = keyring.unwrap.bind(keyring);
    keyring.unwrap = (...args: Parameters<typeof keyring.unwrap>) => (unwraps++, unwrap(...args));
    statements.length = 0;
    try {
      const again = await Promise.allSettled(subjects.map((s) => keys.keyFor(s)));
      expect(statements.length).toBeLessThanOrEqual(4); // was one SELECT (and one unwrap) per subject
      expect(unwraps).toBe(0);
      expect(again[7]).toMatchObject({ status: 'rejected', reason: expect.any(ShreddedSubjectError) });
      const kept = again.flatMap((r, i) => (i === 7 ? [] : [[(r as PromiseFulfilledResult<{ keyId: string; key: Buffer }>).value.keyId, (r as PromiseFulfilledResult<{ keyId: string; key: Buffer }>).value.key.toString('hex')]]));
      expect(kept).toEqual(first.flatMap((k, i) => (i === 7 ? [] : [[k.keyId, k.key.toString('hex')]])));
      // fresh again: no statement for the next use
      statements.length = 0;
      await keys.keyFor(subjects[0]!);
      expect(statements).toEqual([]);
    } finally {
      keyring.unwrap = unwrap;
    }
  });

  it('a read then an append: looking up the newest version of a subject\'s key also makes it the key to encrypt with (one statement, not two); an older version does not', async () => {
    const writer = new DataKeys(pool, keyring, { schema });
    const subject = randomUUID();
    const { keyId: v1 } = await writer.keyFor(subject);
    const reader = new DataKeys(pool, keyring, { schema }); // another process: empty caches
    const before = statements.length;
    expect((await reader.lookup(v1)).status).toBe('active');
    expect(await reader.keyFor(subject)).toMatchObject({ keyId: v1 });
    expect(statements.length - before).toBe(1);
    const v2 = await writer.rotateDataKey(subject);
    const third = new DataKeys(pool, keyring, { schema });
    expect((await third.lookup(v1)).status).toBe('active'); // not the newest: new data must use v2
    expect(await third.keyFor(subject)).toMatchObject({ keyId: v2 });
  });

  it('keeps at most cacheMaxKeys unwrapped keys, evicting the least recently used', async () => {
    const keys = new DataKeys(pool, keyring, { schema, cacheMaxKeys: 2 });
    const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];
    await keys.keyFor(s1);
    await keys.keyFor(s2);
    await keys.keyFor(s1); // s1 used last: s2 is the least recently used
    await keys.keyFor(s3);
    statements.length = 0;
    await keys.keyFor(s1);
    expect(statements).toEqual([]);
    await keys.keyFor(s2); // evicted: read again
    expect(statements.length).toBeGreaterThan(0);
  });
});
