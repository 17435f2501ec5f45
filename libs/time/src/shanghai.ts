/**
 * Business time is Asia/Shanghai: a fixed UTC+08:00 offset (no daylight saving time since 1991),
 * so no time-zone database is needed.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function toMs(instant: Date | string | number): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return ms;
}

/** `YYYY-MM-DD` of the instant in Asia/Shanghai: `'2025-03-04T23:30:00Z'` → `'2025-03-05'`. */
export function shanghaiDate(instant: Date | string | number): string {
  return new Date(toMs(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM` of the instant in Asia/Shanghai. */
export function shanghaiMonth(instant: Date | string | number): string {
  return shanghaiDate(instant).slice(0, 7);
}

/** The Asia/Shanghai year of an instant. */
export function shanghaiYear(instant: Date | string | number): number {
  return Number(shanghaiDate(instant).slice(0, 4));
}

/** ISO-8601 with `+08:00`, e.g. `2026-03-16T10:15:00.000+08:00`. */
export function shanghaiInstant(instant: Date | string | number): string {
  return `${new Date(toMs(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}
