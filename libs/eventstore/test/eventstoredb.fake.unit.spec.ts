/**
 * The EventStoreDB adapter's own logic (hash chain in metadata, idempotency look-ups, paging, filters,
 * error mapping) through the full conformance suite, over an in-memory fake of the client that follows
 * EventStoreDB's semantics. Not a substitute for eventstoredb.conformance.int.spec.ts against a server.
 */
import { EventStoreDbEventStore, fromEsdbEvent } from '../src/eventstoredb';
import { describeEventStoreConformance } from './conformance';
import { FakeEventStoreDbClient } from './support/fake-eventstoredb-client';

describeEventStoreConformance('eventstoredb adapter over an in-memory fake client', async () => {
  const fake = new FakeEventStoreDbClient();
  const store = new EventStoreDbEventStore({ client: fake.asClient() });
  return {
    store,
    newStore: () => new EventStoreDbEventStore({ client: fake.asClient() }),
    teardown: () => store.close(),
  };
});

describe('EventStoreDB adapter mapping', () => {
  it('keeps the chain fields in the EventStoreDB metadata and strips them on read', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore({ client: fake.asClient() });
    const metadata = {
      correlationId: 'application-1',
      causationId: 'cmd-1',
      actor: { id: 'u', role: 'community_officer', jurisdiction: '110101001001' },
      occurredAt: '2025-03-01T09:30:00+08:00',
    };
    await store.appendToStream('application-1', [
      { eventId: '2ed6657d-e927-568b-95e1-2665a8aea6a2', type: 'A', schemaVersion: 2, data: { a: 1 }, metadata },
    ]);
    let raw: Record<string, unknown> | undefined;
    for await (const r of fake.readStream('application-1')) raw = r.event!.metadata as Record<string, unknown>;
    expect(raw).toMatchObject({ ...metadata, $sa: { schemaVersion: 2, prevHash: null }, $correlationId: 'application-1', $causationId: 'cmd-1' });
    const chain = raw!.$sa as { hash: string };
    expect(chain.hash).toMatch(/^[0-9a-f]{64}$/);
    const [read] = await store.readStream('application-1');
    expect(read!.metadata).toEqual(metadata);
    expect(read!.schemaVersion).toBe(2);
    expect(read!.hash).toBe(chain.hash);
    await store.close();
    expect(fake.disposed).toBe(true);
  });

  it('maps a foreign event without chain metadata defensively', () => {
    const ev = fromEsdbEvent({
      streamId: 'x-1',
      id: 'AAAAAAAA-0000-4000-8000-000000000000',
      revision: 3n,
      type: 'T',
      data: {},
      metadata: undefined,
      isJson: true,
      created: new Date(0),
      position: { commit: 5n, prepare: 4n },
    } as never);
    expect(ev).toMatchObject({ eventId: 'aaaaaaaa-0000-4000-8000-000000000000', revision: 3, prevHash: null, hash: '', schemaVersion: 1 });
    expect(ev.position).toEqual({ commit: 5n, prepare: 4n });
  });
});
