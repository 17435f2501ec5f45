import { maskResidentId as maskResidentIdOf, residentIdCheckChar } from '@sa/contracts';
import { calendarDateFrom, type CalendarDate, ageOn as wholeYearsBetween } from '@sa/time';

/**
 * 居民身份证号 (GB 11643-1999): 6-digit administrative division code of first registration,
 * 8-digit birth date YYYYMMDD, 3-digit sequence (odd = male, even = female) and a check digit
 * (0-9 or X) computed with ISO 7064 MOD 11-2.
 */
export type ResidentIdProblem = 'LENGTH' | 'CHARACTERS' | 'DIVISION_CODE' | 'BIRTH_DATE' | 'CHECK_DIGIT';

export type ResidentIdCheck =
  | { valid: true; residentId: string; birthDate: CalendarDate; sex: 'MALE' | 'FEMALE' }
  | { valid: false; problem: ResidentIdProblem; message: string };

/** Earliest birth year accepted; anything older is a typing mistake. */
const EARLIEST_BIRTH_YEAR = 1900;

/** The GB 11643 check character for the first 17 digits (one implementation, in @sa/contracts). */
export const residentIdCheckCharacter = residentIdCheckChar;

/**
 * Checks a resident ID. A lower-case `x` is accepted and normalised to `X`.
 * `today`, when given, refuses birth dates after it.
 */
export function checkResidentId(input: unknown, today?: CalendarDate): ResidentIdCheck {
  if (typeof input !== 'string' || input.length !== 18) {
    return { valid: false, problem: 'LENGTH', message: 'must be 18 characters' };
  }
  const id = input.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { valid: false, problem: 'CHARACTERS', message: 'must be 17 digits followed by a digit or X' };
  }
  if (id[0] === '0') {
    return { valid: false, problem: 'DIVISION_CODE', message: 'must start with an administrative division code' };
  }
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birthDate = calendarDateFrom(year, month, day);
  if (birthDate === null || year < EARLIEST_BIRTH_YEAR) {
    return { valid: false, problem: 'BIRTH_DATE', message: 'contains an invalid birth date' };
  }
  if (today !== undefined && birthDate > today) {
    return { valid: false, problem: 'BIRTH_DATE', message: 'contains a birth date in the future' };
  }
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) {
    return { valid: false, problem: 'CHECK_DIGIT', message: 'has a wrong check digit (GB 11643)' };
  }
  return { valid: true, residentId: id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE' };
}

export function isValidResidentId(input: unknown, today?: CalendarDate): boolean {
  return checkResidentId(input, today).valid;
}

/** Upper-case form used as the key everywhere (`x` → `X`). */
export function normaliseResidentId(residentId: string): string {
  return residentId.trim().toUpperCase();
}

/** Birth date encoded in a valid resident ID. */
export function birthDateOf(residentId: string): CalendarDate {
  const check = checkResidentId(residentId);
  if (!check.valid) throw new RangeError(`invalid resident ID: ${check.problem}`);
  return check.birthDate;
}

/** Age in whole years on a date (Asia/Shanghai calendar). */
export function ageOn(residentId: string, date: CalendarDate): number {
  return wholeYearsBetween(birthDateOf(residentId), date);
}

/** `330106199001011234` → `3301**********1234`: the first four and last four characters stay. */
export function maskResidentId(residentId: string): string {
  return maskResidentIdOf(normaliseResidentId(residentId));
}

/** Whether a text is already in masked form (for search by masked resident ID). */
export function isMaskedResidentId(text: string): boolean {
  return /^\d{4}\*{10}\d{3}[\dX]$/i.test(text);
}
