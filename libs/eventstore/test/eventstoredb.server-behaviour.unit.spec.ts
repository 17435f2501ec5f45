/**
 * The EventStoreDB adapter against the server behaviours of issue 19, each reproduced by the in-memory
 * fake (test/support/fake-eventstoredb-client.ts): lagging reads after a conflict, `success: false`,
 * truncation and scavenging, the two duplicate-id rules, one server shared by two deployment prefixes,
 * the 1 MiB append limit, deadlines, deleted streams and access denied. Each `describe` first shows the
 * fake doing what the server does, then the adapter giving the port's answer.
 */
import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import {
  AppendOutcomeUnknownError,
  AppendTooLargeError,
  EventStoreAccessDeniedError,
  EventStoreTimeoutError,
  IdempotencyConflictError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../src/port';
import { verifyStore, verifyStreamChain } from '../src/hash-chain';
import { EventStoreDbEventStore, ESDB_STREAM_METADATA_KEY, backoffDelayMs } from '../src/eventstoredb';
import { FakeEventStoreDbClient, type FakeServerOptions } from './support/fake-eventstoredb-client';
import { META, Reader, ev, evs, marker, streamOf } from './conformance';

jest.setTimeout(30_000);

function setup(options: FakeServerOptions = {}, storeOptions: Partial<ConstructorParameters<typeof EventStoreDbEventStore>[0]> = {}) {
  const fake = new FakeEventStoreDbClient(options);
  const make = (extra: Partial<ConstructorParameters<typeof EventStoreDbEventStore>[0]> = {}): EventStoreDbEventStore =>
    new EventStoreDbEventStore({ client: fake.asClient(), ...storeOptions, ...extra });
  return { fake, store: make(), make };
}

async function rawEvents(client: EventStoreDBClient, name: string): Promise<Array<{ id: string; revision: bigint }>> {
  const out: Array<{ id: string; revision: bigint }> = [];
  for await (const r of client.readStream(name)) out.push({ id: r.event!.id, revision: r.event!.revision });
  return out;
}

describe('lagging reads after a conflict', () => {
  it('the fake: a read right after a write does not show it yet', async () => {
    const fake = new FakeEventStoreDbClient({ lagReads: 2 });
    const client = fake.asClient();
    await client.appendToStream('x-1', [jsonEvent({ type: 'T', data: {} })]);
    await client.appendToStream('x-1', [jsonEvent({ type: 'T', data: {} })]);
    await expect(rawEvents(client, 'x-1')).resolves.toHaveLength(1);
    await expect(rawEvents(client, 'x-1')).resolves.toHaveLength(1);
    await expect(rawEvents(client, 'x-1')).resolves.toHaveLength(2);
  });

  it('12 racing `any` writers on two stores all succeed, contiguous and chained; each reports its write', async () => {
    const { store, make } = setup({ lagReads: 8 });
    const other = make();
    const s = streamOf('lag');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? other : store).appendToStream(s, evs(1 + (i % 3)))),
    );
    expect(results.every((r) => r.written)).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    let read = await store.readStream(s);
    for (let i = 0; i < 40 && read.length < 24; i++) read = await store.readStream(s); // let the fake's index catch up
    expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(verifyStreamChain(read).ok).toBe(true);
  });

  it('the retry delay is jittered and capped', () => {
    expect(backoffDelayMs(0, 5, 250, () => 0.999)).toBe(4);
    expect(backoffDelayMs(20, 5, 250, () => 0.999)).toBe(249);
    expect(backoffDelayMs(3, 5, 250, () => 0)).toBe(0);
  });
});

