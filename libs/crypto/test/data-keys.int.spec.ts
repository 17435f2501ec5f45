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
    const { keyId } = await keys.keyFor(subject);
    expect((await keys.lookup(keyId)).status).toBe('active');
    expect(await keys.shred(subject, 'retention period ended')).toBe(1);
    expect((await keys.lookup(keyId)).status).toBe('destroyed');
    await expect(keys.keyFor(subject)).rejects.toBeInstanceOf(ShreddedSubjectError);
    // a subject shredded before it was ever keyed stays unkeyable (grouped creation path)
    const never = randomUUID();
    await keys.shred(never, 'erased on request');
    await expect(new DataKeys(pool, keyring, { schema }).keyFor(never)).rejects.toBeInstanceOf(ShreddedSubjectError);
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
