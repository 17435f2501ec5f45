/**
 * A member's age groups for the statistics (issue 18, birth dates are personal data): the birth date is sealed in
 * the events, so the events that introduce members (ReviewCaseOpened, CaseMigrated, RedeterminationRequested) also
 * carry, in clear, the two months the monthly statistics need — the first month in which the member no longer counts
 * as a minor (未成年人, under 18) and the first in which they count as elderly (老年人, 60 or over), age taken on the
 * first day of the month. Month precision, no day: enough for the counts, which stay the same after shredding.
 */
import { isCalendarDate, type CalendarDate, type CalendarMonth } from './calendar-date';
import { AGE_OF_MAJORITY } from './household';

/** 老年人: 60 or over (老年人权益保障法 art. 2). */
export const ELDERLY_AGE_YEARS = 60;

export interface MemberAgeGroups {
  memberId: string;
  /** First month (YYYY-MM) whose first day the member is 18 or over. */
  adultFrom: CalendarMonth;
  /** First month (YYYY-MM) whose first day the member is 60 or over. */
  elderlyFrom: CalendarMonth;
}

/** The first month whose first day falls on or after the `years`-th birthday of `birthDate`. */
export function firstMonthAged(birthDate: CalendarDate, years: number): CalendarMonth {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const month0 = (y + years) * 12 + (m - 1) + (d === 1 ? 0 : 1);
  return `${String(Math.floor(month0 / 12)).padStart(4, '0')}-${String((month0 % 12) + 1).padStart(2, '0')}`;
}

/** The age groups of each member whose birth date is a date (a shredded or absent one gives nothing). */
export function ageGroupsOf(members: readonly { memberId: string; birthDate?: unknown }[]): MemberAgeGroups[] {
  return members.flatMap((m) =>
    isCalendarDate(m.birthDate)
      ? [{ memberId: m.memberId, adultFrom: firstMonthAged(m.birthDate, AGE_OF_MAJORITY), elderlyFrom: firstMonthAged(m.birthDate, ELDERLY_AGE_YEARS) }]
      : [],
  );
}