describe('success: false (throwOnAppendFailure=false)', () => {
  it('the fake: a wrong expected version resolves as success false', async () => {
    const client = new FakeEventStoreDbClient({ throwOnAppendFailure: false }).asClient();
    await client.appendToStream('x-1', [jsonEvent({ type: 'T', data: {} })]);
    await expect(client.appendToStream('x-1', [jsonEvent({ type: 'T', data: {} })], { expectedRevision: 'no_stream' })).resolves.toEqual({
      success: false,
      nextExpectedRevision: 0n,
      position: undefined,
    });
  });

  it('10 racing exact appends: one wins, nine get WrongExpectedRevisionError, nothing is lost', async () => {
    const { store, make } = setup({ throwOnAppendFailure: false });
    const other = make();
    const s = streamOf('fail');
    await store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).appendToStream(s, evs(2), { expectedRevision: 0 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream(s)).length).toBe(3);
  });

  it('racing `any` appends all land in the stream', async () => {
    const { store, make } = setup({ throwOnAppendFailure: false });
    const other = make();
    const s = streamOf('fail');
    const written = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).appendToStream(s, evs(2))));
    expect(written.every((r) => r.written)).toBe(true);
    const read = await store.readStream(s);
    expect(read.length).toBe(20);
    expect(verifyStreamChain(read).ok).toBe(true);
  });
});

