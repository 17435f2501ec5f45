/**
 * Money and exact arithmetic.
 *
 * - **Amounts** are integer fen (分) held in a `number`; only safe integers are accepted. Every entry
 *   point checks this and throws `InvalidAmountError` instead of silently accepting a fraction.
 * - **Ratios, multiples and percentages** in policy parameters are decimal strings (`'0.20'`,
 *   `'1.5'`, `'10'`), parsed into exact rationals. Intermediate results are exact rationals with
 *   bigint numerator and denominator, so no floating-point drift can creep in.
 * - **The rounding rule — the only one:** a computed amount is rounded to whole fen by
 *   ROUND HALF UP (四舍五入; an exact half goes away from zero), **once, at the end** of the
 *   computation that produces a payable or published figure. Nothing is rounded in between.
 *   `roundToFen` is that rule; rule code calls it only on final figures.
 */
import { InvalidAmountError } from './errors';

/** Integer fen (分). 100000 fen = ¥1,000. */
export type Fen = number;

/**
 * An exact decimal written as a string, e.g. `'0.20'`, `'1.5'`, `'24'`. Used for every ratio,
 * multiple and percentage in policy parameters so they round-trip through JSON without drift.
 */
export type Decimal = `${number}`;

/** How amounts are rounded, for explanations and notices. */
export const ROUNDING_RULE = {
  code: 'ROUND_HALF_UP_TO_FEN_ONCE',
  en: 'Round half up to whole fen, once, at the end of the computation',
  zh: '计算结束时一次性四舍五入到分',
} as const;

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x;
}

function toBigInt(value: number | bigint, label: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) {
    throw new InvalidAmountError(`${label} must be a safe integer, got ${String(value)}`, label);
  }
  return BigInt(value);
}

