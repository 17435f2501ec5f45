/**
 * `clockFromEnv(env)`: the clock a service runs on.
 *
 * - `NODE_ENV=production`, or `SA_CLOCK_FILE` unset: the system clock.
 * - Otherwise `now()` is the real time plus an offset in milliseconds read from the file named by
 *   `SA_CLOCK_FILE` (an integer, e.g. `604800000` for seven days ahead; may be negative). The file is
 *   re-read at most every 200 ms; a missing or empty file means no offset. Cross-service e2e tests
 *   point every service at the same file and write it to move every service's time at once.
 *
 * Production ignores the variable.
 */
import { readFileSync } from 'node:fs';
import { systemClock, type Clock } from './clock';

/** How long a read offset is reused before the file is read again. */
export const CLOCK_FILE_REFRESH_MS = 200;

export interface ClockEnv {
  NODE_ENV?: string | undefined;
  SA_CLOCK_FILE?: string | undefined;
}

/** Parses the text of a clock file: empty = 0; otherwise an integer number of milliseconds. */
export function parseClockOffset(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  const offset = Number(trimmed);
  if (!Number.isSafeInteger(offset)) throw new Error(`clock file must hold an integer number of milliseconds, got "${trimmed}"`);
  return offset;
}

/** A clock that adds the offset held in `path` to the real time. */
export class OffsetFileClock implements Clock {
  private offset = 0;
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly path: string,
    private readonly realNow: () => number = Date.now,
    private readonly refreshMs = CLOCK_FILE_REFRESH_MS,
  ) {}

  now(): Date {
    const real = this.realNow();
    if (real - this.readAt >= this.refreshMs || real < this.readAt) {
      this.offset = this.readOffset();
      this.readAt = real;
    }
    return new Date(real + this.offset);
  }

  private readOffset(): number {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    return parseClockOffset(text);
  }
}

export function clockFromEnv(env: ClockEnv = process.env): Clock {
  const file = env.SA_CLOCK_FILE?.trim();
  if (env.NODE_ENV === 'production' || !file) return systemClock;
  return new OffsetFileClock(file);
}
