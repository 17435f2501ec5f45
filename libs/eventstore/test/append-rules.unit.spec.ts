import { decideAppend, expectedRevisionMatches, matchesFilter } from '../src/append-rules';
import type { ExpectedRevision } from '../src/port';

const ids = ['a', 'b', 'c'];
const found = (entries: Array<[string, number]>): Map<string, number> => new Map(entries);

describe('append rules (EventStoreDB semantics)', () => {
  it.each<[ExpectedRevision, number, boolean]>([
    ['any', -1, true],
    ['any', 4, true],
    ['no_stream', -1, true],
    ['no_stream', 0, false],
    ['stream_exists', -1, false],
    ['stream_exists', 0, true],
    [3, 3, true],
    [3, 4, false],
    [0, -1, false],
  ])('expected %p vs current %p → %p', (expected, current, ok) => {
    expect(expectedRevisionMatches(expected, current)).toBe(ok);
  });

  it('writes or refuses on revision when no id is known', () => {
    expect(decideAppend({ expected: 2, current: 2, eventIds: ids, found: found([]) })).toEqual({ kind: 'write' });
    expect(decideAppend({ expected: 1, current: 2, eventIds: ids, found: found([]) })).toEqual({ kind: 'wrong_revision' });
  });

  it('is idempotent when all events are at the implied revisions', () => {
    const at = found([['a', 3], ['b', 4], ['c', 5]]);
    expect(decideAppend({ expected: 2, current: 9, eventIds: ids, found: at })).toEqual({
      kind: 'idempotent',
      firstRevision: 3,
      lastRevision: 5,
    });
    expect(decideAppend({ expected: 'any', current: 9, eventIds: ids, found: at })).toMatchObject({ kind: 'idempotent' });
    expect(decideAppend({ expected: 'stream_exists', current: 9, eventIds: ids, found: at })).toMatchObject({
      kind: 'idempotent',
    });
    const fromZero = found([['a', 0], ['b', 1], ['c', 2]]);
    expect(decideAppend({ expected: 'no_stream', current: 2, eventIds: ids, found: fromZero })).toMatchObject({
      kind: 'idempotent',
      lastRevision: 2,
    });
  });

  it('is a conflict when only the first part is there', () => {
    expect(decideAppend({ expected: 2, current: 4, eventIds: ids, found: found([['a', 3], ['b', 4]]) }).kind).toBe('conflict');
    expect(decideAppend({ expected: 'any', current: 4, eventIds: ids, found: found([['a', 3]]) }).kind).toBe('conflict');
  });

  it('ids elsewhere: wrong revision if the expectation is stale, else conflict', () => {
    const elsewhere = found([['b', 0]]);
    expect(decideAppend({ expected: 1, current: 3, eventIds: ids, found: elsewhere }).kind).toBe('wrong_revision');
    expect(decideAppend({ expected: 3, current: 3, eventIds: ids, found: elsewhere }).kind).toBe('conflict');
    expect(decideAppend({ expected: 'any', current: 3, eventIds: ids, found: elsewhere }).kind).toBe('conflict');
  });

  it('filters by exact category and by type prefix', () => {
    const e = { streamId: 'application-12-34', type: 'intake.ApplicationSubmitted' };
    expect(matchesFilter(e)).toBe(true);
    expect(matchesFilter(e, { streamCategories: ['application'] })).toBe(true);
    expect(matchesFilter(e, { streamCategories: ['app'] })).toBe(false);
    expect(matchesFilter(e, { eventTypePrefixes: ['intake.'] })).toBe(true);
    expect(matchesFilter(e, { streamCategories: ['application'], eventTypePrefixes: ['verification.'] })).toBe(false);
    expect(matchesFilter(e, { streamCategories: [] })).toBe(false);
  });
});
