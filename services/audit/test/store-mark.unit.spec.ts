import { checkMark, fullFingerprintOf, markOf, tailOf, type MarkRow } from '../src/application/store-mark';
import { FreshQueryCoalescer, tick } from '../src/application/case-cache';

const row = (txId: number, position: number, xmin = txId): MarkRow => ({ txId: String(txId), position: String(position), xmin: String(xmin) });

describe('store mark (store-mark.ts)', () => {
  const loaded = [row(100, 1), row(100, 2), row(205, 7)];

  it('given rows read with horizon 200, then the mark keeps only the tail of transactions ≥ 200', () => {
    expect(markOf(loaded, '200', 'f/0/0')).toEqual({ horizon: '200', tail: '1/7/205', edits: 'f/0/0' });
    expect(tailOf([], '200')).toBe('0//0');
  });

  it('given the same tail and counters, when checked, then unchanged and the next mark starts from the newer horizon', () => {
    const mark = markOf(loaded, '200', 'f/0/0');
    expect(checkMark(mark, { horizon: '300', edits: 'f/0/0', tailRows: [row(205, 7)] })).toEqual({ horizon: '300', tail: '0//0', edits: 'f/0/0' });
  });

  it('given a transaction still running at the read (id 201) that committed later with a lower position, when checked, then changed', () => {
    const mark = markOf(loaded, '200', 'f/0/0');
    expect(checkMark(mark, { horizon: '300', edits: 'f/0/0', tailRows: [row(201, 5), row(205, 7)] })).toBeNull();
  });

  it('given an edit of an old row (the table counted an UPDATE, or its file changed), when checked, then changed', () => {
    const mark = markOf(loaded, '200', 'f/0/0');
    expect(checkMark(mark, { horizon: '300', edits: 'f/1/0', tailRows: [row(205, 7)] })).toBeNull();
    expect(checkMark(mark, { horizon: '300', edits: 'g/0/0', tailRows: [row(205, 7)] })).toBeNull();
  });

  it('given an edit of a tail row (new xmin), when checked, then changed', () => {
    const mark = markOf(loaded, '200', 'f/0/0');
    expect(checkMark(mark, { horizon: '300', edits: 'f/0/0', tailRows: [row(205, 7, 310)] })).toBeNull();
  });

  it('given an older horizon seen by a check, then the mark never moves back', () => {
    const mark = markOf(loaded, '200', 'f/0/0');
    expect(checkMark(mark, { horizon: '150', edits: 'f/0/0', tailRows: [row(205, 7)] })?.horizon).toBe('200');
  });

  it('the full fingerprint is printed as PostgreSQL prints concat_ws of count, max position, sum and max xmin', () => {
    expect(fullFingerprintOf(loaded)).toBe('3/7/405/205');
    expect(fullFingerprintOf([])).toBe('0');
  });
});

describe('FreshQueryCoalescer with arrival ticks', () => {
  it('given a query that started after a caller arrived, when that caller asks, then it joins that query; a caller arriving after the start waits for the next', async () => {
    const q = new FreshQueryCoalescer<number>();
    let started = 0;
    const release: (() => void)[] = [];
    const query = () => new Promise<number>((r) => release.push(() => r(++started)));
    const arrivedBefore = tick();
    const first = q.run('a', query);
    const joined = q.run('a', query, arrivedBefore);
    const later = q.run('a', query);
    expect(release).toHaveLength(1);
    release[0]!();
    expect(await first).toBe(1);
    expect(await joined).toBe(1);
    await new Promise((r) => setImmediate(r));
    release[1]!();
    expect(await later).toBe(2);
  });
});
