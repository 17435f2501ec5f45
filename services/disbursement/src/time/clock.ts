/** The injectable clock: payment months, issue dates and "today" come from here, so tests can set the time. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('DISBURSEMENT_CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock the test moves by hand. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
}

/** `YYYY-MM-DD` in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** ISO instant with the +08:00 offset. */
export function shanghaiInstant(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
