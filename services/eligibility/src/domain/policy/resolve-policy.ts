/**
 * Which policy version applies to a case: the most specific division that has a version in force
 * on the date — district (6-digit code) before city (`xxxx00`) before province (`xx0000`), each
 * matched by prefix of the case's jurisdiction — and, within it, the version with the latest
 * `effectiveFrom` on or before the date.
 */
import { assertCalendarDate, CalendarDate } from '../calendar-date';
import { AmbiguousPolicyError, InvalidFactsError, PolicyNotFoundError } from '../errors';
import { PolicyVersion } from './policy-version';

export type DivisionLevel = 'DISTRICT' | 'CITY' | 'PROVINCE';

/** `330000` → PROVINCE, `330100` → CITY, `330106` → DISTRICT. */
export function divisionLevel(divisionCode: string): DivisionLevel {
  if (divisionCode.endsWith('0000')) return 'PROVINCE';
  if (divisionCode.endsWith('00')) return 'CITY';
  return 'DISTRICT';
}

/** The division codes that cover a jurisdiction, most specific first. */
export function coveringDivisions(jurisdictionCode: string): { level: DivisionLevel; code: string }[] {
  if (typeof jurisdictionCode !== 'string' || !/^\d{6}(\d{3}(\d{3})?)?$/.test(jurisdictionCode)) {
    throw new InvalidFactsError(`jurisdiction must be a 6, 9 or 12-digit division code, got ${String(jurisdictionCode)}`, 'jurisdictionCode');
  }
  const district = jurisdictionCode.slice(0, 6);
  const city = `${district.slice(0, 4)}00`;
  const province = `${district.slice(0, 2)}0000`;
  const levels: { level: DivisionLevel; code: string }[] = [
    { level: 'DISTRICT', code: district },
    { level: 'CITY', code: city },
    { level: 'PROVINCE', code: province },
  ];
  // A jurisdiction that is itself a city or province code has no more specific level.
  return levels.filter((entry, i) => levels.findIndex((other) => other.code === entry.code) === i && divisionLevel(entry.code) === entry.level);
}

/**
 * The version in force for `jurisdictionCode` on `onDate`. Throws `PolicyNotFoundError` when no
 * covering division has a version in force, `AmbiguousPolicyError` when two versions of the chosen
 * division take effect on the same day.
 */
export function resolvePolicyVersion(versions: readonly PolicyVersion[], jurisdictionCode: string, onDate: CalendarDate): PolicyVersion {
  assertCalendarDate(onDate, 'onDate');
  const divisions = coveringDivisions(jurisdictionCode);
  for (const { code } of divisions) {
    const inForce = versions
      .filter((version) => version.divisionCode === code && version.effectiveFrom <= onDate)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0));
    if (inForce.length === 0) continue;
    if (inForce.length > 1 && inForce[0].effectiveFrom === inForce[1].effectiveFrom) {
      throw new AmbiguousPolicyError(
        `versions ${inForce[0].version} and ${inForce[1].version} of division ${code} both take effect on ${inForce[0].effectiveFrom}`,
      );
    }
    return inForce[0];
  }
  throw new PolicyNotFoundError(
    `no policy version in force on ${onDate} for jurisdiction ${jurisdictionCode} (looked for divisions ${divisions
      .map((d) => `${d.code} (${d.level.toLowerCase()})`)
      .join(', ')})`,
  );
}
