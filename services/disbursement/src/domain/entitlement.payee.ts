/**
 * Payee changes (收款账户变更), four eyes: one officer asks with the household's written request as
 * evidence (BankAccountChangeRequested), a second officer approves (BankAccountCorrected); the payee
 * changes only then.
 */
import { actorOf, DomainError, todayOf } from '@sa/decider';
import { ENTITLEMENT_ERRORS, type EntitlementCommandOf, type EntitlementEvent, type EntitlementState } from './entitlement';
import { requireRegistered, validateRecipient } from './entitlement.guards';

/** A payee change asked for by the metadata's actor, today; one pending at a time, the same change again is nothing. */
export function decideRequestBankAccountChange(command: EntitlementCommandOf<'RequestBankAccountChange'>, state: EntitlementState): EntitlementEvent[] {
  const d = command.data;
  requireRegistered(state, true);
  if (state.pendingBankAccountChange?.changeId === d.changeId) return [];
  if (state.pendingBankAccountChange) {
    throw new DomainError(ENTITLEMENT_ERRORS.changePending, `Payee change ${state.pendingBankAccountChange.changeId} awaits approval`, { kind: 'conflict' });
  }
  validateRecipient(d.recipient, 'recipient');
  if (d.recipient.bankAccountRef === state.recipient!.bankAccountRef && d.recipient.name === state.recipient!.name) {
    throw new DomainError(ENTITLEMENT_ERRORS.sameAccount, 'The corrected account is the same as the current one', { field: 'recipient.bankAccountRef' });
  }
  if (typeof d.householdRequestRef !== 'string' || d.householdRequestRef.trim() === '') {
    throw new DomainError(ENTITLEMENT_ERRORS.evidenceRequired, "A payee change needs the household's request as evidence", { field: 'householdRequestRef' });
  }
  return [{ type: 'BankAccountChangeRequested', data: { ...d, requestedBy: actorOf(command), requestedOn: todayOf(command) } }];
}

/** The second officer (the metadata's actor) approves the pending change, today (never the officer who asked for it). */
export function decideCorrectBankAccount(command: EntitlementCommandOf<'CorrectBankAccount'>, state: EntitlementState): EntitlementEvent[] {
  const d = command.data;
  requireRegistered(state, true);
  const approvedBy = actorOf(command);
  const pending = state.pendingBankAccountChange;
  if (!pending || pending.changeId !== d.changeId) {
    throw new DomainError(ENTITLEMENT_ERRORS.noPendingChange, `No pending payee change ${d.changeId}`, { kind: 'not_found', field: 'changeId' });
  }
  if (approvedBy.id === pending.requestedBy.id) {
    throw new DomainError(ENTITLEMENT_ERRORS.fourEyes, 'A payee change is approved by a second officer, not the one who requested it', { kind: 'forbidden' });
  }
  return [
    {
      type: 'BankAccountCorrected',
      data: {
        previous: state.recipient!,
        recipient: pending.recipient,
        correctedOn: todayOf(command),
        changeId: pending.changeId,
        householdRequestRef: pending.householdRequestRef,
        requestedBy: pending.requestedBy,
        approvedBy,
      },
    },
  ];
}
