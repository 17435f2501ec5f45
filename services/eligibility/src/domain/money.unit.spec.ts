import { InvalidAmountError } from './errors';
import { apportion, assertFen, formatYuan, Rational, roundToFen } from './money';

describe('money', () => {
  it('refuses fractional or unsafe fen instead of accepting them silently', () => {
    expect(() => Rational.fen(100.5)).toThrow(InvalidAmountError);
    expect(() => assertFen(Number.MAX_SAFE_INTEGER + 1)).toThrow(InvalidAmountError);
    expect(() => assertFen('100' as unknown as number)).toThrow(InvalidAmountError);
    expect(() => Rational.fen(100000).times(0.2)).toThrow(InvalidAmountError);
  });

  it('reads decimal strings exactly, so 0.1 + 0.2 is 0.3', () => {
    expect(Rational.decimal('0.1').plus(Rational.decimal('0.2')).equals(Rational.decimal('0.3'))).toBe(true);
    expect(Rational.decimal('0.20').toString()).toBe('1/5');
    expect(() => Rational.decimal('1e3')).toThrow(InvalidAmountError);
    expect(() => Rational.decimal(' 0.2')).toThrow(InvalidAmountError);
  });

  it('keeps thirds exact: a third of 100000 fen times three is 100000 fen', () => {
    const third = Rational.fen(100000).dividedBy(3);
    expect(third.toString()).toBe('100000/3');
    expect(third.describe()).toBe('100000/3 (≈33333.33)');
    expect(roundToFen(third.times(3))).toBe(100000);
  });

  it('rounds half up to whole fen, halves away from zero', () => {
    expect(roundToFen(Rational.of(1, 2))).toBe(1);
    expect(roundToFen(Rational.of(5, 2))).toBe(3);
    expect(roundToFen(Rational.of(14999, 10000))).toBe(1);
    expect(roundToFen(Rational.of(-5, 2))).toBe(-3);
    expect(roundToFen(Rational.of(200, 3))).toBe(67);
  });

  it('apportions a rounded total into whole-fen parts that add up to it', () => {
    const parts = [Rational.of(100000, 3), Rational.of(100000, 3), Rational.of(100000, 3)];
    expect(apportion(parts)).toEqual({ total: 100000, parts: [33334, 33333, 33333] });
    expect(apportion([Rational.of(3, 2), Rational.of(3, 2)])).toEqual({ total: 3, parts: [2, 1] });
  });

  it('formats fen as yuan for notices', () => {
    expect(formatYuan(130000)).toBe('¥1,300.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(-123456789)).toBe('-¥1,234,567.89');
  });
});
