/**
 * Synthetic resident identity numbers (居民身份证号, GB 11643-1999): 6-digit division code, birth
 * date YYYYMMDD, 3-digit sequence (odd for men, even for women), ISO 7064 MOD 11-2 check character.
 * The simulator stands in for an external system, so it carries its own copy of this arithmetic.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('need 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function residentId(division: string, birthDate: string, sequence: number): string {
  if (!/^[0-9]{6}$/.test(division)) throw new Error(`bad division code ${division}`);
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(birthDate)) throw new Error(`bad birth date ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new Error(`bad sequence ${sequence}`);
  const first17 = `${division}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export function isValidResidentId(value: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return false;
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return checkCharacter(value.slice(0, 17)) === value[17];
}

/** For logs: `4403**********1235`. */
export function maskResidentId(value: string): string {
  return value.length === 18 ? `${value.slice(0, 4)}${'*'.repeat(10)}${value.slice(14)}` : '***';
}
