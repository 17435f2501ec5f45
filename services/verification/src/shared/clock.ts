import { shanghaiInstant, type Clock } from '@sa/time';

/** The clock's time as an instant in Shanghai time (`…+08:00`). */
export function nowInstant(clock: Clock): string {
  return shanghaiInstant(clock.now());
}
