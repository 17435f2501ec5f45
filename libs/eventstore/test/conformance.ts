/**
 * One conformance suite for every adapter of the event-store port.
 *
 *   describeEventStoreConformance('postgresql', async () => ({ store, newStore, teardown }))
 *
 * The suite only uses the port. It never assumes the store is empty: every test writes to streams of
 * its own random category and reads the global log after a marker event it appended first, so it also
 * runs against a long-lived EventStoreDB.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Decider } from '@sa/decider';
import { DomainError } from '@sa/decider';
import {
  IdempotencyConflictError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  comparePositions,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '../src/port';
import { computeEventHash, verifyStore, verifyStreamChain } from '../src/hash-chain';
import { eventIdFor } from '../src/envelope';
import { handleCommand } from '../src/command-handler';

export interface ConformanceTarget {
  store: EventStore;
  /** A second, independent store instance on the same storage (another process). Defaults to `store`. */
  newStore?: () => EventStore;
  teardown: () => Promise<void>;
}

export const META: EventMetadata = {
  correlationId: 'application-7d7a3c52-0d3e-4a55-9c55-2b8f0f0b7a10',
  causationId: 'cmd-1',
  actor: { id: 'officer-1', role: 'community_officer', jurisdiction: '110101001001' },
  occurredAt: '2025-03-01T09:30:00+08:00',
};

export function category(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export function streamOf(cat: string): string {
  return `${cat}-${randomUUID()}`;
}

export function ev(type = 'TestEvent', data: unknown = { n: 1 }, metadata: EventMetadata = META): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata };
}

export function evs(count: number, type = 'TestEvent'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ev(type, { i }));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Retries an assertion until it holds (or rethrows its last failure). For reads of the global log right
 * after an append: the PostgreSQL adapter only shows events below the oldest running transaction, so while
 * another transaction anywhere in the cluster is still open, a fresh event may lag for a moment.
 */
export async function eventually<T>(assertion: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}

const TIMEOUT = Symbol('timeout');

/** Reads a subscription without ever losing an event to a timed-out `next()`. */
export class Reader {
  private readonly it: AsyncIterator<RecordedEvent>;
  private pending: Promise<IteratorResult<RecordedEvent>> | undefined;

  constructor(readonly sub: Subscription) {
    this.it = sub[Symbol.asyncIterator]();
  }

  /** The next event, 'done' when the subscription ended, 'timeout' when nothing came in time. */
  async next(timeoutMs: number): Promise<RecordedEvent | 'done' | 'timeout'> {
    this.pending ??= this.it.next();
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      this.pending,
      new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (r === TIMEOUT) return 'timeout';
    this.pending = undefined;
    return r.done ? 'done' : r.value;
  }

  async take(n: number, timeoutMs = 15_000): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < n) {
      const r = await this.next(Math.max(1, deadline - Date.now()));
      if (r === 'timeout') throw new Error(`subscription delivered ${out.length} of ${n} events in ${timeoutMs} ms`);
      if (r === 'done') throw new Error(`subscription ended after ${out.length} of ${n} events`);
      out.push(r);
    }
    return out;
  }
}

export async function marker(store: EventStore): Promise<GlobalPosition> {
  const res = await store.appendToStream(streamOf('marker'), [ev('Marker')], { expectedRevision: 'no_stream' });
  return res.position;
}

async function expectWrongRevision(
  p: Promise<unknown>,
  expected: ExpectedRevision,
  actual: number | 'no_stream',
): Promise<WrongExpectedRevisionError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WrongExpectedRevisionError);
  const wer = err as WrongExpectedRevisionError;
  expect(wer.expected).toEqual(expected);
  expect(wer.actual).toEqual(actual);
  return wer;
}

function strictlyIncreasing(events: RecordedEvent[]): boolean {
  return events.every((e, i) => i === 0 || comparePositions(events[i - 1]!.position, e.position) < 0);
}

// A tiny decider for handleCommand.
type CounterCommand = { type: 'Add'; amount: number } | { type: 'Close' };
type CounterEvent = { type: 'Added'; data: { amount: number } } | { type: 'Closed'; data: Record<string, never> };
interface CounterState {
  total: number;
  closed: boolean;
}
class CounterClosed extends DomainError {
  constructor() {
    super('counter_closed', 'the counter is closed', { kind: 'conflict' });
  }
}
const counter: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: { total: 0, closed: false },
  decide(command, state) {
    if (state.closed) throw new CounterClosed();
    if (command.type === 'Close') return [{ type: 'Closed', data: {} }];
    return [{ type: 'Added', data: { amount: command.amount } }];
  },
  evolve(state, event) {
    switch (event.type) {
      case 'Added':
        return { ...state, total: state.total + event.data.amount };
      case 'Closed':
        return { ...state, closed: true };
    }
  },
};

