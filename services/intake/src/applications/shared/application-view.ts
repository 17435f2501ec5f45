import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApplicationState, EarlierCase, maskBankAccount, MaterialItem } from '../../domain';

/** Roles that see the bank account in full (社会化发放). */
export const DISBURSEMENT_ROLES: readonly string[] = ['disbursement_officer'];

export class MaterialItemView {
  @ApiProperty() key!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: '告知事项' }) label!: string;
  @ApiPropertyOptional() name?: string;
}

export class ApplicationSummaryView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: '330106-2026-000123' }) caseNumber!: string;
  @ApiProperty() status!: string;
  @ApiProperty() jurisdiction!: string;
  @ApiPropertyOptional({ description: 'The one-time notice (一次性告知), once issued' }) notice?: { noticeDate: string; items: MaterialItemView[] };
  @ApiProperty({ type: [MaterialItemView] }) outstandingItems!: MaterialItem[];
  @ApiPropertyOptional({ description: 'Acceptance date: the decision clock runs from here' }) acceptedOn?: string;
  @ApiProperty() conflictOfInterest!: boolean;
  @ApiPropertyOptional({ description: 'Re-application: the id of the earlier case of the household (= earlierCase.caseId)' })
  previousCaseId?: string;
  @ApiPropertyOptional({
    description: 'Re-application: the earlier case of the household, how it ended (REFUSED / TERMINATED / WITHDRAWN / NOT_ACCEPTED), date and reason; decisionId when eligibility decided',
  })
  earlierCase?: EarlierCase;
}

export function summaryOf(state: ApplicationState): ApplicationSummaryView {
  return {
    caseId: state.caseId!,
    caseNumber: state.caseNumber!,
    status: state.status,
    jurisdiction: state.jurisdiction!,
    ...(state.notice ? { notice: state.notice } : {}),
    outstandingItems: state.outstandingItems,
    ...(state.acceptedOn ? { acceptedOn: state.acceptedOn } : {}),
    conflictOfInterest: state.conflicts.length > 0,
    // Re-application: the earlier case, its decision, date and reason.
    ...(state.earlierCase ? { previousCaseId: state.earlierCase.caseId, earlierCase: state.earlierCase } : {}),
  };
}

/**
 * The whole file as officers see it; the bank account number is masked, except for a disbursement
 * officer who asked to see it (`revealed`: a stated purpose, logged by the caller).
 */
export function detailOf(state: ApplicationState, role: string, revealed = false) {
  const form = state.form!;
  const showAccount = revealed && DISBURSEMENT_ROLES.includes(role);
  return {
    ...summaryOf(state),
    applicationDate: state.applicationDate,
    conflicts: state.conflicts,
    /** How this case ended after the decision (status CLOSED). */
    ...(state.closure ? { closure: state.closure } : {}),
    /** Closed on a refusal an appeal revoked, then reopened: the revoked closure and the appeal (oldest first). */
    ...(state.reopenedOnAppeal ? { reopenedOnAppeal: state.reopenedOnAppeal } : {}),
    form: {
      ...form,
      ...(form.bankAccount ? { bankAccount: showAccount ? form.bankAccount : maskBankAccount(form.bankAccount) } : {}),
    },
  };
}

/** A resident ID as `GET /applications/{id}` shows it by default: first 6 (the division) and last 4 kept. */
export function maskResidentIdForView(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** A phone number with only its last 4 characters kept. */
export function maskPhone(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

const RESIDENT_ID_KEY = /residentid$/i;
const RESIDENT_IDS_KEY = /residentids$/i;
const PHONE_KEY = /(phone|mobile|telephone)$/i;

/**
 * The personal identifiers of a view masked, wherever they are: every string under a key ending in
 * `residentId` (`holderResidentId`, `relativeResidentId`, …) or `residentIds`, every phone number, and
 * the resident ID inside a material item's key (`key`, or an attachment's `itemKey`: `VERIFICATION_CONSENT:<id>`;
 * a client that supplies materials by key reads the keys with `?reveal=` or from the submission's answer).
 */
export function maskPersonalIdentifiers<T>(value: T): T {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (RESIDENT_ID_KEY.test(key) || RESIDENT_IDS_KEY.test(key)) return maskResidentIdForView(v);
      if (PHONE_KEY.test(key)) return maskPhone(v);
      // A material item's key names the person it concerns: `VERIFICATION_CONSENT:<residentId>`.
      const itemKey = key === 'key' || key === 'itemKey' ? /^([A-Z_]+):(\d{17}[\dX])$/.exec(v) : null;
      if (itemKey) return `${itemKey[1]}:${maskResidentIdForView(itemKey[2]!)}`;
      return v;
    }
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, item]) => [k, walk(item, k)]));
    }
    return v;
  };
  return walk(value, '') as T;
}
