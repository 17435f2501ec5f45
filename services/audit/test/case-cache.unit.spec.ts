import { CaseReadCache } from '../src/application/case-cache';
import type { AuditEvent } from '../src/domain';

const events = (n: number, tag = 'e'): AuditEvent[] =>
  Array.from({ length: n }, (_, i) => ({ streamId: `reviewCase-${tag}`, revision: i, eventId: `${tag}-${i}`, type: 'T', schemaVersion: 1, data: {}, metadata: {}, recordedAt: '2026-03-01T00:00:00.000Z' }));

describe('CaseReadCache', () => {
  it('given one load in flight, when 10 readers ask with the same fingerprint, then the store is read once', async () => {
    const cache = new CaseReadCache(1000);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return events(3);
    };
    const snapshots = await Promise.all(Array.from({ length: 10 }, () => cache.get('a', '3/9/1/1', load)));
    expect(loads).toBe(1);
    expect(new Set(snapshots).size).toBe(1);
    expect(await cache.get('a', '3/9/1/1', load)).toBe(snapshots[0]);
    expect(loads).toBe(1);
  });

  it('given a cached case, when its fingerprint changes, then it is read again and the memo starts empty', async () => {
    const cache = new CaseReadCache(1000);
    const first = await cache.get('a', '3/9/1/1', async () => events(3));
    expect(CaseReadCache.memo(first, 'k', () => 'old')).toBe('old');
    const second = await cache.get('a', '4/10/2/2', async () => events(4));
    expect(second.events).toHaveLength(4);
    expect(CaseReadCache.memo(second, 'k', () => 'new')).toBe('new');
  });

  it('given a bound of 10 events, when a third case of 4 is read, then the least recently used case is dropped', async () => {
    const cache = new CaseReadCache(10);
    await cache.get('a', 'f', async () => events(4, 'a'));
    await cache.get('b', 'f', async () => events(4, 'b'));
    await cache.get('a', 'f', async () => events(4, 'a')); // a is now the most recent
    await cache.get('c', 'f', async () => events(4, 'c'));
    expect(cache.size).toEqual({ cases: 2, events: 8 });
    let reloaded = false;
    await cache.get('a', 'f', async () => ((reloaded = true), events(4, 'a')));
    expect(reloaded).toBe(false);
    await cache.get('b', 'f', async () => ((reloaded = true), events(4, 'b')));
    expect(reloaded).toBe(true);
  });

  it('given a failing load, when asked again, then it is retried (a failure is not cached)', async () => {
    const cache = new CaseReadCache(100);
    await expect(cache.get('a', 'f', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect((await cache.get('a', 'f', async () => events(1))).events).toHaveLength(1);
  });
});
