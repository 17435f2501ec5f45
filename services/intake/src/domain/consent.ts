import { type CalendarDate } from '@sa/time';
import { RuleViolation } from './shared/intake-rule-error';
import { AssessedMember, Household, LegallyObligedSupporter } from './household';
import { normaliseResidentId } from './resident-id';
import { CORE_VERIFICATION_SOURCES, VERIFICATION_SOURCES, type VerificationSource } from '@sa/contracts';

/** Registries the verification platform may query (居民家庭经济状况核对): the scope of a consent. */
export const CONSENT_SOURCES = VERIFICATION_SOURCES;
export type ConsentSource = VerificationSource;

/** What a consent must cover for household economic verification: the ten registries of the rules. */
export const REQUIRED_CONSENT_SOURCES: readonly ConsentSource[] = CORE_VERIFICATION_SOURCES;

/** SELF, or a guardian / authorised agent for a person without capacity. */
export const CONSENT_SIGNERS = ['SELF', 'GUARDIAN', 'AGENT'] as const;
export type ConsentSigner = (typeof CONSENT_SIGNERS)[number];

/** A verification consent (核对授权书) of one person. */
export interface Consent {
  /** UUID (assigned by the shell). */
  consentId: string;
  residentId: string;
  signedOn: CalendarDate;
  signedBy: ConsentSigner;
  sources: ConsentSource[];
  documentRef: string;
  validUntil?: CalendarDate;
}

export interface RequiredConsent {
  residentId: string;
  name: string;
  role: 'ADULT_MEMBER' | 'LEGALLY_OBLIGED_SUPPORTER';
}

/** Every adult member who counts and every legally obliged supporter must consent. */
export function requiredConsents(assessed: AssessedMember[], supporters: LegallyObligedSupporter[]): RequiredConsent[] {
  return [
    ...assessed
      .filter((m) => m.membership.counts && m.adult)
      .map((m) => ({ residentId: normaliseResidentId(m.residentId), name: m.name, role: 'ADULT_MEMBER' as const })),
    ...supporters.map((s) => ({
      residentId: normaliseResidentId(s.residentId),
      name: s.name,
      role: 'LEGALLY_OBLIGED_SUPPORTER' as const,
    })),
  ];
}

export function missingSources(consent: Pick<Consent, 'sources'>): ConsentSource[] {
  return REQUIRED_CONSENT_SOURCES.filter((s) => !consent.sources.includes(s));
}

/** A consent counts when it covers the required scope and has not expired on `on`. */
export function consentCovers(consent: Consent, on: CalendarDate): boolean {
  return missingSources(consent).length === 0 && (consent.validUntil === undefined || consent.validUntil >= on);
}

/** The latest covering consent of a person, if any. */
export function validConsentOf(consents: Consent[], residentId: string, on: CalendarDate): Consent | undefined {
  const id = normaliseResidentId(residentId);
  return consents
    .filter((c) => normaliseResidentId(c.residentId) === id && consentCovers(c, on))
    .sort((a, b) => (a.signedOn < b.signedOn ? 1 : a.signedOn > b.signedOn ? -1 : 0))[0];
}

/** Form rules of consents: signed by someone on the form, dated, with a document. */
export function consentProblems(consents: Consent[], household: Household, today: CalendarDate, prefix = 'consents'): RuleViolation[] {
  const known = new Set([...household.members, ...household.supporters].map((p) => normaliseResidentId(p.residentId)));
  const problems: RuleViolation[] = [];
  consents.forEach((c, i) => {
    const f = `${prefix}[${i}]`;
    if (!known.has(normaliseResidentId(c.residentId))) problems.push({ field: `${f}.residentId`, message: 'must be a listed member or supporter' });
    if (c.signedOn > today) problems.push({ field: `${f}.signedOn`, message: 'must not be in the future' });
    if (c.validUntil !== undefined && c.validUntil < c.signedOn) problems.push({ field: `${f}.validUntil`, message: 'must not be before the signing date' });
    if (c.documentRef.trim() === '') problems.push({ field: `${f}.documentRef`, message: 'must not be empty' });
    if (c.sources.length === 0) problems.push({ field: `${f}.sources`, message: 'must not be empty' });
  });
  return problems;
}
