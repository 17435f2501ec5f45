import type { EventDataOfAnyVersion } from '@sa/contracts';
import type { EntitlementCommandBody } from '../domain';

/**
 * BenefitChanged (v1, v2 with an open notice date, or v3 with proposedBy) → the entitlement's
 * ApplyBenefitChange. Only the fields every version shares are read: what is paid from which month.
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
    },
  };
}
