import { EventStoreDbEventStore } from '../src/eventstoredb';
import { describeEventStoreConformance } from './conformance';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreConformance('eventstoredb', async () => {
    const store = new EventStoreDbEventStore({ connectionString });
    const others: EventStoreDbEventStore[] = [];
    return {
      store,
      newStore: () => {
        const s = new EventStoreDbEventStore({ connectionString });
        others.push(s);
        return s;
      },
      teardown: async () => {
        await Promise.all(others.map((s) => s.close()));
        await store.close();
      },
    };
  });
} else {
  console.warn('EventStoreDB conformance SKIPPED: EVENTSTORE_CONNECTION_STRING not set');
  describe.skip('EventStore conformance: eventstoredb (EVENTSTORE_CONNECTION_STRING not set)', () => {
    it('runs only against a real EventStoreDB', () => undefined);
  });
}
