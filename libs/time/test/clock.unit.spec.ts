import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock, clockFromEnv, OffsetFileClock, parseClockOffset, shanghaiDate, shanghaiInstant, shanghaiMonth, systemClock } from '@sa/time';

describe('AdjustableClock', () => {
  it('is set and moved by hand', () => {
    const clock = new AdjustableClock('2026-03-02T01:00:00Z');
    clock.advanceDays(7);
    expect(clock.now().toISOString()).toBe('2026-03-09T01:00:00.000Z');
    clock.set('2026-01-01T00:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
});

describe('Asia/Shanghai helpers', () => {
  it('gives the civil date, month and instant with +08:00', () => {
    expect(shanghaiDate('2026-03-31T16:30:00Z')).toBe('2026-04-01');
    expect(shanghaiMonth(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03');
    expect(shanghaiInstant(Date.parse('2025-03-04T02:00:00Z'))).toBe('2025-03-04T10:00:00.000+08:00');
    expect(() => shanghaiDate('not a time')).toThrow(RangeError);
  });
});

describe('clockFromEnv', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-clock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the system clock in production or without SA_CLOCK_FILE', () => {
    expect(clockFromEnv({ NODE_ENV: 'production', SA_CLOCK_FILE: join(dir, 'offset') })).toBe(systemClock);
    expect(clockFromEnv({ NODE_ENV: 'test' })).toBe(systemClock);
    expect(clockFromEnv({ NODE_ENV: 'test', SA_CLOCK_FILE: join(dir, 'offset') })).toBeInstanceOf(OffsetFileClock);
  });

  it('adds the offset of the file, re-read at most every refresh period; missing or empty = 0', () => {
    const file = join(dir, 'offset');
    let real = 1_000_000;
    const clock = new OffsetFileClock(file, () => real, 200);
    expect(clock.now().getTime()).toBe(1_000_000);
    writeFileSync(file, '86400000\n');
    real += 100;
    expect(clock.now().getTime()).toBe(1_000_100); // cached
    real += 100;
    expect(clock.now().getTime()).toBe(1_000_200 + 86_400_000);
    writeFileSync(file, '');
    real += 200;
    expect(clock.now().getTime()).toBe(1_000_400);
  });

  it('refuses a file that is not an integer', () => {
    expect(parseClockOffset(' -5 ')).toBe(-5);
    expect(() => parseClockOffset('soon')).toThrow(/integer/);
  });
});
