/** The input checks every verification command shares (a refusal names the field). Pure. */
import type { VerificationSource } from '@sa/contracts';
import { isInstant, isLocalDate } from './calendar';
import { rule } from './errors';
import { isSource } from './sources';
import type { HouseholdInput } from './verification.commands';

export function requireText(value: unknown, field: string, max = 4000): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw rule('invalid_input', `${field} is required (1–${max} characters)`, field);
}

export function requireInstant(value: unknown, field: string): void {
  if (!isInstant(value)) throw rule('invalid_input', `${field} must be an ISO-8601 instant with an offset`, field);
}

export function requireDate(value: unknown, field: string): void {
  if (!isLocalDate(value)) throw rule('invalid_input', `${field} must be a date YYYY-MM-DD`, field);
}

export function checkHousehold(input: HouseholdInput, sources: readonly VerificationSource[] | undefined): void {
  if (!Array.isArray(input.members) || input.members.length === 0) throw rule('invalid_input', 'members must list the household', 'members');
  const ids = new Set<string>();
  input.members.forEach((m, i) => {
    requireText(m.memberId, `members[${i}].memberId`, 64);
    if (ids.has(m.memberId)) throw rule('invalid_input', `members[${i}].memberId is listed twice`, `members[${i}].memberId`);
    ids.add(m.memberId);
  });
  input.consents.forEach((c, i) => {
    if (!ids.has(c.memberId)) throw rule('invalid_input', `consents[${i}].memberId is not a listed member`, `consents[${i}].memberId`);
    requireText(c.documentRef, `consents[${i}].documentRef`, 256);
  });
  if (sources !== undefined) {
    if (sources.length === 0) throw rule('invalid_input', 'sources must not be empty (omit it for every source)', 'sources');
    sources.forEach((s, i) => {
      if (!isSource(s)) throw rule('invalid_input', `sources[${i}] is not a verification source`, `sources[${i}]`);
    });
  }
}
