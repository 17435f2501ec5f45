/** The injectable clock: deadlines, acceptance dates and "today" come from here, so tests can set the time. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('INTAKE_CLOCK');

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
