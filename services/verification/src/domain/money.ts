/** Integer fen arithmetic. No floating point reaches a money figure. */

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** `total / divisor` rounded to the nearest integer, halves away from zero. */
export function divideRounded(total: number, divisor: number): number {
  if (!Number.isSafeInteger(total)) throw new RangeError(`not a safe integer: ${total}`);
  if (!Number.isSafeInteger(divisor) || divisor <= 0) throw new RangeError(`bad divisor: ${divisor}`);
  const sign = total < 0 ? -1 : 1;
  const a = Math.abs(total);
  const q = Math.floor(a / divisor);
  const r = a - q * divisor;
  return sign * (2 * r >= divisor ? q + 1 : q);
}

/**
 * Splits an amount over `parts` equal shares whose sum is exactly the amount: the remainder goes,
 * one fen each, to the first shares. 1000 over 3 → [334, 333, 333]; −1000 over 3 → [−334, −333, −333].
 */
export function spread(amount: number, parts: number): number[] {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not a safe integer: ${amount}`);
  if (!Number.isSafeInteger(parts) || parts <= 0) throw new RangeError(`bad number of parts: ${parts}`);
  const base = Math.trunc(amount / parts);
  let remainder = amount - base * parts;
  const step = remainder < 0 ? -1 : 1;
  const out: number[] = [];
  for (let i = 0; i < parts; i++) {
    if (remainder !== 0) {
      out.push(base + step);
      remainder -= step;
    } else {
      out.push(base);
    }
  }
  return out;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    total += v;
    if (!Number.isSafeInteger(total)) throw new RangeError('sum exceeds the safe integer range');
  }
  return total;
}
