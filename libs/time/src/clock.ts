/**
 * The injectable clock: deadlines, acceptance dates and "today" come from here, so tests can set
 * the time. Framework-free: services provide `CLOCK` with `clockFromEnv(process.env)`.
 */
export interface Clock {
  now(): Date;
}

/** The one injection token of the clock, shared by every service. */
export const CLOCK = Symbol.for('@sa/time:CLOCK');

export const systemClock: Clock = { now: () => new Date() };

const DAY_MS = 86_400_000;

/** A clock a test sets and moves by hand. */
export class AdjustableClock implements Clock {
  private current: Date;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(instant: Date | string): void {
    this.current = new Date(instant);
  }

  advanceMs(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  advanceDays(days: number): void {
    this.advanceMs(days * DAY_MS);
  }
}
