import { toShanghaiInstant } from '../domain';

/** The injectable clock: submissions, deadlines and "today" come from here, so tests can set the time. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('VERIFICATION_CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** The clock's time as an instant in Shanghai time (`…+08:00`). */
export function nowInstant(clock: Clock): string {
  return toShanghaiInstant(clock.now().getTime());
}
