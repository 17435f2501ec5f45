import { randomBytes } from 'node:crypto';
import { EventStoreDbEventStore } from '../src/eventstoredb';
import { describeEventStoreConformance } from './conformance';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
// Each run in its own namespace on the (possibly shared, long-lived) server, as a deployment would be.
const streamPrefix = process.env.EVENTSTORE_TEST_PREFIX ?? `conformance_${randomBytes(4).toString('hex')}`;

if (connectionString) {
  describeEventStoreConformance(`eventstoredb (stream prefix ${streamPrefix})`, async () => {
    const store = new EventStoreDbEventStore({ connectionString, streamPrefix });
    const others: EventStoreDbEventStore[] = [];
    return {
      store,
      newStore: () => {
        const s = new EventStoreDbEventStore({ connectionString, streamPrefix });
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
