import { addDays, type LocalDate } from './calendar';

/**
 * 特困 support of a minor ends at 18 (longer while in school): follow-up flags the coming birthday
 * early enough for a review — whether the young person is in school is the officer's finding.
 */
export const ADULT_AGE = 18;

/** The 18th birthday (a 29 February birthday falls on 1 March in common years). */
export function adultOn(birthDate: LocalDate): LocalDate {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y + ADULT_AGE, m - 1, d));
  return t.toISOString().slice(0, 10);
}

export interface MemberWithBirthDate {
  memberId: string;
  name: string;
  birthDate: LocalDate;
}

/** Covered minors who turn 18 within `withinDays` of today (or already did). */
export function membersAgeingOut(
  members: readonly MemberWithBirthDate[],
  covered: readonly string[],
  today: LocalDate,
  withinDays: number,
): { memberId: string; name: string; adultOn: LocalDate }[] {
  const horizon = addDays(today, withinDays);
  return members
    .filter((m) => covered.includes(m.memberId))
    .map((m) => ({ memberId: m.memberId, name: m.name, adultOn: adultOn(m.birthDate) }))
    .filter((m) => m.adultOn <= horizon);
}
