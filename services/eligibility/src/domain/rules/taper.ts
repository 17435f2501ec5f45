/**
 * 渐退 (gradual exit): after income rises above the standard the benefit continues for the months
 * of the policy's taperSchedule, each month a percentage of the current monthly amount. Each month's
 * amount is a final figure rounded once (ROUND_HALF_UP to fen). An empty schedule stops at once.
 */
import { addMonths, assertCalendarMonth, CalendarMonth } from '../calendar-date';
import { InvalidAmountError } from '../errors';
import { assertNonNegativeFen, Fen, Rational, roundToFen } from '../money';

export interface TaperPayment {
  month: CalendarMonth;
  amountFen: Fen;
}

/** Month-by-month taper from `startMonth` (the first taper month); [] when the schedule is empty. */
export function planTaper(currentMonthlyFen: Fen, taperSchedule: readonly number[], startMonth: CalendarMonth): TaperPayment[] {
  assertNonNegativeFen(currentMonthlyFen, 'currentMonthlyFen');
  assertCalendarMonth(startMonth, 'startMonth');
  return taperSchedule.map((percent, i) => {
    if (!Number.isSafeInteger(percent) || percent < 0 || percent > 100) {
      throw new InvalidAmountError(`taperSchedule[${i}] must be a whole percentage 0–100, got ${percent}`, `taperSchedule[${i}]`);
    }
    return {
      month: addMonths(startMonth, i),
      amountFen: roundToFen(Rational.fen(currentMonthlyFen).times(Rational.percent(percent))),
    };
  });
}
