import { describeEventStoreConformance } from './conformance';
import { createPgFixture } from './pg-test-utils';

// Always runs: a fresh random schema in the test database (TEST_DATABASE_URL), dropped afterwards.
describeEventStoreConformance('postgresql', async () => {
  const fx = await createPgFixture();
  return { store: fx.store, newStore: () => fx.newStore(), teardown: () => fx.teardown() };
});

// Same suite with the in-process head cache off: every append goes through the read-decide path.
describeEventStoreConformance('postgresql without head cache', async () => {
  const fx = await createPgFixture({ headCacheSize: 0 });
  return { store: fx.store, newStore: () => fx.newStore(), teardown: () => fx.teardown() };
});
