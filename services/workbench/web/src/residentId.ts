/**
 * Resident-ID format check (GB 11643-1999) for immediate feedback while typing; the intake service
 * checks the same and its problem+json answer stays the authority.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function residentIdProblem(value: string): string | null {
  const v = value.trim().toUpperCase();
  if (v === '') return '必填';
  if (!/^\d{17}[\dX]$/.test(v)) return '应为18位:17位数字加1位校验码(数字或X)';
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0);
  if (CHECK[sum % 11] !== v[17]) return `校验码不正确(按 GB 11643 应为 ${CHECK[sum % 11]})`;
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return '出生日期不正确';
  return null;
}
