/**
 * The injectable clock: decision dates, notice periods and deadlines come from here, so a test can
 * let the seven days of a public notice pass. Business dates are civil dates in Asia/Shanghai.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('ELIGIBILITY_CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets and moves by hand. */
export class AdjustableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai has no daylight saving time.

/** `YYYY-MM-DD` of the instant in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO-8601 with `+08:00`, e.g. `2026-03-16T10:15:00.000+08:00`. */
export function shanghaiInstant(instant: Date): string {
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}
