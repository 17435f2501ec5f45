import type { EventDataOfAnyVersion } from '@sa/contracts';
import type { EntitlementCommandBody } from '../domain';

/**
 * BenefitChanged (v1, v2 with an open notice date, v3 with proposedBy, v4 an appeal's change, v5 with the
 * policy's 追回 cap) → the entitlement's ApplyBenefitChange: what is paid from which month (the fields every
 * version shares), and v5's cap with the policy version that set it.
 */
export function benefitChangeCommand(d: EventDataOfAnyVersion<'BenefitChanged'>): EntitlementCommandBody {
  return {
    type: 'ApplyBenefitChange',
    data: {
      decisionId: d.decisionId,
      changeType: d.changeType,
      effectiveMonth: d.effectiveMonth,
      ...(d.monthlyAmountFen !== undefined ? { monthlyAmountFen: d.monthlyAmountFen } : {}),
      ...(d.taperSchedule ? { taperSchedule: d.taperSchedule } : {}),
      reasonCode: d.reason.code,
      ...('overpaymentRecovery' in d && d.overpaymentRecovery ? { recoveryCap: { capPercent: d.overpaymentRecovery.monthlyCapPercent, policyVersion: d.policyVersion } } : {}),
    },
  };
}
