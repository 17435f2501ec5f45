import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, type AssistanceGrantedV1Recurring, type BenefitChangedV3, type TypedIntegrationEvent } from '@sa/contracts';
import { randomUUID } from 'node:crypto';

/** An AssistanceGranted event of a fresh case in `community`, paid from `startMonth`. */
export function grantedEvent(
  options: { community?: string; startMonth?: string; monthlyAmountFen?: number; bankAccountRef?: string; caseId?: string; recoveryCapPercent?: number } = {},
): TypedIntegrationEvent<'AssistanceGranted'> {
  const base = EXAMPLE_EVENT_DATA.AssistanceGranted as AssistanceGrantedV1Recurring;
  const caseId = options.caseId ?? randomUUID();
  const amount = options.monthlyAmountFen ?? 130000;
  const data: AssistanceGrantedV1Recurring = {
    ...base,
    caseId,
    caseNumber: `DB-440305001-2026-${caseId.slice(0, 6)}`,
    decisionId: randomUUID(),
    baseAmountFen: amount,
    supplements: [],
    monthlyAmountFen: amount,
    startMonth: options.startMonth ?? '2026-03',
    jurisdiction: options.community ?? '440305001001',
    recipient: { ...base.recipient, bankAccountRef: options.bankAccountRef ?? `acct-${caseId.slice(0, 8)}` },
  };
  // With a cap: v3, as eligibility publishes a grant decided under a policy setting overpaymentRecovery.
  const capped = options.recoveryCapPercent !== undefined;
  return createIntegrationEvent('AssistanceGranted', (capped ? { ...data, overpaymentRecovery: { monthlyCapPercent: options.recoveryCapPercent } } : data) as AssistanceGrantedV1Recurring, {
    id: randomUUID(),
    time: '2026-02-20T10:00:00+08:00',
    metadata: { ...exampleMetadata('AssistanceGranted'), correlationId: caseId },
    ...(capped ? { schemaVersion: 3 } : {}),
  });
}

export function suspendedEvent(caseId: string, caseNumber: string, effectiveMonth: string): TypedIntegrationEvent<'BenefitChanged'> {
  const base = EXAMPLE_EVENT_DATA.BenefitChanged as BenefitChangedV3;
  const data: BenefitChangedV3 = {
    ...base,
    caseId,
    caseNumber,
    decisionId: randomUUID(),
    changeType: 'SUSPENSION',
    effectiveMonth,
    previousMonthlyAmountFen: 130000,
    reason: { code: 'HOUSEHOLD_UNREACHABLE', description: '连续两次入户未见' },
    jurisdiction: '440305001001',
  };
  delete (data as Partial<BenefitChangedV3>).monthlyAmountFen;
  delete (data as Partial<BenefitChangedV3>).taperSchedule;
  delete (data as Partial<BenefitChangedV3>).writtenNoticeDueOn;
  delete (data as Partial<BenefitChangedV3>).overpaymentFen;
  return createIntegrationEvent('BenefitChanged', data, {
    id: randomUUID(),
    time: '2026-02-25T10:00:00+08:00',
    metadata: { ...exampleMetadata('BenefitChanged'), correlationId: caseId },
  });
}

/** A BenefitChanged INCREASE / DECREASE of a case to `monthlyAmountFen` from `effectiveMonth`. */
export function amountChangedEvent(
  caseId: string,
  caseNumber: string,
  changeType: 'INCREASE' | 'DECREASE',
  effectiveMonth: string,
  monthlyAmountFen: number,
  previousMonthlyAmountFen = 130000,
  options: { recoveryCapPercent?: number; policyVersion?: string } = {},
): TypedIntegrationEvent<'BenefitChanged'> {
  const suspended = suspendedEvent(caseId, caseNumber, effectiveMonth);
  const data: BenefitChangedV3 = {
    ...suspended.data,
    previousMonthlyAmountFen,
    changeType,
    monthlyAmountFen,
    reason: { code: changeType === 'DECREASE' ? 'INCOME_INCREASED' : 'STANDARD_ADJUSTED', description: '调整' },
  };
  if (changeType === 'DECREASE') data.writtenNoticeDueOn = '2026-03-31';
  // With a cap: v5, as eligibility publishes a change decided under a policy setting overpaymentRecovery.
  if (options.recoveryCapPercent !== undefined) {
    const v5 = { ...data, policyVersion: options.policyVersion ?? data.policyVersion, overpaymentRecovery: { monthlyCapPercent: options.recoveryCapPercent } };
    return createIntegrationEvent('BenefitChanged', v5 as BenefitChangedV3, { id: randomUUID(), time: suspended.time, metadata: suspended.metadata, schemaVersion: 5 });
  }
  return createIntegrationEvent('BenefitChanged', data, { id: randomUUID(), time: suspended.time, metadata: suspended.metadata });
}
