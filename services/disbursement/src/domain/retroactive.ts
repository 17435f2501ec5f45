/**
 * Back-pay (补发) and recovery (追回): a decision effective in the past changes what past months were
 * owed. Compare, month by month, what the entitlement owes now with what was actually paid.
 */
import { amountForPeriod, type EntitlementState } from './entitlement';
import { monthsBetween, type YearMonth } from './period';

export interface MonthDifference {
  month: YearMonth;
  owedFen: number;
  paidFen: number;
  /** owed − paid: positive = back-pay, negative = overpaid. */
  differenceFen: number;
}

export interface RetroactiveSettlement {
  /** Months owed more than was paid: a supplementary payment (ARREARS). */
  supplementary: { months: MonthDifference[]; totalFen: number } | null;
  /** Months paid more than was owed: a recovery record. */
  recovery: { months: MonthDifference[]; totalFen: number } | null;
}

/**
 * @param paid what was paid per month (sum of non-returned payments of the month)
 * @param from first month to look at (the correction's effective month)
 * @param through last month already paid or due (usually the month of the last run)
 */
export function settleRetroactiveCorrection(
  state: EntitlementState,
  paid: readonly { month: YearMonth; amountFen: number }[],
  from: YearMonth,
  through: YearMonth,
): RetroactiveSettlement {
  const paidByMonth = new Map<YearMonth, number>();
  for (const p of paid) paidByMonth.set(p.month, (paidByMonth.get(p.month) ?? 0) + p.amountFen);
  const more: MonthDifference[] = [];
  const less: MonthDifference[] = [];
  for (const month of monthsBetween(from, through)) {
    const owedFen = amountForPeriod(state, month).amountFen;
    const paidFen = paidByMonth.get(month) ?? 0;
    const differenceFen = owedFen - paidFen;
    if (differenceFen > 0) more.push({ month, owedFen, paidFen, differenceFen });
    if (differenceFen < 0) less.push({ month, owedFen, paidFen, differenceFen });
  }
  const sum = (xs: MonthDifference[]) => xs.reduce((s, x) => s + Math.abs(x.differenceFen), 0);
  return {
    supplementary: more.length ? { months: more, totalFen: sum(more) } : null,
    recovery: less.length ? { months: less, totalFen: sum(less) } : null,
  };
}

/**
 * What was effectively paid per month, for a new retroactive comparison: the bank payments (regular
 * payments counted before any offset — the offset repays an older overpayment, the month itself was
 * paid in full — and reissues, returned payments excluded) corrected by every difference already
 * determined on the entitlement (arrears settle or will settle the gap; an overpayment is being
 * recovered). So a second retroactive decision on the same months never pays or recovers the same
 * difference twice.
 */
export function effectivelyPaid(
  state: EntitlementState,
  bankPaid: readonly { month: YearMonth; amountFen: number }[],
  offsetFromRegular: readonly { month: YearMonth; amountFen: number }[],
  from: YearMonth,
): { month: YearMonth; amountFen: number }[] {
  const byMonth = new Map<YearMonth, number>();
  const add = (month: YearMonth, fen: number) => {
    if (month >= from) byMonth.set(month, (byMonth.get(month) ?? 0) + fen);
  };
  for (const p of bankPaid) add(p.month, p.amountFen);
  for (const o of offsetFromRegular) add(o.month, o.amountFen);
  for (const record of [...(state.arrears ?? []), ...(state.recoveries ?? [])]) {
    for (const m of record.months) if (byMonth.has(m.month)) add(m.month, m.differenceFen);
  }
  return [...byMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, amountFen]) => ({ month, amountFen }));
}

/**
 * Late registration (an approval ordered on appeal, start month in the past): the months from the start
 * month that a payment run of the district already passed — runs started before the registration do not
 * pay it (a run pays the entitlements registered when it started). Those months are back-paid (补发) by
 * the one retroactive path (SettleRetroactiveCorrection → ArrearsDetermined → ARREARS line in the next
 * run); later months are paid by their regular runs. Null: no month to back-pay.
 */
export function lateRegistrationMonths(startMonth: YearMonth, runPeriods: readonly YearMonth[]): { from: YearMonth; through: YearMonth } | null {
  const passed = runPeriods.filter((p) => p >= startMonth).sort();
  return passed.length > 0 ? { from: startMonth, through: passed[passed.length - 1]! } : null;
}
