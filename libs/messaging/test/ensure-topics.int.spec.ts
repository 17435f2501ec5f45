/**
 * ensureTopics over a real broker: several services start at once on a fresh broker and create the
 * same topics concurrently; every one of them must succeed and find leaders for every partition.
 */
import { randomUUID } from 'node:crypto';
import { ensureTopics } from '../src';
import { requireKafka, testKafka } from './support/harness';

jest.setTimeout(120_000);

describe('ensureTopics', () => {
  beforeAll(async () => {
    await requireKafka();
  });

  it('succeeds for every caller when five create the same new topics at once', async () => {
    const suffix = randomUUID().slice(0, 8);
    const topics = [`t-${suffix}-a`, `t-${suffix}-a.dlq`, `t-${suffix}-b`];
    const callers = Array.from({ length: 5 }, (_, i) => ensureTopics(testKafka(`sa-ensure-${i}`), topics));
    const results = await Promise.allSettled(callers);
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));

    const admin = testKafka('sa-ensure-check').admin();
    await admin.connect();
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      expect(meta.map((t) => t.name).sort()).toEqual([...topics].sort());
      for (const t of meta) {
        expect(t.partitions).toHaveLength(3);
        expect(t.partitions.every((p) => p.leader >= 0)).toBe(true);
      }
      await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
  });
});
