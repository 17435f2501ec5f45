import { BankAccount, isValidBankAccountNumber } from '../bank-account';
import { Consent, consentProblems } from '../consent';
import { Declaration, declarationProblems } from '../declaration';
import { Household, householdProblems } from '../household';
import { Program, programProblems, TemporaryAssistanceSection } from '../programs';
import { ProxySubmission, proxyProblems } from '../proxy';
import { normaliseResidentId } from '../resident-id';
import { isDivisionCode } from '../shared/jurisdiction';
import { IntakeRuleError, RuleViolation } from '../shared/intake-rule-error';
import { type CalendarDate } from '@sa/time';

export const CHANNELS = ['IN_PERSON', 'ONLINE'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface IdentityDocument {
  residentId: string;
  documentRef: string;
}

/** The unified application form (社会救助一表申请). */
export interface ApplicationForm {
  /** Community (12-digit division code) where the application is made. */
  jurisdiction: string;
  channel: Channel;
  program: Program;
  /** The program-specific section of 临时救助. */
  temporaryAssistance?: TemporaryAssistanceSection;
  household: Household;
  declaration: Declaration;
  /** Account for social disbursement (社会化发放). */
  bankAccount?: BankAccount;
  /** Copies of identity documents (居民身份证/户口簿), one per member who counts. */
  identityDocuments: IdentityDocument[];
  /** The applicant's signed commitment (承诺书) that the declaration is true. */
  commitment?: { documentRef: string; signedOn: CalendarDate };
  consents: Consent[];
  /** Submitted by someone on the applicant's behalf (代办). */
  proxy?: ProxySubmission;
  /** The proactive lead (主动发现) this application came from. */
  leadId?: string;
  /** Documents supplied for items the officer added to the notice, by item key. */
  otherDocuments: { itemKey: string; documentRef: string }[];
}

/**
 * Every rule of the form, checked at once so the officer sees all problems in one answer.
 * `applicationDate` anchors ages and declaration months; `today` refuses dates in the future.
 */
export function formProblems(form: ApplicationForm, applicationDate: CalendarDate, today: CalendarDate): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (!isDivisionCode(form.jurisdiction) || form.jurisdiction.length !== 12) {
    problems.push({ field: 'jurisdiction', message: 'must be a 12-digit community division code' });
  }
  const householdIssues = householdProblems(form.household, today);
  problems.push(...householdIssues);
  if (householdIssues.some((p) => p.field.endsWith('.residentId') || p.field === 'household.members')) {
    return problems; // the rules below rely on valid, unique resident IDs
  }
  const memberIds = form.household.members.map((m) => m.residentId);
  const ids = new Set(memberIds.map(normaliseResidentId));
  problems.push(...programProblems(form.program, form.temporaryAssistance, today));
  problems.push(...declarationProblems(form.declaration, memberIds, applicationDate, today));
  problems.push(...consentProblems(form.consents, form.household, today));
  if (form.proxy) problems.push(...proxyProblems(form.proxy, form.household, today));
  if (form.bankAccount) {
    if (!isValidBankAccountNumber(form.bankAccount.accountNumber)) {
      problems.push({ field: 'bankAccount.accountNumber', message: 'must be 12 to 30 digits' });
    }
    if (!ids.has(normaliseResidentId(form.bankAccount.holderResidentId))) {
      problems.push({ field: 'bankAccount.holderResidentId', message: 'must be the resident ID of a listed member' });
    }
  }
  form.identityDocuments.forEach((d, i) => {
    if (!ids.has(normaliseResidentId(d.residentId))) {
      problems.push({ field: `identityDocuments[${i}].residentId`, message: 'must be the resident ID of a listed member' });
    }
  });
  if (form.commitment && form.commitment.signedOn > today) {
    problems.push({ field: 'commitment.signedOn', message: 'must not be in the future' });
  }
  return problems;
}

export function assertFormValid(form: ApplicationForm, applicationDate: CalendarDate, today: CalendarDate): void {
  const problems = formProblems(form, applicationDate, today);
  if (problems.length > 0) throw new IntakeRuleError('invalid_application', 'The application form is invalid', problems);
}