/** An exact rational number; immutable, always normalised (denominator > 0, lowest terms). */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  /** numerator / denominator, both integers (numbers must be safe integers). */
  static of(numerator: number | bigint, denominator: number | bigint = 1n): Rational {
    const n = toBigInt(numerator, 'numerator');
    const d = toBigInt(denominator, 'denominator');
    if (d === 0n) throw new InvalidAmountError('denominator must not be zero');
    const sign = d < 0n ? -1n : 1n;
    const g = gcd(n, d) || 1n;
    return new Rational((sign * n) / g, (sign * d) / g);
  }

  /** An amount of fen; throws on anything but a safe integer. */
  static fen(value: Fen, label = 'amount'): Rational {
    assertFen(value, label);
    return Rational.of(value);
  }

  /** A decimal string such as `'0.20'`; throws on anything else (no exponents, no spaces). */
  static decimal(text: string, label = 'decimal'): Rational {
    const match = typeof text === 'string' ? DECIMAL_PATTERN.exec(text) : null;
    if (!match) throw new InvalidAmountError(`${label} must be a decimal string like '0.20', got ${String(text)}`, label);
    const [, minus, whole, fraction = ''] = match;
    const digits = BigInt(whole + fraction);
    return Rational.of(minus ? -digits : digits, 10n ** BigInt(fraction.length));
  }

  /**
   * A measured quantity given as a JS number with a short decimal form (e.g. a floor area of
   * 85.5 m²). Read through its shortest decimal representation, so 85.5 is exactly 171/2.
   */
  static measure(value: number, label = 'value'): Rational {
    if (!Number.isFinite(value)) throw new InvalidAmountError(`${label} must be a finite number`, label);
    return Rational.decimal(String(value), label);
  }

  /** `percent` % as a ratio, e.g. percent(80) = 4/5. */
  static percent(percent: number | Decimal, label = 'percent'): Rational {
    const value = typeof percent === 'number' ? Rational.measure(percent, label) : Rational.decimal(percent, label);
    return value.dividedBy(100);
  }

  static sum(values: readonly Rational[]): Rational {
    return values.reduce((total, value) => total.plus(value), Rational.ZERO);
  }

  static min(a: Rational, b: Rational): Rational {
    return a.lessThanOrEqual(b) ? a : b;
  }

  static max(a: Rational, b: Rational): Rational {
    return a.greaterThanOrEqual(b) ? a : b;
  }

  plus(other: Rational | number): Rational {
    const o = asRational(other);
    return Rational.of(this.numerator * o.denominator + o.numerator * this.denominator, this.denominator * o.denominator);
  }

  minus(other: Rational | number): Rational {
    return this.plus(asRational(other).negated());
  }

  times(other: Rational | number): Rational {
    const o = asRational(other);
    return Rational.of(this.numerator * o.numerator, this.denominator * o.denominator);
  }

  dividedBy(other: Rational | number): Rational {
    const o = asRational(other);
    if (o.numerator === 0n) throw new InvalidAmountError('division by zero');
    return Rational.of(this.numerator * o.denominator, this.denominator * o.numerator);
  }

  negated(): Rational {
    return Rational.of(-this.numerator, this.denominator);
  }

  /** -1, 0 or 1. */
  compare(other: Rational | number): -1 | 0 | 1 {
    const o = asRational(other);
    const left = this.numerator * o.denominator;
    const right = o.numerator * this.denominator;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  lessThan(other: Rational | number): boolean {
    return this.compare(other) < 0;
  }

  lessThanOrEqual(other: Rational | number): boolean {
    return this.compare(other) <= 0;
  }

  greaterThan(other: Rational | number): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqual(other: Rational | number): boolean {
    return this.compare(other) >= 0;
  }

  equals(other: Rational | number): boolean {
    return this.compare(other) === 0;
  }

  isInteger(): boolean {
    return this.denominator === 1n;
  }

  isNegative(): boolean {
    return this.numerator < 0n;
  }

  /** Exact form: `'100000'` or `'250000/3'`. */
  toString(): string {
    return this.isInteger() ? this.numerator.toString() : `${this.numerator}/${this.denominator}`;
  }

  /** Human-readable exact form for explanations: `'100000'` or `'250000/3 (≈83333.33)'`. */
  describe(): string {
    if (this.isInteger()) return this.toString();
    const hundredths = roundHalfUp(this.times(100));
    const sign = hundredths < 0n ? '-' : '';
    const abs = hundredths < 0n ? -hundredths : hundredths;
    const approx = `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
    return `${this.toString()} (≈${approx})`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function asRational(value: Rational | number): Rational {
  return value instanceof Rational ? value : Rational.of(value);
}

function roundHalfUp(value: Rational): bigint {
  const { numerator: n, denominator: d } = value;
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return n < 0n ? -magnitude : magnitude;
}

/**
 * THE rounding rule: ROUND HALF UP to whole fen (an exact half goes away from zero).
 * Call it once, on the final exact figure.
 */
export function roundToFen(value: Rational): Fen {
  const rounded = roundHalfUp(value);
  const fen = Number(rounded);
  if (!Number.isSafeInteger(fen)) throw new InvalidAmountError(`amount ${rounded} fen is not a safe integer`);
  return fen;
}

/** Throws unless `value` is a safe integer (fen). */
export function assertFen(value: unknown, label = 'amount'): asserts value is Fen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidAmountError(`${label} must be a whole number of fen (safe integer), got ${String(value)}`, label);
  }
}

/** Throws unless `value` is a non-negative safe integer (fen). */
export function assertNonNegativeFen(value: unknown, label = 'amount'): asserts value is Fen {
  assertFen(value, label);
  if (value < 0) throw new InvalidAmountError(`${label} must not be negative, got ${value}`, label);
}

/** True when `text` is a decimal string this module accepts. */
export function isDecimal(text: unknown): text is Decimal {
  return typeof text === 'string' && DECIMAL_PATTERN.test(text);
}

/**
 * Splits an exactly rounded total into whole-fen parts proportional to their exact values, so that
 * the parts add up to the total (largest-remainder apportionment; ties go to the earlier part).
 * Used to show line items (base amount, each supplement) that sum to the one rounded total. It is
 * not a second rounding of the total: the total stays `roundToFen(Σ parts)`.
 */
export function apportion(parts: readonly Rational[]): { total: Fen; parts: Fen[] } {
  const exactTotal = Rational.sum(parts);
  const total = roundToFen(exactTotal);
  if (parts.some((part) => part.isNegative())) throw new InvalidAmountError('apportion needs non-negative parts');
  const floors = parts.map((part) => part.numerator / part.denominator);
  let left = BigInt(total) - floors.reduce((sum, f) => sum + f, 0n);
  const order = parts
    .map((part, index) => ({ index, remainder: part.minus(Rational.of(floors[index])) }))
    .sort((a, b) => b.remainder.compare(a.remainder) || a.index - b.index);
  const result = [...floors];
  for (const { index } of order) {
    if (left <= 0n) break;
    result[index] += 1n;
    left -= 1n;
  }
  return { total, parts: result.map((fen) => Number(fen)) };
}

/** `¥1,300.00` — for labels and notices; never used in arithmetic. */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${(abs % 100).toString().padStart(2, '0')}`;
}
