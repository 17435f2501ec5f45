import { RuleViolation } from './shared/intake-rule-error';
import { checkResidentId, normaliseResidentId } from './resident-id';
import { Household, applicantOf } from './household';
import { type CalendarDate } from '@sa/time';

/** Who may submit on the applicant's behalf (代办/帮办). */
export const PROXY_KINDS = ['COMMUNITY_COMMITTEE', 'AUTHORISED_PERSON', 'OFFICER', 'VOLUNTEER'] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

/**
 * A private person (authorised person, volunteer) needs the applicant's signed authorisation
 * (委托书); a community committee or an officer acts in an official capacity and is accountable.
 */
export const PROXY_KINDS_NEEDING_AUTHORISATION: readonly ProxyKind[] = ['AUTHORISED_PERSON', 'VOLUNTEER'];

export interface ProxySubmission {
  kind: ProxyKind;
  /** Name of the person (or committee) submitting. */
  name: string;
  /** Resident ID of the person submitting (required for a private person). */
  residentId?: string;
  /** Identity of the submitting officer when the proxy is a system user. */
  actorId?: string;
  /** Resident ID of the applicant on whose behalf the application is made. */
  onBehalfOfResidentId: string;
  /** Why the applicant could not apply in person. */
  reason: string;
  /** The signed authorisation; missing until supplied. */
  authorisationDocumentRef?: string;
}

export function proxyNeedsAuthorisation(proxy: ProxySubmission): boolean {
  return PROXY_KINDS_NEEDING_AUTHORISATION.includes(proxy.kind);
}

export function proxyProblems(proxy: ProxySubmission, household: Household, today: CalendarDate): RuleViolation[] {
  const problems: RuleViolation[] = [];
  const applicant = applicantOf(household);
  if (applicant && normaliseResidentId(applicant.residentId) !== normaliseResidentId(proxy.onBehalfOfResidentId)) {
    problems.push({ field: 'proxy.onBehalfOfResidentId', message: 'must be the applicant (the member with relation APPLICANT)' });
  }
  if (proxyNeedsAuthorisation(proxy) && proxy.residentId === undefined) {
    problems.push({ field: 'proxy.residentId', message: `is required for a proxy of kind ${proxy.kind}` });
  }
  if (proxy.residentId !== undefined) {
    const check = checkResidentId(proxy.residentId, today);
    if (!check.valid) problems.push({ field: 'proxy.residentId', message: `resident ID ${check.message}` });
  }
  if (proxy.name.trim() === '') problems.push({ field: 'proxy.name', message: 'must not be empty' });
  if (proxy.reason.trim() === '') problems.push({ field: 'proxy.reason', message: 'must not be empty' });
  return problems;
}
