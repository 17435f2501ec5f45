/**
 * Eligibility's decisions on the entitlement (the consumer's commands): register it from a grant, apply a
 * benefit change from its effective month, and settle a retroactive decision against what was paid.
 */
import { DomainError } from '@sa/decider';
import { amountForPeriod, ENTITLEMENT_ERRORS, type EntitlementCommandOf, type EntitlementEvent, type EntitlementState } from './entitlement';
import { validateRecipient, validateSchedule, requireRegistered } from './entitlement.guards';
import { assertFen, assertYearMonth } from './period';
import { assertRecoveryCapPercent } from './recovery';
import { settleRetroactiveCorrection } from './retroactive';

/** A grant (AssistanceGranted): the entitlement from its start month; the same decision again is nothing. */
export function decideRegisterEntitlement(command: EntitlementCommandOf<'RegisterEntitlement'>, state: EntitlementState): EntitlementEvent[] {
  const d = command.data;
  if (state.decisionIds.includes(d.decisionId)) return [];
  const current = state.timeline[state.timeline.length - 1];
  if (state.registered && current?.kind !== 'TERMINATED') {
    throw new DomainError(ENTITLEMENT_ERRORS.alreadyRegistered, 'The case already has an active entitlement', { kind: 'conflict' });
  }
  validateRecipient(d.recipient, 'recipient');
  assertYearMonth(d.startMonth, 'startMonth');
  if (d.coverage === 'INDIVIDUAL' && (!d.membersCovered || d.membersCovered.length === 0)) {
    throw new DomainError(ENTITLEMENT_ERRORS.coveredMemberRequired, '单人保 covers a named member: membersCovered is empty', { field: 'membersCovered' });
  }
  if (d.instalments) validateSchedule(d.instalments, 'instalments', d.startMonth);
  else assertFen(d.monthlyAmountFen, 'monthlyAmountFen');
  if (d.recoveryCapPercent !== undefined) assertRecoveryCapPercent(d.recoveryCapPercent, 'recoveryCapPercent');
  return [{ type: 'EntitlementRegistered', data: d }];
}

/**
 * A benefit change (BenefitChanged) from its effective month; the same decision again is nothing. A change decided
 * under a policy that sets the 追回 cap (v5) also replaces the entitlement's cap when it differs.
 */
export function decideApplyBenefitChange(command: EntitlementCommandOf<'ApplyBenefitChange'>, state: EntitlementState): EntitlementEvent[] {
  const d = command.data;
  requireRegistered(state);
  if (state.decisionIds.includes(d.decisionId)) return [];
  assertYearMonth(d.effectiveMonth, 'effectiveMonth');
  if (d.recoveryCap) assertRecoveryCapPercent(d.recoveryCap.capPercent, 'overpaymentRecovery.monthlyCapPercent');
  const change = benefitChangeEvent(d, state);
  const cap = d.recoveryCap;
  if (!cap || cap.capPercent === state.recoveryCapPercent) return [change];
  return [
    change,
    { type: 'EntitlementRecoveryCapChanged', data: { decisionId: d.decisionId, policyVersion: cap.policyVersion, previousCapPercent: state.recoveryCapPercent ?? null, capPercent: cap.capPercent } },
  ];
}

function benefitChangeEvent(d: EntitlementCommandOf<'ApplyBenefitChange'>['data'], state: EntitlementState): EntitlementEvent {
  const common = { decisionId: d.decisionId, effectiveMonth: d.effectiveMonth, reasonCode: d.reasonCode };
  switch (d.changeType) {
    case 'INCREASE':
    case 'DECREASE': {
      if (d.monthlyAmountFen === undefined) throw new DomainError(ENTITLEMENT_ERRORS.missingAmount, 'The new monthly amount is required', { field: 'monthlyAmountFen' });
      assertFen(d.monthlyAmountFen, 'monthlyAmountFen');
      const previous = amountForPeriod(state, d.effectiveMonth).amountFen;
      return { type: 'EntitlementAmountChanged', data: { ...common, previousAmountFen: previous, amountFen: d.monthlyAmountFen } };
    }
    case 'RESUMPTION': {
      if (d.monthlyAmountFen === undefined) throw new DomainError(ENTITLEMENT_ERRORS.missingAmount, 'The resumed monthly amount is required', { field: 'monthlyAmountFen' });
      assertFen(d.monthlyAmountFen, 'monthlyAmountFen');
      return { type: 'EntitlementResumed', data: { ...common, amountFen: d.monthlyAmountFen } };
    }
    case 'TAPER':
      return { type: 'EntitlementTapered', data: { ...common, schedule: validateSchedule(d.taperSchedule, 'taperSchedule', d.effectiveMonth) } };
    case 'SUSPENSION':
      return { type: 'EntitlementSuspended', data: common };
    case 'TERMINATION':
      return { type: 'EntitlementTerminated', data: common };
  }
}

/**
 * A decision effective in months already paid: 补发 (ArrearsDetermined) and / or 追回 (OverpaymentRecorded),
 * month by month, against what the ledger paid (`data.paid`). A decision settled once is never settled again.
 */
export function decideSettleRetroactiveCorrection(command: EntitlementCommandOf<'SettleRetroactiveCorrection'>, state: EntitlementState): EntitlementEvent[] {
  const d = command.data;
  requireRegistered(state);
  const settled = [...(state.arrears ?? []), ...(state.recoveries ?? [])].some((r) => r.decisionId === d.decisionId);
  if (settled || d.through < d.from) return [];
  const result = settleRetroactiveCorrection(state, d.paid, d.from, d.through);
  const events: EntitlementEvent[] = [];
  if (result.supplementary) events.push({ type: 'ArrearsDetermined', data: { decisionId: d.decisionId, ...result.supplementary } });
  if (result.recovery) events.push({ type: 'OverpaymentRecorded', data: { decisionId: d.decisionId, ...result.recovery } });
  return events;
}