export function describeEventStoreConformance(name: string, factory: () => Promise<ConformanceTarget>): void {
  jest.setTimeout(60_000);
  describe(`EventStore conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let store: EventStore;
    let second: EventStore | undefined;
    const other = (): EventStore => (second ??= target.newStore ? target.newStore() : store);

    beforeAll(async () => {
      target = await factory();
      store = target.store;
    });
    afterAll(async () => {
      await target?.teardown();
    });

    describe('append with expected revision', () => {
      it('no_stream creates the stream at revisions 0..n-1 and round-trips every field', async () => {
        const s = streamOf(category());
        const data = { 姓名: '张三', amountFen: 123456, ratio: 0.25, flags: [true, false, null], nested: { b: 'ü', a: [] } };
        const batch = [ev('ApplicationSubmitted', data), ev('ConsentRecorded', { consentRef: 'c-1' })];
        batch[1]!.schemaVersion = 3;
        const res = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        expect(res.written).toBe(true);
        expect(res.nextExpectedRevision).toBe(1);
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual([0, 1]);
        expect(read[0]).toMatchObject({
          streamId: s,
          eventId: batch[0]!.eventId,
          type: 'ApplicationSubmitted',
          schemaVersion: 1,
          data,
          metadata: META,
        });
        expect(read[1]!.schemaVersion).toBe(3);
        expect(read[0]!.recordedAt).toBeInstanceOf(Date);
        expect(comparePositions(read[1]!.position, res.position)).toBe(0);
        expect(comparePositions(read[0]!.position, read[1]!.position)).toBeLessThan(0);
      });

      it('no_stream on an existing stream fails with the actual revision', async () => {
        const s = streamOf(category());
        await store.appendToStream(s, evs(3), { expectedRevision: 'no_stream' });
        await expectWrongRevision(store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' }), 'no_stream', 2);
      });

      it('exact revision succeeds at the current revision and fails otherwise', async () => {
        const s = streamOf(category());
        await store.appendToStream(s, evs(2), { expectedRevision: 'no_stream' });
        const ok = await store.appendToStream(s, evs(2), { expectedRevision: 1 });
        expect(ok.nextExpectedRevision).toBe(3);
        await expectWrongRevision(store.appendToStream(s, evs(1), { expectedRevision: 1 }), 1, 3);
        await expectWrongRevision(store.appendToStream(s, evs(1), { expectedRevision: 7 }), 7, 3);
        await expectWrongRevision(
          store.appendToStream(streamOf(category()), evs(1), { expectedRevision: 0 }),
          0,
          'no_stream',
        );
        expect((await store.readStream(s)).length).toBe(4);
      });

      it('stream_exists fails on a missing stream and succeeds on an existing one', async () => {
        const s = streamOf(category());
        await expectWrongRevision(
          store.appendToStream(s, evs(1), { expectedRevision: 'stream_exists' }),
          'stream_exists',
          'no_stream',
        );
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFoundError);
        await store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' });
        const res = await store.appendToStream(s, evs(2), { expectedRevision: 'stream_exists' });
        expect(res.nextExpectedRevision).toBe(2);
      });

      it('any (the default) appends to missing and existing streams', async () => {
        const s = streamOf(category());
        expect((await store.appendToStream(s, evs(1), { expectedRevision: 'any' })).nextExpectedRevision).toBe(0);
        expect((await store.appendToStream(s, evs(2))).nextExpectedRevision).toBe(2);
      });

      it('rejects malformed input', async () => {
        const s = streamOf(category());
        await expect(store.appendToStream(s, [{ ...ev(), eventId: 'not-a-uuid' }])).rejects.toThrow(TypeError);
        await expect(store.appendToStream(s, evs(1), { expectedRevision: -1 })).rejects.toThrow(TypeError);
        await expect(store.appendToStream(s, [ev('$system')])).rejects.toThrow(TypeError);
        const dup = ev();
        await expect(store.appendToStream(s, [dup, { ...dup }])).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFoundError);
      });
    });

    describe('metadata keys', () => {
      it("refuses caller metadata keys starting with '$' (reserved for the store), writing nothing", async () => {
        const s = streamOf(category());
        for (const key of ['$sa', '$prevHash', '$hash', '$schemaVersion', '$correlationId', '$causationId', '$tb']) {
          await expect(store.appendToStream(s, [ev('T', {}, { ...META, [key]: 'x' })])).rejects.toThrow(TypeError);
        }
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('caller metadata named like the chain fields round-trips and verifies (no false tamper alarm)', async () => {
        const s = streamOf(category());
        const metadata = { ...META, prevHash: 'caller', hash: 'caller', schemaVersion: 99, sa: { hash: 'x' }, saPort: 1, correlationId: 'case-1' };
        await store.appendToStream(s, [ev('T', { a: 1 }, metadata), ev('T', { a: 2 }, metadata)], { expectedRevision: 'no_stream' });
        const read = await store.readStream(s);
        expect(read.map((e) => e.metadata)).toEqual([metadata, metadata]);
        expect(read.map((e) => e.schemaVersion)).toEqual([1, 1]);
        expect(await verifyStore(store, { streamId: s })).toEqual({ ok: true, checked: 2 });
      });
    });

    describe('optimistic concurrency', () => {
      it('10 concurrent appends with the same exact revision: exactly one wins', async () => {
        const s = streamOf(category());
        await store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' });
        const stores = [store, other()];
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => stores[i % 2]!.appendToStream(s, evs(2), { expectedRevision: 0 })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const l of lost) {
          expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect((l.reason as WrongExpectedRevisionError).actual).toBe(2);
        }
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('10 concurrent creations with no_stream: exactly one wins', async () => {
        const s = streamOf(category());
        const stores = [store, other()];
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => stores[i % 2]!.appendToStream(s, evs(1), { expectedRevision: 'no_stream' })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') expect((r.reason as WrongExpectedRevisionError).actual).toBe(0);
        }
      });

      it('concurrent `any` appends to one stream all succeed, contiguous and chained', async () => {
        const s = streamOf(category());
        const stores = [store, other()];
        await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 2]!.appendToStream(s, evs(1 + (i % 3)))));
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual(Array.from({ length: read.length }, (_, i) => i));
        expect(read.length).toBe(24);
        expect(verifyStreamChain(read).ok).toBe(true);
      });
    });

    describe('idempotent append by event id', () => {
      it('a retry with the same ids at the same place is a no-op', async () => {
        const s = streamOf(category());
        const batch = evs(2);
        const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        expect(again).toEqual({ nextExpectedRevision: 1, position: first.position, written: false });
        const next = evs(1);
        await store.appendToStream(s, next, { expectedRevision: 1 });
        const retryExact = await store.appendToStream(s, next, { expectedRevision: 1 });
        expect(retryExact.written).toBe(false);
        expect(retryExact.nextExpectedRevision).toBe(2);
        expect((await store.readStream(s)).length).toBe(3);
      });

      it('a retry with `any` is a no-op, even after the stream moved on', async () => {
        const s = streamOf(category());
        const batch = evs(2);
        await store.appendToStream(s, evs(1));
        await store.appendToStream(s, batch, { expectedRevision: 'any' });
        expect(await store.appendToStream(s, batch, { expectedRevision: 'any' })).toMatchObject({
          written: false,
          nextExpectedRevision: 2,
        });
        await store.appendToStream(s, evs(2));
        expect(await store.appendToStream(s, batch, { expectedRevision: 'any' })).toMatchObject({
          written: false,
          nextExpectedRevision: 2,
        });
        expect(await store.appendToStream(s, batch, { expectedRevision: 'stream_exists' })).toMatchObject({
          written: false,
        });
        expect((await store.readStream(s)).length).toBe(5);
      });

      it('a partial overlap is an IdempotencyConflictError and writes nothing', async () => {
        const s = streamOf(category());
        const [a, b, c] = evs(3);
        await store.appendToStream(s, [a!, b!], { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(s, [a!, c!], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        await expect(store.appendToStream(s, [b!, c!], { expectedRevision: 0 })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        await expect(store.appendToStream(s, [b!, c!], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        expect((await store.readStream(s)).map((e) => e.eventId)).toEqual([a!.eventId, b!.eventId]);
      });

      it('ids of the batch at other revisions with a stale expected revision: WrongExpectedRevisionError', async () => {
        const s = streamOf(category());
        const [a, b] = evs(2);
        await store.appendToStream(s, [a!, b!], { expectedRevision: 'no_stream' });
        await store.appendToStream(s, evs(1));
        // b is at revision 1, but expected 1 implies revision 2: not this batch's place.
        await expectWrongRevision(store.appendToStream(s, [b!], { expectedRevision: 1 }), 1, 2);
      });

      it('an exact revision equal to the current one with an id already elsewhere in the stream: IdempotencyConflictError, nothing written', async () => {
        // EventStoreDB itself checks no ids when the expected revision is the current one: it would record the id twice.
        const s = streamOf(category());
        const [a, b] = evs(2);
        await store.appendToStream(s, [a!, b!], { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(s, [{ ...a! }], { expectedRevision: 1 })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        await expect(store.appendToStream(s, [ev(), { ...b! }], { expectedRevision: 1 })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        expect((await store.readStream(s)).map((e) => e.eventId)).toEqual([a!.eventId, b!.eventId]);
      });

      it('an out-of-date exact revision meeting the same ids at the revisions it implies: success without writing', async () => {
        const s = streamOf(category());
        await store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' });
        const batch = evs(2);
        const first = await store.appendToStream(s, batch, { expectedRevision: 0 });
        await store.appendToStream(s, evs(3), { expectedRevision: 2 });
        // The stream is at 5 now; a retry of the batch with its original expectation (0) is recognised.
        const retry = await store.appendToStream(s, batch.map((e) => ({ ...e })), { expectedRevision: 0 });
        expect(retry).toEqual({ nextExpectedRevision: 2, position: first.position, written: false });
        expect((await store.readStream(s)).length).toBe(6);
        expect((await verifyStore(store, { streamId: s })).ok).toBe(true);
      });

      it('the same event id in another stream is a different event', async () => {
        const shared = ev();
        const s1 = streamOf(category());
        const s2 = streamOf(category());
        await store.appendToStream(s1, [shared], { expectedRevision: 'no_stream' });
        const res = await store.appendToStream(s2, [{ ...shared }], { expectedRevision: 'no_stream' });
        expect(res.written).toBe(true);
        expect((await store.readStream(s2))[0]!.eventId).toBe(shared.eventId);
      });

      it('event ids are compared case-insensitively (stored lower-case)', async () => {
        const s = streamOf(category());
        const e = ev();
        await store.appendToStream(s, [{ ...e, eventId: e.eventId.toUpperCase() }], { expectedRevision: 'no_stream' });
        expect((await store.appendToStream(s, [e], { expectedRevision: 'no_stream' })).written).toBe(false);
        expect((await store.readStream(s))[0]!.eventId).toBe(e.eventId.toLowerCase());
      });
    });

    describe('readStream', () => {
      let s: string;
      beforeAll(async () => {
        s = streamOf(category());
        await store.appendToStream(s, evs(5), { expectedRevision: 'no_stream' });
      });
      const revs = (events: RecordedEvent[]): number[] => events.map((e) => e.revision);

      it('forwards, backwards, from a revision, with maxCount', async () => {
        expect(revs(await store.readStream(s))).toEqual([0, 1, 2, 3, 4]);
        expect(revs(await store.readStream(s, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        expect(revs(await store.readStream(s, { fromRevision: 2 }))).toEqual([2, 3, 4]);
        expect(revs(await store.readStream(s, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
        expect(revs(await store.readStream(s, { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual([3, 2]);
        expect(revs(await store.readStream(s, { direction: 'backwards', maxCount: 1 }))).toEqual([4]);
        expect(revs(await store.readStream(s, { fromRevision: 'start', maxCount: 1 }))).toEqual([0]);
        expect(revs(await store.readStream(s, { fromRevision: 9 }))).toEqual([]);
        expect(revs(await store.readStream(s, { fromRevision: 'end' }))).toEqual([]);
      });

      it('a stream without events is not found', async () => {
        await expect(store.readStream(streamOf(category()))).rejects.toBeInstanceOf(StreamNotFoundError);
        await expect(
          store.readStream(streamOf(category()), { direction: 'backwards', maxCount: 1 }),
        ).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('honours truncateBefore from the stream metadata (appends go on)', async () => {
        const t = streamOf(category());
        await store.appendToStream(t, evs(5), { expectedRevision: 'no_stream' });
        expect(await store.getStreamMetadata(t)).toEqual({});
        await store.setStreamMetadata(t, { truncateBefore: 2, retention: 'archive-30y' });
        expect(await store.getStreamMetadata(t)).toEqual({ truncateBefore: 2, retention: 'archive-30y' });
        expect(revs(await store.readStream(t))).toEqual([2, 3, 4]);
        expect(revs(await store.readStream(t, { direction: 'backwards' }))).toEqual([4, 3, 2]);
        expect(revs(await store.readStream(t, { fromRevision: 0, maxCount: 2 }))).toEqual([2, 3]);
        const res = await store.appendToStream(t, evs(1), { expectedRevision: 4 });
        expect(res.nextExpectedRevision).toBe(5);
        expect(revs(await store.readStream(t))).toEqual([2, 3, 4, 5]);
        const verification = await verifyStore(store, { streamId: t });
        expect(verification).toMatchObject({ ok: true, checked: 4 });
      });

      it('truncation is logical: the events stay in the global log, the store verifies, a fully truncated stream reads empty', async () => {
        const c = category();
        const t = streamOf(c);
        const after = await marker(store);
        await store.appendToStream(t, evs(5), { expectedRevision: 'no_stream' });
        // Keys the EventStoreDB server would take as directives ($maxAge, $maxCount, $acl, $cacheControl) are plain data here.
        const meta = { truncateBefore: 5, maxAge: 1, maxCount: 1, acl: { readRoles: ['nobody'] }, cacheControl: 1 };
        await store.setStreamMetadata(t, meta);
        expect(await store.getStreamMetadata(t)).toEqual(meta);
        expect(await store.readStream(t)).toEqual([]);
        expect(await store.readStream(t, { direction: 'backwards' })).toEqual([]);
        const logged = await eventually(async () => {
          const read = await store.readAll({ after, filter: { streamCategories: [c] } });
          expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
          return read;
        });
        expect(verifyStreamChain(logged).ok).toBe(true);
        const res = await store.appendToStream(t, evs(1), { expectedRevision: 4 });
        expect(res.nextExpectedRevision).toBe(5);
        expect((await store.readStream(t)).map((e) => e.revision)).toEqual([5]);
        expect(await verifyStore(store, { streamId: t })).toMatchObject({ ok: true, checked: 1 });
        await store.setStreamMetadata(t, {});
        expect((await store.readStream(t)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      });

      it('metadata of an unknown stream is empty', async () => {
        expect(await store.getStreamMetadata(streamOf(category()))).toEqual({});
      });
    });

    describe('readAll', () => {
      it('returns events in commit order with category and type-prefix filters', async () => {
        const c1 = category();
        const c2 = category();
        const a = streamOf(c1);
        const b = streamOf(c2);
        const after = await marker(store);
        const written: string[] = [];
        const plan: Array<[string, string]> = [
          [a, 'intake.ApplicationSubmitted'],
          [b, 'verification.Requested'],
          [a, 'intake.MaterialsRequested'],
          [b, 'verification.ReportReceived'],
          [a, 'intake.ApplicationWithdrawn'],
        ];
        for (const [stream, type] of plan) {
          const e = ev(type);
          written.push(e.eventId);
          await store.appendToStream(stream, [e]);
        }
        const both = await eventually(async () => {
          const read = await store.readAll({ after, filter: { streamCategories: [c1, c2] } });
          expect(read.map((e) => e.eventId)).toEqual(written);
          return read;
        });
        expect(strictlyIncreasing(both)).toBe(true);

        const onlyA = await store.readAll({ after, filter: { streamCategories: [c1] } });
        expect(onlyA.map((e) => e.type)).toEqual([
          'intake.ApplicationSubmitted',
          'intake.MaterialsRequested',
          'intake.ApplicationWithdrawn',
        ]);
        const byType = await store.readAll({
          after,
          filter: { streamCategories: [c1, c2], eventTypePrefixes: ['verification.', 'intake.ApplicationW'] },
        });
        expect(byType.map((e) => e.type)).toEqual([
          'verification.Requested',
          'verification.ReportReceived',
          'intake.ApplicationWithdrawn',
        ]);
        const limited = await store.readAll({ after, maxCount: 2, filter: { streamCategories: [c1, c2] } });
        expect(limited.map((e) => e.eventId)).toEqual(written.slice(0, 2));
        const rest = await store.readAll({ after: limited[1]!.position, filter: { streamCategories: [c1, c2] } });
        expect(rest.map((e) => e.eventId)).toEqual(written.slice(2));
        expect(await store.readAll({ after, filter: { streamCategories: [category()] } })).toEqual([]);
        // a category is the exact text before the first '-'
        const prefixOnly = await store.readAll({ after, filter: { streamCategories: [c1.slice(0, -1)] } });
        expect(prefixOnly).toEqual([]);
      });

      it('without `after` starts at the beginning of the log', async () => {
        const first = await store.readAll({ maxCount: 1 });
        expect(first).toHaveLength(1);
        await store.appendToStream(streamOf(category()), evs(1));
        const again = await store.readAll({ maxCount: 1 });
        expect(again[0]!.eventId).toBe(first[0]!.eventId);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then delivers live events', async () => {
        const c = category();
        const s = streamOf(c);
        const after = await marker(store);
        await store.appendToStream(s, evs(5), { expectedRevision: 'no_stream' });
        const sub = store.subscribeToAll({ after, filter: { streamCategories: [c] } });
        const reader = new Reader(sub);
        try {
          expect((await reader.take(5)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
          expect(await reader.next(300)).toBe('timeout');
          await store.appendToStream(s, evs(3), { expectedRevision: 4 });
          const live = await reader.take(3, 5_000);
          expect(live.map((e) => e.revision)).toEqual([5, 6, 7]);
        } finally {
          await sub.close();
        }
        expect(await reader.next(1000)).toBe('done');
      });

      it('filters by event-type prefix', async () => {
        const c = category();
        const after = await marker(store);
        const s = streamOf(c);
        await store.appendToStream(s, [ev('keep.A'), ev('drop.B'), ev('keep.C')]);
        const sub = store.subscribeToAll({ after, filter: { streamCategories: [c], eventTypePrefixes: ['keep.'] } });
        const reader = new Reader(sub);
        try {
          expect((await reader.take(2)).map((e) => e.type)).toEqual(['keep.A', 'keep.C']);
          await store.appendToStream(s, [ev('drop.D'), ev('keep.E')]);
          expect((await reader.take(1)).map((e) => e.type)).toEqual(['keep.E']);
        } finally {
          await sub.close();
        }
      });

      it('8 concurrent writers with random delays: every event exactly once, per stream in revision order', async () => {
        const c = category();
        const streams = Array.from({ length: 4 }, () => streamOf(c));
        const after = await marker(store);
        const sub = store.subscribeToAll({ after, filter: { streamCategories: [c] } });
        const reader = new Reader(sub);
        const written = new Set<string>();
        const stores = [store, other()];
        const writers = Array.from({ length: 8 }, async (_, w) => {
          const ws = stores[w % 2]!;
          for (let i = 0; i < 12; i++) {
            await sleep(Math.random() * 15);
            const batch = evs(1 + ((w + i) % 3));
            const s = streams[Math.floor(Math.random() * streams.length)]!;
            await ws.appendToStream(s, batch);
            for (const e of batch) written.add(e.eventId);
          }
        });
        const received: RecordedEvent[] = [];
        let writersDone = false;
        const consuming = (async () => {
          // consume while the writers write, slowly at times (back-pressure)
          const deadline = Date.now() + 30_000;
          while (!(writersDone && received.length >= written.size)) {
            const r = await reader.next(250);
            if (r === 'done') return;
            if (r === 'timeout') {
              if (Date.now() > deadline) return;
              continue;
            }
            received.push(r);
            if (received.length % 17 === 0) await sleep(5);
          }
        })();
        await Promise.all(writers);
        writersDone = true;
        await consuming;
        expect(await reader.next(300)).toBe('timeout'); // nothing more
        await sub.close();

        const ids = received.map((e) => e.eventId);
        expect(new Set(ids).size).toBe(ids.length); // exactly once
        expect(new Set(ids)).toEqual(written); // every event
        expect(strictlyIncreasing(received)).toBe(true);
        for (const s of streams) {
          const revisions = received.filter((e) => e.streamId === s).map((e) => e.revision);
          expect(revisions).toEqual(Array.from({ length: revisions.length }, (_, i) => i));
        }
      });

      it('resumes from a checkpoint: only newer events', async () => {
        const c = category();
        const s = streamOf(c);
        const after = await marker(store);
        await store.appendToStream(s, evs(4), { expectedRevision: 'no_stream' });
        const first = store.subscribeToAll({ after, filter: { streamCategories: [c] } });
        const seen = await new Reader(first).take(2);
        await first.close();
        const checkpoint = seen[1]!.position;
        await store.appendToStream(s, evs(2), { expectedRevision: 3 });
        const second = store.subscribeToAll({ after: checkpoint, filter: { streamCategories: [c] } });
        const reader = new Reader(second);
        try {
          expect((await reader.take(4)).map((e) => e.revision)).toEqual([2, 3, 4, 5]);
          expect(await reader.next(300)).toBe('timeout');
        } finally {
          await second.close();
        }
      });

      it('an AbortSignal ends the iteration, also while waiting for live events', async () => {
        const c = category();
        const after = await marker(store);
        await store.appendToStream(streamOf(c), evs(1));
        const ac = new AbortController();
        const sub = store.subscribeToAll({ after, filter: { streamCategories: [c] }, signal: ac.signal });
        const received: RecordedEvent[] = [];
        const loop = (async () => {
          for await (const e of sub) received.push(e);
        })();
        await sleep(400);
        ac.abort();
        await loop; // ends without throwing
        expect(received).toHaveLength(1);

        const already = new AbortController();
        already.abort();
        const none = store.subscribeToAll({ after, signal: already.signal });
        const it = none[Symbol.asyncIterator]();
        expect((await it.next()).done).toBe(true);
      });

      it('breaking out of for-await closes the subscription', async () => {
        const c = category();
        const after = await marker(store);
        await store.appendToStream(streamOf(c), evs(3));
        const sub = store.subscribeToAll({ after, filter: { streamCategories: [c] } });
        let n = 0;
        for await (const _e of sub) {
          n += 1;
          if (n === 2) break;
        }
        expect(n).toBe(2);
        const it = sub[Symbol.asyncIterator]();
        expect((await it.next()).done).toBe(true);
      });
    });

    describe('appendBatch (several streams, all or nothing)', () => {
      it('writes every item in one call: new, exact and any, in item order, chained, in the global log', async () => {
        const c = category();
        const existing = streamOf(c);
        await store.appendToStream(existing, evs(2), { expectedRevision: 'no_stream' });
        const fresh = streamOf(c);
        const anyStream = streamOf(c);
        const after = await marker(store);
        const items = [
          { streamId: fresh, expectedRevision: 'no_stream' as const, events: evs(3) },
          { streamId: existing, expectedRevision: 1, events: evs(1) },
          { streamId: anyStream, events: evs(2) },
        ];
        const results = await store.appendBatch(items);
        expect(results.map((r) => [r.written, r.nextExpectedRevision])).toEqual([
          [true, 2],
          [true, 2],
          [true, 1],
        ]);
        for (const [i, item] of items.entries()) {
          const read = await store.readStream(item.streamId);
          expect(read.slice(-item.events.length).map((e) => e.eventId)).toEqual(item.events.map((e) => e.eventId));
          expect(comparePositions(read[read.length - 1]!.position, results[i]!.position)).toBe(0);
          expect(verifyStreamChain(read).ok).toBe(true);
        }
        const all = await eventually(async () => {
          const read = await store.readAll({ after, filter: { streamCategories: [c] } });
          expect(read).toHaveLength(6);
          return read;
        });
        expect(new Set(all.map((e) => e.eventId))).toEqual(new Set(items.flatMap((it) => it.events.map((e) => e.eventId))));
        expect(await verifyStore(store, { streamId: existing })).toEqual({ ok: true, checked: 3 });
        expect(await store.appendBatch([])).toEqual([]);
      });

      it('one item with a wrong expected revision: WrongExpectedRevisionError, no stream written', async () => {
        const c = category();
        const existing = streamOf(c);
        await store.appendToStream(existing, evs(2), { expectedRevision: 'no_stream' });
        const a = streamOf(c);
        const b = streamOf(c);
        await expectWrongRevision(
          store.appendBatch([
            { streamId: a, expectedRevision: 'no_stream', events: evs(1) },
            { streamId: existing, expectedRevision: 0, events: evs(1) },
            { streamId: b, events: evs(2) },
          ]),
          0,
          1,
        );
        await expect(store.readStream(a)).rejects.toBeInstanceOf(StreamNotFoundError);
        await expect(store.readStream(b)).rejects.toBeInstanceOf(StreamNotFoundError);
        expect(await store.readStream(existing)).toHaveLength(2);
        // the same batch with the right revision then goes through
        const ok = await store.appendBatch([
          { streamId: a, expectedRevision: 'no_stream', events: evs(1) },
          { streamId: existing, expectedRevision: 1, events: evs(1) },
        ]);
        expect(ok.map((r) => r.nextExpectedRevision)).toEqual([0, 2]);
      });

      it('a retried batch writes nothing twice; a batch mixing recorded and new items writes only the new', async () => {
        const c = category();
        const items = [
          { streamId: streamOf(c), expectedRevision: 'no_stream' as const, events: evs(2) },
          { streamId: streamOf(c), expectedRevision: 'no_stream' as const, events: evs(1) },
        ];
        const first = await store.appendBatch(items);
        const again = await store.appendBatch(items);
        expect(again.map((r) => r.written)).toEqual([false, false]);
        expect(again.map((r) => r.nextExpectedRevision)).toEqual(first.map((r) => r.nextExpectedRevision));
        for (const [i, r] of again.entries()) expect(comparePositions(r.position, first[i]!.position)).toBe(0);
        const added = { streamId: streamOf(c), expectedRevision: 'no_stream' as const, events: evs(1) };
        const mixed = await store.appendBatch([...items, added]);
        expect(mixed.map((r) => r.written)).toEqual([false, false, true]);
        expect(await store.readStream(items[0]!.streamId)).toHaveLength(2);
        expect(await store.readStream(added.streamId)).toHaveLength(1);
      });

      it('an idempotency conflict in one item fails the batch, nothing written', async () => {
        const c = category();
        const s = streamOf(c);
        const recorded = evs(2);
        await store.appendToStream(s, recorded, { expectedRevision: 'no_stream' });
        const other = streamOf(c);
        await expect(
          store.appendBatch([
            { streamId: other, expectedRevision: 'no_stream', events: evs(1) },
            { streamId: s, expectedRevision: 'no_stream', events: [recorded[0]!, ev()] },
          ]),
        ).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(store.readStream(other)).rejects.toBeInstanceOf(StreamNotFoundError);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('rejects malformed batches (a stream twice, bad events, bad revision), writing nothing', async () => {
        const c = category();
        const a = streamOf(c);
        const b = streamOf(c);
        await expect(
          store.appendBatch([
            { streamId: a, events: evs(1) },
            { streamId: a, events: evs(1) },
          ]),
        ).rejects.toThrow(TypeError);
        await expect(
          store.appendBatch([
            { streamId: a, events: evs(1) },
            { streamId: b, events: [{ ...ev(), eventId: 'not-a-uuid' }] },
          ]),
        ).rejects.toThrow(TypeError);
        await expect(
          store.appendBatch([
            { streamId: a, events: evs(1) },
            { streamId: b, events: evs(1), expectedRevision: -3 },
          ]),
        ).rejects.toThrow(TypeError);
        await expect(store.appendBatch([{ streamId: '$all', events: evs(1) }])).rejects.toThrow(TypeError);
        await expect(
          store.appendBatch([
            { streamId: a, events: evs(1) },
            { streamId: b, events: [ev('X', { amount: 10n })] },
          ]),
        ).rejects.toThrow(TypeError);
        await expect(store.readStream(a)).rejects.toBeInstanceOf(StreamNotFoundError);
        await expect(store.readStream(b)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('two concurrent batches racing for one stream with the same exact revision: one wins, the loser wrote nothing', async () => {
        const c = category();
        const shared = streamOf(c);
        await store.appendToStream(shared, evs(1), { expectedRevision: 'no_stream' });
        const stores = [store, other()];
        const own = [streamOf(c), streamOf(c), streamOf(c), streamOf(c)];
        const results = await Promise.allSettled(
          own.map((s, i) =>
            stores[i % 2]!.appendBatch([
              { streamId: s, expectedRevision: 'no_stream', events: evs(2) },
              { streamId: shared, expectedRevision: 0, events: evs(1) },
            ]),
          ),
        );
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const [i, r] of results.entries()) {
          if (r.status === 'rejected') {
            expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
            await expect(store.readStream(own[i]!)).rejects.toBeInstanceOf(StreamNotFoundError);
          }
        }
        expect(await store.readStream(own[won[0]!]!)).toHaveLength(2);
        expect((await store.readStream(shared)).map((e) => e.revision)).toEqual([0, 1]);
      });

      it('a large batch (200 streams, 1,000 events) round-trips and verifies', async () => {
        const c = category();
        const items = Array.from({ length: 200 }, () => ({ streamId: streamOf(c), expectedRevision: 'no_stream' as const, events: evs(5) }));
        const results = await store.appendBatch(items);
        expect(results.every((r) => r.written && r.nextExpectedRevision === 4)).toBe(true);
        const read = (await Promise.all(items.map((item) => store.readStream(item.streamId)))).flat();
        expect(read.map((e) => e.eventId)).toEqual(items.flatMap((item) => item.events.map((e) => e.eventId)));
        expect(verifyStreamChain(read)).toEqual({ ok: true, checked: 1000 });
        // one transaction on PostgreSQL: every event carries its transaction id as the commit part of its position
        if (store.adapter === 'postgresql') expect(new Set(read.map((e) => e.position.commit)).size).toBe(1);
      });
    });

    describe('concurrent appends to different streams (group commit on PostgreSQL)', () => {
      it('each append gets its own answer: a stale revision or a recorded id fails alone, the others are written', async () => {
        const c = category();
        const stale = streamOf(c);
        await store.appendToStream(stale, evs(2), { expectedRevision: 'no_stream' });
        const dupStream = streamOf(c);
        const recorded = evs(1);
        await store.appendToStream(dupStream, recorded, { expectedRevision: 'no_stream' });
        const fresh = Array.from({ length: 20 }, () => streamOf(c));
        const outcomes = await Promise.allSettled([
          ...fresh.map((s) => store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' })),
          store.appendToStream(stale, evs(1), { expectedRevision: 0 }),
          // an id already recorded at revision 0, appended at revision 1: refused, whatever it is grouped with
          store.appendToStream(dupStream, [recorded[0]!], { expectedRevision: 0 }),
        ]);
        for (let i = 0; i < fresh.length; i++) expect(outcomes[i]!.status).toBe('fulfilled');
        const staleOutcome = outcomes[fresh.length]!;
        expect(staleOutcome.status).toBe('rejected');
        expect((staleOutcome as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        const dupOutcome = outcomes[fresh.length + 1]!;
        expect(dupOutcome.status).toBe('rejected');
        expect((dupOutcome as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyConflictError);
        const second = await Promise.allSettled(fresh.map((s) => store.appendToStream(s, evs(1), { expectedRevision: 'any' })));
        expect(second.every((r) => r.status === 'fulfilled')).toBe(true);
        for (const s of fresh) {
          const read = await store.readStream(s);
          expect(read.map((e) => e.revision)).toEqual([0, 1]);
          expect(verifyStreamChain(read).ok).toBe(true);
        }
        expect(await store.readStream(stale)).toHaveLength(2);
        expect(await store.readStream(dupStream)).toHaveLength(1);
      });
    });

    describe('hash chain', () => {
      it('records prevHash/hash per stream, verifiable from the events alone', async () => {
        const s = streamOf(category());
        await store.appendToStream(s, evs(2), { expectedRevision: 'no_stream' });
        await store.appendToStream(s, [ev('X', { 金额: 50000 })], { expectedRevision: 1 });
        const read = await store.readStream(s);
        expect(read[0]!.prevHash).toBeNull();
        expect(read[1]!.prevHash).toBe(read[0]!.hash);
        expect(read[2]!.prevHash).toBe(read[1]!.hash);
        for (const e of read) {
          expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(e.hash).toBe(
            computeEventHash({
              prevHash: e.prevHash,
              streamId: e.streamId,
              revision: e.revision,
              eventId: e.eventId,
              type: e.type,
              schemaVersion: e.schemaVersion,
              data: e.data,
              metadata: e.metadata,
            }),
          );
        }
        expect(verifyStreamChain(read)).toEqual({ ok: true, checked: 3 });
        expect(await verifyStore(store, { streamId: s })).toEqual({ ok: true, checked: 3 });
        const tampered = read.map((e) => ({ ...e }));
        tampered[1] = { ...tampered[1]!, data: { i: 99 } };
        const broken = verifyStreamChain(tampered);
        expect(broken.ok).toBe(false);
        expect(broken.firstBroken).toMatchObject({ revision: 1, reason: 'hash_mismatch', eventId: read[1]!.eventId });
      });
    });

    describe('handleCommand', () => {
      it('reads, decides and appends; a retried command is recognised; conflicts retry or surface', async () => {
        const s = streamOf(category());
        const cmd1 = randomUUID();
        const base = { store, streamId: s, decider: counter, metadata: META, retryOnConflict: false };
        const r1 = await handleCommand({ ...base, command: { type: 'Add', amount: 5 }, commandId: cmd1 });
        expect(r1).toMatchObject({ written: true, nextExpectedRevision: 0, state: { total: 5 }, alreadyHandled: false });
        expect(r1.newEvents[0]!.eventId).toBe(eventIdFor(cmd1, 0));

        const retry = await handleCommand({ ...base, command: { type: 'Add', amount: 5 }, commandId: cmd1 });
        expect(retry).toMatchObject({ written: false, alreadyHandled: true, state: { total: 5 } });

        // A store that lets another writer slip in between read and append once.
        let slipped = false;
        const racingAppend: EventStore['appendToStream'] = async (streamId, events, options) => {
          if (!slipped) {
            slipped = true;
            await store.appendToStream(s, [ev('Added', { amount: 1 })]);
          }
          return store.appendToStream(streamId, events, options);
        };
        const racing = new Proxy(store, {
          get(t, p) {
            if (p === 'appendToStream') return racingAppend;
            const v = Reflect.get(t, p) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
          },
        });
        await expect(
          handleCommand({ ...base, store: racing, command: { type: 'Add', amount: 2 }, commandId: randomUUID() }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        slipped = false;
        const r3 = await handleCommand({
          ...base,
          store: racing,
          retryOnConflict: true,
          command: { type: 'Add', amount: 2 },
          commandId: randomUUID(),
        });
        expect(r3).toMatchObject({ written: true, attempts: 2, state: { total: 9 } });

        await handleCommand({ ...base, command: { type: 'Close' }, commandId: randomUUID() });
        await expect(
          handleCommand({ ...base, command: { type: 'Add', amount: 1 }, commandId: randomUUID() }),
        ).rejects.toBeInstanceOf(CounterClosed);
        expect((await verifyStore(store, { streamId: s })).ok).toBe(true);
      });
    });
  });
}
