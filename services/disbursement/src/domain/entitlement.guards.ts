/**
 * The checks the entitlement's `decide<Command>` functions share (entitlement.decisions.ts,
 * entitlement.payee.ts, entitlement.repayments.ts). Pure.
 */
import { DomainError } from '@sa/decider';
import { ENTITLEMENT_ERRORS, type CaseOf, type EntitlementState, type MonthAmount, type Recipient, type RepaymentPlan } from './entitlement';
import { assertFen, assertYearMonth, type YearMonth } from './period';

/** The case an event of the recovery step names (the published events carry it). */
export const caseOf = (s: EntitlementState): CaseOf => ({ caseId: s.caseId, caseNumber: s.caseNumber, entitlementId: s.entitlementId, jurisdiction: s.jurisdiction });

/** The balance of a plan: its total less the repayments recorded under it. */
export function planBalance(plan: RepaymentPlan): number {
  return plan.totalFen - plan.repayments.reduce((s, r) => s + r.amountFen, 0);
}

/** 404 `entitlement_not_registered` unless the case has an entitlement (and, with `withRecipient`, a payee). */
export function requireRegistered(state: EntitlementState, withRecipient = false): void {
  if (!state.registered || (withRecipient && !state.recipient)) {
    throw new DomainError(ENTITLEMENT_ERRORS.notRegistered, 'No entitlement for this case', { kind: 'not_found' });
  }
}

export function requireText(value: unknown, field: string, code: string = ENTITLEMENT_ERRORS.reasonRequired): string {
  if (typeof value !== 'string' || value.trim() === '') throw new DomainError(code, `${field} is required`, { field });
  return value;
}

export function validateRecipient(recipient: Recipient | undefined, field: string): void {
  if (!recipient || typeof recipient.name !== 'string' || recipient.name.trim() === '') {
    throw new DomainError(ENTITLEMENT_ERRORS.invalidBankAccount, 'The recipient needs a name', { field: `${field}.name` });
  }
  if (typeof recipient.bankAccountRef !== 'string' || !/^\S{4,128}$/.test(recipient.bankAccountRef)) {
    throw new DomainError(ENTITLEMENT_ERRORS.invalidBankAccount, 'The recipient needs a bank account reference', {
      field: `${field}.bankAccountRef`,
    });
  }
}

export function validateSchedule(schedule: MonthAmount[] | undefined, field: string, from: YearMonth): MonthAmount[] {
  if (!Array.isArray(schedule)) throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, `${field} is required`, { field });
  let previous = '';
  schedule.forEach((m, i) => {
    assertYearMonth(m.month, `${field}[${i}].month`);
    assertFen(m.amountFen, `${field}[${i}].amountFen`);
    if (m.month <= previous || m.month < from) {
      throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, `${field} months must ascend from ${from}`, { field: `${field}[${i}].month` });
    }
    previous = m.month;
  });
  return schedule;
}
