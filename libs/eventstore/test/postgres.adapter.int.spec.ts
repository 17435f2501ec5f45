/** PostgreSQL only: migrations, notifications vs polling, back-pressure, releasing connections. */
import { Pool } from 'pg';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../src/port';
import { PostgresEventStore } from '../src/postgres';
import { Reader, category, ev, evs, marker, streamOf } from './conformance';
import { TEST_DATABASE_URL, createPgFixture, ensureDatabase, randomSchema, type PgFixture } from './pg-test-utils';

jest.setTimeout(60_000);

describe('PostgreSQL event store: adapter specifics', () => {
  it('migrations are versioned, idempotent and safe when several processes migrate at once', async () => {
    await ensureDatabase();
    const schema = randomSchema('es_migrate');
    const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: TEST_DATABASE_URL, max: 2 }));
    try {
      const results = await Promise.all(pools.map((p) => PostgresEventStore.migrate(p, schema)));
      expect(results.filter((r) => r.length > 0)).toEqual([[1, 2, 3, 4, 5]]);
      expect(await PostgresEventStore.migrate(pools[0]!, schema)).toEqual([]);
      const { rows } = await pools[0]!.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }, { version: 5 }]);
    } finally {
      await pools[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("migration 5: a case is found by metadata.caseIds (narrow index) and in older batch events by their lines (the old GIN, now only for those)", async () => {
    await ensureDatabase();
    const schema = randomSchema('es_caseids');
    const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
    try {
      await PostgresEventStore.migrate(pool, schema);
      const { rows: indexes } = await pool.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`, [schema]);
      const names = indexes.map((r) => r.indexname);
      expect(names).toEqual(expect.arrayContaining(['events_case_ids_idx', 'events_payment_batch_legacy_cases_idx']));
      expect(names).not.toContain('events_payment_batch_cases_idx');
      const store = new PostgresEventStore({ pool, schema });
      const meta = { correlationId: 'run-1', causationId: 'c', actor: { id: 'a', role: 'system', jurisdiction: '330106' }, occurredAt: '2026-04-05T10:00:00+08:00' };
      const line = (caseId: string) => ({ caseId, amountFen: 100 });
      await store.appendToStream('paymentRun-1', [
        { eventId: '00000000-0000-4000-8000-000000000001', type: 'PaymentBatchIssued', schemaVersion: 1, data: { payments: [line('case-a'), line('case-b')] }, metadata: meta },
        { eventId: '00000000-0000-4000-8000-000000000002', type: 'PaymentBatchIssued', schemaVersion: 1, data: { payments: [line('case-a'), line('case-c')] }, metadata: { ...meta, caseIds: ['case-a', 'case-c'] } },
      ]);
      const where = `(metadata ? 'caseIds' AND metadata->'caseIds' @> jsonb_build_array($1::text))
        OR (type = 'PaymentBatchIssued' AND NOT (metadata ? 'caseIds') AND data->'payments' @> jsonb_build_array(jsonb_build_object('caseId', $1::text)))`;
      const found = async (caseId: string) =>
        (await pool.query<{ revision: string }>(`SELECT revision::text FROM "${schema}".events WHERE ${where} ORDER BY position`, [caseId])).rows.map((r) => Number(r.revision));
      expect(await found('case-a')).toEqual([0, 1]);
      expect(await found('case-b')).toEqual([0]);
      expect(await found('case-c')).toEqual([1]);
      expect(await found('case-d')).toEqual([]);
      // the planner can serve both arms from the two partial indexes (no scan of the log)
      const client = await pool.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT position FROM "${schema}".events WHERE ${where.replace(/\$1/g, "'case-a'")}`)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan).toContain('events_case_ids_idx');
        expect(plan).toContain('events_payment_batch_legacy_cases_idx');
        expect(plan).not.toContain('Seq Scan');
      } finally {
        client.release();
      }
      await store.close();
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });

  it('refuses unsafe schema names', () => {
    const pool = new Pool({ connectionString: TEST_DATABASE_URL });
    expect(() => new PostgresEventStore({ pool, schema: 'x"; DROP TABLE y; --' })).toThrow(TypeError);
    void pool.end();
  });

  describe('group commit', () => {
    it('appends arriving while a statement is in flight share the next transaction; 0 turns it off', async () => {
      for (const [groupCommit, expectedTransactions] of [
        [1, 2],
        [0, 20],
      ] as const) {
        const fx = await createPgFixture({ groupCommit });
        try {
          const c = category();
          // no_stream appends reach the committer synchronously: the first goes alone, the other 19 queue
          const results = await Promise.all(
            Array.from({ length: 20 }, () => fx.store.appendToStream(streamOf(c), evs(1), { expectedRevision: 'no_stream' })),
          );
          expect(new Set(results.map((r) => r.position.commit)).size).toBe(expectedTransactions);
          const { rows } = await fx.pool.query<{ n: string }>(
            `SELECT count(DISTINCT tx_id)::text AS n FROM "${fx.schema}".events WHERE category = $1`,
            [c],
          );
          expect(Number(rows[0]!.n)).toBe(expectedTransactions);
        } finally {
          await fx.teardown();
        }
      }
    });
  });

  describe('append inside the caller\'s transaction (appendInTransaction)', () => {
    it('commits and rolls back with the caller\'s rows; a lost race throws WrongExpectedRevisionError; the chain holds', async () => {
      const fx = await createPgFixture();
      try {
        await fx.pool.query(`CREATE TABLE "${fx.schema}".side (n int)`);
        const s = streamOf(category());
        const inTx = async (rev: 'no_stream' | number, commit: boolean, n: number) => {
          const client = await fx.pool.connect();
          try {
            await client.query('BEGIN');
            await client.query(`INSERT INTO "${fx.schema}".side VALUES ($1)`, [n]);
            const res = await fx.store.appendInTransaction(client, s, evs(2), { expectedRevision: rev });
            // not visible outside before COMMIT
            await expect(fx.store.readStream(s, { fromRevision: res.nextExpectedRevision })).rejects.toThrow();
            await client.query(commit ? 'COMMIT' : 'ROLLBACK');
            return res;
          } catch (err) {
            await client.query('ROLLBACK');
            throw err;
          } finally {
            client.release();
          }
        };
        expect(await inTx('no_stream', false, 1)).toMatchObject({ nextExpectedRevision: 1, written: true });
        await expect(fx.store.readStream(s)).rejects.toThrow(StreamNotFoundError);
        expect(await inTx('no_stream', true, 2)).toMatchObject({ nextExpectedRevision: 1, written: true });
        expect((await fx.store.readStream(s)).map((e) => e.revision)).toEqual([0, 1]);
        await expect(inTx(0, true, 3)).rejects.toThrow(WrongExpectedRevisionError);
        // a rival holding the head: the second waits, then loses its compare-and-set
        const a = await fx.pool.connect();
        const b = await fx.pool.connect();
        try {
          await a.query('BEGIN');
          await b.query('BEGIN');
          await fx.store.appendInTransaction(a, s, evs(1), { expectedRevision: 1 });
          const lost = fx.store.appendInTransaction(b, s, evs(1), { expectedRevision: 1 });
          lost.catch(() => undefined);
          await a.query('COMMIT');
          await expect(lost).rejects.toThrow(WrongExpectedRevisionError);
          await b.query('ROLLBACK');
        } finally {
          a.release();
          b.release();
        }
        const events = await fx.store.readStream(s);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(events[2]!.prevHash).toBe(events[1]!.hash);
        const { rows } = await fx.pool.query(`SELECT n FROM "${fx.schema}".side ORDER BY n`);
        expect(rows).toEqual([{ n: 2 }]);
        // an ordinary append continues the chain
        expect(await fx.store.appendToStream(s, evs(1), { expectedRevision: 2 })).toMatchObject({ nextExpectedRevision: 3 });
      } finally {
        await fx.teardown();
      }
    });
  });

  describe('live subscriptions', () => {
    let fx: PgFixture;
    afterEach(async () => {
      await fx?.teardown();
    });

    it('are woken by NOTIFY (no need to wait for the polling interval)', async () => {
      fx = await createPgFixture({ pollIntervalMs: 60_000 });
      const c = category();
      const after = await marker(fx.store);
      const sub = fx.store.subscribeToAll({ after, filter: { streamCategories: [c] } });
      const reader = new Reader(sub);
      expect(await reader.next(200)).toBe('timeout');
      const t0 = Date.now();
      await fx.store.appendToStream(streamOf(c), evs(1));
      await reader.take(1, 3_000);
      expect(Date.now() - t0).toBeLessThan(3_000);
      // another process's appends wake us too
      const other = fx.newStore();
      await other.appendToStream(streamOf(c), evs(2));
      await reader.take(2, 3_000);
      await sub.close();
    });

    it('fall back to polling when a notification is missed', async () => {
      fx = await createPgFixture({ pollIntervalMs: 100 });
      const c = category();
      const after = await marker(fx.store);
      const sub = fx.store.subscribeToAll({ after, filter: { streamCategories: [c] } });
      const reader = new Reader(sub);
      expect(await reader.next(200)).toBe('timeout');
      // Append with triggers disabled: no NOTIFY is sent.
      const other = fx.newStore({ pollIntervalMs: 100 });
      const client = await fx.pool.connect();
      try {
        await client.query('SET session_replication_role = replica');
        const s = streamOf(c);
        await other.appendToStream(s, evs(1)); // through the other pool: notified normally
        await reader.take(1, 3_000);
        // a raw insert in a session with triggers disabled: nobody is notified
        const e = ev();
        await client.query(
          `INSERT INTO "${fx.schema}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
           VALUES ($1, 0, $2, 'Raw', 1, '{}', '{}', NULL, 'x')`,
          [streamOf(c), e.eventId],
        );
        const got = await reader.take(1, 3_000);
        expect(got[0]!.eventId).toBe(e.eventId);
      } finally {
        await client.query('RESET session_replication_role');
        client.release();
        await sub.close();
      }
    });

    it('pull pages only as the consumer asks (back-pressure)', async () => {
      fx = await createPgFixture({ pageSize: 10 });
      const c = category();
      const after = await marker(fx.store);
      const s = streamOf(c);
      for (let i = 0; i < 10; i++) await fx.store.appendToStream(s, evs(10));
      const queries: string[] = [];
      const original = fx.pool.query.bind(fx.pool);
      const spy = jest.spyOn(fx.pool, 'query').mockImplementation(((...args: Parameters<Pool['query']>) => {
        const q = args[0] as unknown;
        const text = typeof q === 'string' ? q : (q as { text?: string }).text;
        if (text?.includes('pg_snapshot_xmin')) queries.push(text);
        return (original as (...a: unknown[]) => unknown)(...args);
      }) as unknown as Pool['query']);
      try {
        const sub = fx.store.subscribeToAll({ after, filter: { streamCategories: [c] } });
        const reader = new Reader(sub);
        await reader.take(15);
        expect(queries.length).toBe(2);
        await reader.take(85);
        expect(queries.length).toBe(10);
        await sub.close();
      } finally {
        spy.mockRestore();
      }
    });

    it('close() and store.close() release the LISTEN connection', async () => {
      fx = await createPgFixture({ pollIntervalMs: 60_000 }); // no polling query may hold a client while we count
      const c = category();
      const after = await marker(fx.store);
      const subs = [0, 1, 2].map(() => fx.store.subscribeToAll({ after, filter: { streamCategories: [c] } }));
      const readers = subs.map((s) => new Reader(s));
      for (const r of readers) expect(await r.next(100)).toBe('timeout'); // all live
      expect(fx.pool.totalCount - fx.pool.idleCount).toBe(1); // one shared LISTEN connection
      await subs[0]!.close();
      expect(fx.pool.totalCount - fx.pool.idleCount).toBe(1);
      await subs[1]!.close();
      await subs[2]!.close();
      expect(fx.pool.totalCount - fx.pool.idleCount).toBe(0);
      for (const r of readers) expect(await r.next(1_000)).toBe('done');

      const again = fx.store.subscribeToAll({ after, filter: { streamCategories: [c] } });
      const reader = new Reader(again);
      expect(await reader.next(100)).toBe('timeout');
      expect(fx.pool.totalCount - fx.pool.idleCount).toBe(1);
      await fx.store.close();
      expect(fx.pool.totalCount - fx.pool.idleCount).toBe(0);
      expect(await reader.next(1_000)).toBe('done');
      await expect(fx.store.appendToStream(streamOf(c), evs(1))).rejects.toThrow(/closed/);
    });
  });
});
