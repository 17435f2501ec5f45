import { KeyedLock } from '../../src/shared/keyed-lock';

describe('commands on one verification run one at a time', () => {
  it('serialises tasks of a key, runs other keys alongside, and survives a failing task', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      order.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}:end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock.run('a', task('a1', 30, true)), lock.run('a', task('a2', 1)), lock.run('b', task('b1', 5))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(order.indexOf('a2:start')).toBeGreaterThan(order.indexOf('a1:end'));
    expect(order.indexOf('b1:start')).toBeLessThan(order.indexOf('a1:end'));
  });
});
