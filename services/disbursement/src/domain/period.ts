import { DomainError } from '@sa/decider';
import { addMonths } from '@sa/time';

/** A calendar month `YYYY-MM` (Asia/Shanghai). Lexicographic order is chronological order. */
export type YearMonth = string;

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isYearMonth(value: unknown): value is YearMonth {
  return typeof value === 'string' && YEAR_MONTH.test(value);
}

export function assertYearMonth(value: unknown, field: string): asserts value is YearMonth {
  if (!isYearMonth(value)) throw new DomainError('invalid_month', `${field} must be a month YYYY-MM`, { field });
}

export { addMonths };

/** Months from `from` to `to`, both included (empty when to < from). */
export function monthsBetween(from: YearMonth, to: YearMonth): YearMonth[] {
  const out: YearMonth[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Integer fen, never floating point. */
export function assertFen(value: unknown, field: string, options: { positive?: boolean } = {}): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || (options.positive && value === 0)) {
    throw new DomainError('invalid_amount', `${field} must be a ${options.positive ? 'positive' : 'non-negative'} integer number of fen`, { field });
  }
}
