/**
 * PostgreSQL only: the log refuses changes, a superuser's change is caught by the verifier at exactly
 * the altered event, and a transaction that commits late is never skipped by a subscriber.
 */
import { computeEventHash, verifyStore } from '../src/hash-chain';
import { Reader, category, ev, evs, eventually, marker, streamOf } from './conformance';
import { createPgFixture, type PgFixture } from './pg-test-utils';

jest.setTimeout(60_000);

describe('PostgreSQL event store: tamper resistance', () => {
  let fx: PgFixture;
  let t: string; // qualified events table
  beforeAll(async () => {
    fx = await createPgFixture({ pollIntervalMs: 100 });
    t = `"${fx.schema}".events`;
  });
  afterAll(async () => {
    await fx.teardown();
  });

  describe('plain UPDATE, DELETE and TRUNCATE are refused', () => {
    let s: string;
    beforeAll(async () => {
      s = streamOf(category());
      await fx.store.appendToStream(s, evs(3), { expectedRevision: 'no_stream' });
    });

    it('UPDATE', async () => {
      await expect(fx.pool.query(`UPDATE ${t} SET data = '{"x":1}' WHERE stream_id = $1`, [s])).rejects.toThrow(
        /append-only: UPDATE on .*events is refused/,
      );
    });

    it('UPDATE that matches no row', async () => {
      await expect(fx.pool.query(`UPDATE ${t} SET type = 'x' WHERE false`)).rejects.toThrow(/append-only/);
    });

    it('DELETE', async () => {
      await expect(fx.pool.query(`DELETE FROM ${t} WHERE stream_id = $1`, [s])).rejects.toThrow(
        /append-only: DELETE on .*events is refused/,
      );
    });

    it('TRUNCATE', async () => {
      await expect(fx.pool.query(`TRUNCATE ${t}`)).rejects.toThrow(/append-only: TRUNCATE on .*events is refused/);
    });

    it('rewinding or deleting a stream head', async () => {
      const heads = `"${fx.schema}".streams`;
      await expect(fx.pool.query(`UPDATE ${heads} SET revision = 0 WHERE stream_id = $1`, [s])).rejects.toThrow(
        /cannot move back/,
      );
      await expect(fx.pool.query(`DELETE FROM ${heads} WHERE stream_id = $1`, [s])).rejects.toThrow(/never deleted/);
      expect((await fx.store.readStream(s)).length).toBe(3);
    });
  });

  describe('a superuser bypassing the triggers is caught by the verifier', () => {
    async function asSuperuser(sql: string, params: unknown[]): Promise<void> {
      const c = await fx.pool.connect();
      try {
        await c.query(`SET session_replication_role = replica`);
        await c.query(sql, params);
      } finally {
        await c.query(`RESET session_replication_role`);
        c.release();
      }
    }

    it('altered data: hash mismatch at exactly that event', async () => {
      const s = streamOf(category());
      await fx.store.appendToStream(s, evs(5), { expectedRevision: 'no_stream' });
      expect(await verifyStore(fx.store, { streamId: s })).toEqual({ ok: true, checked: 5 });
      const victim = (await fx.store.readStream(s))[2]!;
      await asSuperuser(`UPDATE ${t} SET data = jsonb_set(data, '{i}', '99') WHERE stream_id = $1 AND revision = 2`, [s]);
      const result = await verifyStore(fx.store, { streamId: s });
      expect(result.ok).toBe(false);
      expect(result.checked).toBe(3);
      expect(result.firstBroken).toMatchObject({
        streamId: s,
        revision: 2,
        eventId: victim.eventId,
        reason: 'hash_mismatch',
        actualHash: victim.hash,
      });
      expect(result.firstBroken!.expectedHash).not.toBe(victim.hash);
    });

    it('altered data with a recomputed hash: the next event no longer links (prevHash mismatch)', async () => {
      const s = streamOf(category());
      await fx.store.appendToStream(s, evs(4), { expectedRevision: 'no_stream' });
      const victim = (await fx.store.readStream(s))[1]!;
      const forgedData = { i: 1000 };
      const forgedHash = computeEventHash({ ...victim, data: forgedData });
      const c = await fx.pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(`ALTER TABLE ${t} DISABLE TRIGGER events_refuse_update_delete`);
        await c.query(`UPDATE ${t} SET data = $2, hash = $3 WHERE stream_id = $1 AND revision = 1`, [
          s,
          JSON.stringify(forgedData),
          forgedHash,
        ]);
        await c.query(`ALTER TABLE ${t} ENABLE TRIGGER events_refuse_update_delete`);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      const result = await verifyStore(fx.store, { streamId: s });
      expect(result.firstBroken).toMatchObject({
        revision: 2,
        reason: 'prev_hash_mismatch',
        expectedHash: forgedHash,
        actualHash: victim.hash,
      });
    });

    it('a deleted event: revision gap at the event after it', async () => {
      const s = streamOf(category());
      await fx.store.appendToStream(s, evs(4), { expectedRevision: 'no_stream' });
      const events = await fx.store.readStream(s);
      await asSuperuser(`DELETE FROM ${t} WHERE stream_id = $1 AND revision = 1`, [s]);
      const result = await verifyStore(fx.store, { streamId: s });
      expect(result.firstBroken).toMatchObject({
        revision: 2,
        eventId: events[2]!.eventId,
        reason: 'revision_gap',
      });
    });

    it('store-wide verification walks the global log and stops at the first altered event', async () => {
      const own = await createPgFixture();
      try {
        const streams = [streamOf(category()), streamOf(category())];
        for (let i = 0; i < 3; i++) {
          for (const s of streams) await own.store.appendToStream(s, evs(2));
        }
        await eventually(async () => expect(await verifyStore(own.store)).toEqual({ ok: true, checked: 12 }));
        const victim = (await own.store.readStream(streams[1]!))[3]!;
        const c = await own.pool.connect();
        try {
          await c.query(`SET session_replication_role = replica`);
          await c.query(`UPDATE "${own.schema}".events SET metadata = metadata || '{"reason":"forged"}' WHERE event_id = $1`, [
            victim.eventId,
          ]);
          await c.query(`RESET session_replication_role`);
        } finally {
          c.release();
        }
        const result = await verifyStore(own.store, { pageSize: 5 });
        expect(result.ok).toBe(false);
        expect(result.firstBroken).toMatchObject({ streamId: streams[1], revision: 3, reason: 'hash_mismatch' });
      } finally {
        await own.teardown();
      }
    });
  });

  describe('late commit', () => {
    async function openTransactionAppending(streamId: string) {
      const e = ev('LateEvent', { late: true });
      const hash = computeEventHash({
        prevHash: null,
        streamId,
        revision: 0,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: 1,
        data: e.data,
        metadata: e.metadata,
      });
      const client = await fx.pool.connect();
      await client.query('BEGIN');
      // What the adapter does, split so that the transaction stays open: head, then the event.
      await client.query(`INSERT INTO "${fx.schema}".streams (stream_id, revision, last_hash) VALUES ($1, 0, $2)`, [
        streamId,
        hash,
      ]);
      const { rows } = await client.query<{ position: string }>(
        `INSERT INTO ${t} (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
         VALUES ($1, 0, $2, $3, 1, $4, $5, NULL, $6) RETURNING position::text AS position`,
        [streamId, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), hash],
      );
      return { client, event: e, position: BigInt(rows[0]!.position) };
    }

    it('transaction A inserts first but commits after B: the subscriber delivers both, A first', async () => {
      const c = category();
      const after = await marker(fx.store);
      const sub = fx.store.subscribeToAll({ after, filter: { streamCategories: [c] } });
      const reader = new Reader(sub);
      try {
        expect(await reader.next(200)).toBe('timeout'); // live now
        const a = await openTransactionAppending(streamOf(c));
        const eB = ev('OnTimeEvent');
        const b = await fx.store.appendToStream(streamOf(c), [eB]);
        expect(a.position < b.position.prepare).toBe(true); // A has the lower sequence number…

        // …and B is committed. A reader ordering by sequence alone would deliver B now and then skip A.
        const naive = await fx.pool.query<{ event_id: string }>(
          `SELECT event_id::text FROM ${t} WHERE category = $1 ORDER BY position`,
          [c],
        );
        expect(naive.rows.map((r) => r.event_id)).toEqual([eB.eventId]);

        // Ours holds B back while A is in flight.
        expect(await reader.next(600)).toBe('timeout');
        expect(await fx.store.readAll({ after, filter: { streamCategories: [c] } })).toEqual([]);

        await a.client.query('COMMIT');
        a.client.release();
        const got = await reader.take(2, 5_000);
        expect(got.map((e) => e.eventId)).toEqual([a.event.eventId, eB.eventId]);
        expect(await reader.next(300)).toBe('timeout');
      } finally {
        await sub.close();
      }
    });

    it('when A rolls back, B is delivered (without a notification: by polling)', async () => {
      const c = category();
      const after = await marker(fx.store);
      const sub = fx.store.subscribeToAll({ after, filter: { streamCategories: [c] } });
      const reader = new Reader(sub);
      try {
        expect(await reader.next(200)).toBe('timeout');
        const a = await openTransactionAppending(streamOf(c));
        const eB = ev('OnTimeEvent');
        await fx.store.appendToStream(streamOf(c), [eB]);
        expect(await reader.next(400)).toBe('timeout');
        await a.client.query('ROLLBACK');
        a.client.release();
        const got = await reader.take(1, 5_000);
        expect(got.map((e) => e.eventId)).toEqual([eB.eventId]);
      } finally {
        await sub.close();
      }
    });
  });
});
