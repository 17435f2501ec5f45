/**
 * `decide` of the entitlement: one exported function per command, grouped by step (entitlement.decisions.ts,
 * entitlement.payee.ts, entitlement.repayments.ts; shared guards in entitlement.guards.ts), and this switch.
 */
import type { Decider } from '@sa/decider';
import { evolveEntitlement, initialEntitlementState, type EntitlementCommand, type EntitlementEvent, type EntitlementState } from './entitlement';
import { decideApplyBenefitChange, decideRegisterEntitlement, decideSettleRetroactiveCorrection } from './entitlement.decisions';
import { decideCorrectBankAccount, decideRequestBankAccountChange } from './entitlement.payee';
import { decideRecordRepayment, decideRecordRepaymentPlan } from './entitlement.repayments';

export function decideEntitlement(command: EntitlementCommand, state: EntitlementState): EntitlementEvent[] {
  switch (command.type) {
    case 'RegisterEntitlement':
      return decideRegisterEntitlement(command, state);
    case 'ApplyBenefitChange':
      return decideApplyBenefitChange(command, state);
    case 'SettleRetroactiveCorrection':
      return decideSettleRetroactiveCorrection(command, state);
    case 'RequestBankAccountChange':
      return decideRequestBankAccountChange(command, state);
    case 'CorrectBankAccount':
      return decideCorrectBankAccount(command, state);
    case 'RecordRepaymentPlan':
      return decideRecordRepaymentPlan(command, state);
    case 'RecordRepayment':
      return decideRecordRepayment(command, state);
  }
  return [];
}

export const entitlementDecider: Decider<EntitlementCommand, EntitlementEvent, EntitlementState> = {
  decide: decideEntitlement,
  evolve: evolveEntitlement,
  initialState: initialEntitlementState,
};
