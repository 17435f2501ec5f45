/** The registries a 核对 platform answers from, and the vocabularies of what they report. */
import { CORE_VERIFICATION_SOURCES, INCOME_TYPES, VERIFICATION_SOURCES } from '@sa/contracts';
import type { AssetKind, IncomeType, VerificationPurpose, VerificationSource } from '@sa/contracts';

/** Every source a platform may be asked about (the contract's list). */
export const ALL_SOURCES = VERIFICATION_SOURCES;

/** Sources queried when the request names none: the ten registries of the national rules. */
export const DEFAULT_SOURCES: readonly VerificationSource[] = CORE_VERIFICATION_SOURCES;

export const PURPOSES = ['INITIAL', 'RECERTIFICATION', 'OBJECTION'] as const satisfies readonly VerificationPurpose[];

export { INCOME_TYPES };

export const ASSET_KINDS = [
  'BANK_DEPOSIT',
  'CASH',
  'SECURITIES',
  'INSURANCE',
  'HOUSING_FUND',
  'CLAIM',
  'REAL_ESTATE',
  'VEHICLE',
  'BUSINESS_EQUITY',
  'OTHER',
] as const satisfies readonly AssetKind[];

export function isSource(value: unknown): value is VerificationSource {
  return typeof value === 'string' && (ALL_SOURCES as readonly string[]).includes(value);
}

export function isPurpose(value: unknown): value is VerificationPurpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

export function isIncomeType(value: unknown): value is IncomeType {
  return typeof value === 'string' && (INCOME_TYPES as readonly string[]).includes(value);
}

export function isAssetKind(value: unknown): value is AssetKind {
  return typeof value === 'string' && (ASSET_KINDS as readonly string[]).includes(value);
}

/** Order of sources in reports and lists (the order of ALL_SOURCES). */
export function sourceOrder(source: VerificationSource): number {
  return (ALL_SOURCES as readonly string[]).indexOf(source);
}

/**
 * When two registries report the same income of the same member for the same month (wages seen by
 * the tax bureau and by social insurance), the month is counted once, from the first source in this
 * list that reports it; figures an officer entered from documents come before any registry. This is
 * a rule of data reconciliation (do not count one wage twice), not an eligibility policy.
 */
export const INCOME_SOURCE_PRECEDENCE: readonly VerificationSource[] = [
  'TAX',
  'SOCIAL_INSURANCE',
  'HOUSING_FUND',
  'BUSINESS_REGISTRATION',
  'BANK_DEPOSITS',
  'SECURITIES',
  'INSURANCE',
  'REAL_ESTATE',
  'VEHICLES',
  'HOUSEHOLD_REGISTRATION',
  'MEDICAL_EXPENSES',
  'AUXILIARY',
];