describe('truncation and scavenging', () => {
  it('the fake: $tb from the client hides events, a scavenge deletes them from $all, a fully hidden stream is not found', async () => {
    const fake = new FakeEventStoreDbClient();
    const client = fake.asClient();
    await client.appendToStream('x-1', [1, 2, 3].map((n) => jsonEvent({ type: 'T', data: { n } })));
    await client.setStreamMetadata('x-1', { truncateBefore: 3 });
    await expect(rawEvents(client, 'x-1')).rejects.toBeInstanceOf(Error);
    expect(fake.scavenge()).toBe(3);
    expect(fake.allEvents().filter((e) => e.streamId === 'x-1')).toEqual([]);
  });

  it('the adapter sends no directive: after a scavenge every event is still in $all and the store verifies', async () => {
    const { fake, store } = setup();
    const s = streamOf('trunc');
    const after = await marker(store);
    await store.appendToStream(s, evs(5), { expectedRevision: 'no_stream' });
    await store.setStreamMetadata(s, { truncateBefore: 3, maxCount: 1, maxAge: 1, cacheControl: 1, acl: { readRoles: [] } });
    const raw = fake.allEvents().filter((e) => e.streamId === `$$${s}`);
    expect(raw).toHaveLength(1);
    expect(Object.keys(raw[0]!.data as object)).toEqual([ESDB_STREAM_METADATA_KEY]);
    await new Promise((r) => setTimeout(r, 1100)); // past maxAge
    expect(fake.scavenge()).toBe(0);
    expect((await store.readStream(s)).map((e) => e.revision)).toEqual([3, 4]);
    expect((await store.readAll({ after, filter: { streamCategories: ['trunc'] } })).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect((await verifyStore(store)).ok).toBe(true);
    expect(await verifyStore(store, { streamId: s })).toEqual({ ok: true, checked: 2 });
    await store.setStreamMetadata(s, { truncateBefore: 5 });
    expect(await store.readStream(s)).toEqual([]);
  });
});

describe('the two duplicate-id rules', () => {
  it('the fake: an exact revision equal to the current one writes a duplicate id; an out-of-date one meeting the same ids answers success without writing', async () => {
    const client = new FakeEventStoreDbClient().asClient();
    const a = jsonEvent({ id: randomUUID(), type: 'T', data: {} });
    await client.appendToStream('x-1', [a]);
    await client.appendToStream('x-1', [a], { expectedRevision: 0n });
    expect((await rawEvents(client, 'x-1')).map((e) => e.id)).toEqual([a.id, a.id]);
    const b = jsonEvent({ id: randomUUID(), type: 'T', data: {} });
    await client.appendToStream('x-1', [b], { expectedRevision: 1n });
    await client.appendToStream('x-1', [jsonEvent({ type: 'T', data: {} })]);
    await expect(client.appendToStream('x-1', [b], { expectedRevision: 1n })).resolves.toMatchObject({ success: true, nextExpectedRevision: 2n });
    expect(await rawEvents(client, 'x-1')).toHaveLength(4);
  });

  it('the adapter refuses the duplicate (IdempotencyConflictError) and sends nothing', async () => {
    const { fake, store } = setup();
    const s = streamOf('dup');
    const a = ev();
    await store.appendToStream(s, [a, ev()], { expectedRevision: 'no_stream' });
    const appends = fake.calls.filter((c) => c.op === 'append').length;
    await expect(store.appendToStream(s, [{ ...a }], { expectedRevision: 1 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(store.appendToStream(s, [{ ...a }], { expectedRevision: 'any' })).resolves.toMatchObject({ written: false });
    expect(fake.calls.filter((c) => c.op === 'append').length).toBe(appends);
    expect((await store.readStream(s)).length).toBe(2);
  });

  it('a retry of the same command by another process slipping in between head read and append: written false, one copy', async () => {
    const { fake, store, make } = setup();
    const other = make();
    const s = streamOf('dup');
    await store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' });
    const batch = evs(2);
    // The other process's copy of the batch carries other metadata (another occurredAt): another hash.
    const theirs = batch.map((e) => ({ ...e, metadata: { ...e.metadata, occurredAt: '2025-03-01T09:31:00+08:00' } }));
    const original = fake.appendToStream.bind(fake);
    let slipped = false;
    jest.spyOn(fake, 'appendToStream').mockImplementation(async (name, events, options) => {
      if (!slipped && name.endsWith(s)) {
        slipped = true;
        await other.appendToStream(s, theirs, { expectedRevision: 0 });
      }
      return original(name, events, options);
    });
    const res = await store.appendToStream(s, batch, { expectedRevision: 0 });
    expect(res).toMatchObject({ written: false, nextExpectedRevision: 2 });
    const read = await store.readStream(s);
    expect(read.map((e) => e.eventId)).toEqual([read[0]!.eventId, batch[0]!.eventId, batch[1]!.eventId]);
    expect(read[1]!.metadata.occurredAt).toBe('2025-03-01T09:31:00+08:00');
  });
});

describe('one server, two deployment prefixes', () => {
  it('the same port stream in two deployments: separate streams, reads, subscriptions and verification', async () => {
    const { fake, make } = setup();
    const dev = make({ streamPrefix: 'dev' });
    const test = make({ streamPrefix: 'test_run_2' });
    const s = streamOf('application');
    await dev.appendToStream(s, evs(2), { expectedRevision: 'no_stream' });
    await test.appendToStream(s, evs(3), { expectedRevision: 'no_stream' });
    expect(fake.streamNames()).toEqual(expect.arrayContaining([`dev.${s}`, `test_run_2.${s}`]));
    expect(fake.streamNames()).not.toContain(s);
    expect((await dev.readStream(s)).map((e) => e.streamId)).toEqual([s, s]);
    expect((await test.readStream(s)).length).toBe(3);
    expect((await dev.readAll()).map((e) => e.streamId)).toEqual([s, s]);
    expect((await test.readAll({ filter: { streamCategories: ['application'] } })).length).toBe(3);
    expect(await verifyStore(dev)).toEqual({ ok: true, checked: 2 });
    expect(await verifyStore(test)).toEqual({ ok: true, checked: 3 });

    const sub = dev.subscribeToAll({ filter: { streamCategories: ['application'] } });
    const reader = new Reader(sub);
    expect((await reader.take(2)).map((e) => e.streamId)).toEqual([s, s]);
    await test.appendToStream(s, evs(1));
    expect(await reader.next(200)).toBe('timeout');
    await sub.close();
    const filters = fake.calls.filter((c) => c.filter).map((c) => c.filter);
    expect(filters[filters.length - 1]).toMatchObject({ filterOn: 'streamName', prefixes: ['dev.application-'] });
    const all = dev.subscribeToAll();
    await new Reader(all).take(2);
    await all.close();
    expect(fake.calls.filter((c) => c.filter).map((c) => c.filter).pop()).toMatchObject({ prefixes: ['dev.'] });
  });

  it('refuses a prefix that could overlap another deployment', () => {
    const fake = new FakeEventStoreDbClient();
    expect(() => new EventStoreDbEventStore({ client: fake.asClient(), streamPrefix: 'a.b' })).toThrow(TypeError);
    expect(() => new EventStoreDbEventStore({ client: fake.asClient(), streamPrefix: 'a-b' })).toThrow(TypeError);
  });
});

describe('the 1 MiB append limit', () => {
  const big = (kib: number) => ev('Big', { blob: 'x'.repeat(kib * 1024) });

  it('the fake refuses an append above its MaxAppendSize', async () => {
    const client = new FakeEventStoreDbClient().asClient();
    await expect(client.appendToStream('x-1', [jsonEvent({ type: 'T', data: { b: 'x'.repeat(1_100_000) } })])).rejects.toMatchObject({ maxAppendSize: 1_048_576 });
  });

  it('the adapter refuses a batch above the limit before sending it', async () => {
    const { fake, store } = setup();
    const s = streamOf('big');
    await expect(store.appendToStream(s, [big(600), big(600)])).rejects.toBeInstanceOf(AppendTooLargeError);
    expect(fake.calls.filter((c) => c.op === 'append')).toEqual([]);
    await expect(store.appendToStream(s, [big(600)])).resolves.toMatchObject({ written: true });
  });

  it("the server's own refusal (a smaller MaxAppendSize) is AppendTooLargeError with the server's limit", async () => {
    const { store } = setup({ maxAppendSize: 100_000 });
    const err = await store.appendToStream(streamOf('big'), [big(200)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppendTooLargeError);
    expect((err as AppendTooLargeError).limit).toBe(100_000);
  });
});

describe('deadlines, deleted streams, access denied', () => {
  it('a read that gets no answer fails with EventStoreTimeoutError at the deadline and is cancelled', async () => {
    const { fake, store } = setup({}, { deadlineMs: 150 });
    const s = streamOf('slow');
    await store.appendToStream(s, evs(1));
    fake.stall('read');
    const t0 = Date.now();
    await expect(store.readStream(s)).rejects.toBeInstanceOf(EventStoreTimeoutError);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreTimeoutError);
    await expect(store.getStreamMetadata(s)).rejects.toBeInstanceOf(EventStoreTimeoutError);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(fake.cancelledReads).toBeGreaterThanOrEqual(1);
  });

  it('an append with no answer is AppendOutcomeUnknownError; retrying the same ids is idempotent', async () => {
    const { fake, store } = setup({}, { deadlineMs: 100 });
    const s = streamOf('slow');
    const batch = evs(1);
    fake.stall('append');
    await expect(store.appendToStream(s, batch)).rejects.toBeInstanceOf(AppendOutcomeUnknownError);
    fake.stall(undefined);
    await expect(store.appendToStream(s, batch)).resolves.toMatchObject({ written: true });
    await expect(store.appendToStream(s, batch)).resolves.toMatchObject({ written: false });
  });

  it('an abandoned backwards scan is cancelled', async () => {
    const { fake, store } = setup();
    const s = streamOf('scan');
    const batch = evs(1);
    await store.appendToStream(s, evs(20));
    await store.appendToStream(s, batch);
    await store.appendToStream(s, evs(20));
    const before = fake.cancelledReads;
    await expect(store.appendToStream(s, batch, { expectedRevision: 'any' })).resolves.toMatchObject({ written: false, nextExpectedRevision: 20 });
    expect(fake.cancelledReads).toBeGreaterThan(before);
  });

  it('a deleted stream and denied access are port errors', async () => {
    const { fake, store } = setup();
    const s = streamOf('gone');
    await store.appendToStream(s, evs(1));
    fake.tombstone(s);
    await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(store.appendToStream(s, evs(1))).rejects.toBeInstanceOf(StreamDeletedError);
    const d = streamOf('denied');
    fake.denyAccess(d);
    await expect(store.appendToStream(d, [ev('T', {}, META)], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
    fake.denyAccess('$all');
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
    await expect(store.readStream(streamOf('none'))).rejects.toBeInstanceOf(StreamNotFoundError);
  });
});
