/**
 * Synthetic resident identity numbers (居民身份证号, GB 11643-1999): 6-digit division code, birth
 * date YYYYMMDD, 3-digit sequence (odd for men, even for women), ISO 7064 MOD 11-2 check character.
 * The check-character arithmetic and validation are the pure ones of @sa/contracts.
 */
import { isValidResidentId, residentIdCheckChar } from '@sa/contracts';

/** The GB 11643 check character of the first 17 digits (the one implementation in @sa/contracts). */
export const checkCharacter = residentIdCheckChar;

export function residentId(division: string, birthDate: string, sequence: number): string {
  if (!/^[0-9]{6}$/.test(division)) throw new Error(`bad division code ${division}`);
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(birthDate)) throw new Error(`bad birth date ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new Error(`bad sequence ${sequence}`);
  const first17 = `${division}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export { isValidResidentId };

/** For logs: `4403**********1235`. */
export function maskResidentId(value: string): string {
  return value.length === 18 ? `${value.slice(0, 4)}${'*'.repeat(10)}${value.slice(14)}` : '***';
}
