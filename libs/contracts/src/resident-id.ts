const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643 check character of the first 17 digits of a resident identity number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('residentIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * True for an 18-character resident identity number whose birth date (characters 7–14) is a real
 * date and whose last character is the GB 11643 check character (upper-case X).
 */
export function isValidResidentId(value: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return false;
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return residentIdCheckChar(value.slice(0, 17)) === value[17];
}

/**
 * A resident identity number as officers' views and ledgers show it by default:
 * `330106199001011234` → `3301**********1234` (first four and last four kept; anything that is not
 * 18 characters becomes all stars).
 */
export function maskResidentId(residentId: string): string {
  const id = residentId.trim().toUpperCase();
  if (id.length !== 18) return '*'.repeat(Math.max(id.length, 1));
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`;
}
