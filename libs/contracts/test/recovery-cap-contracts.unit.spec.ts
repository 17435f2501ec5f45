/**
 * Issue 14 item 4 (and its last item: BenefitChanged v5 carries the cap of the policy a change was decided under): AssistanceGranted v3 carries the 追回 monthly cap of the policy a grant was decided
 * under (`overpaymentRecovery.monthlyCapPercent`, integer 0–99), published only when that policy sets it;
 * v1 / v2 (without it) stay valid and are what every grant decided before looks like.
 */
import {
  EXAMPLE_EVENT_DATA,
  buildAsyncApiDocument,
  createIntegrationEvent,
  decodeKafkaMessage,
  exampleAppealIntegrationEvent,
  exampleMetadata,
  exampleRecoveryCapBenefitChanged,
  toKafkaMessage,
  validateIntegrationEvent,
  type EventData,
} from '@sa/contracts';

const clone = (v: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

describe('AssistanceGranted v3 (the policy’s 追回 cap)', () => {
  it('accepts a recurring grant with the cap, and without it (a v1 grant is a valid v3)', () => {
    const data = clone(EXAMPLE_EVENT_DATA.AssistanceGranted);
    expect(validateIntegrationEvent('AssistanceGranted', 3, data).errors).toEqual([]);
    expect(validateIntegrationEvent('AssistanceGranted', 3, { ...data, overpaymentRecovery: { monthlyCapPercent: 20 } }).errors).toEqual([]);
    expect(validateIntegrationEvent('AssistanceGranted', 3, { ...data, overpaymentRecovery: { monthlyCapPercent: 0 } }).errors).toEqual([]);
  });

  it('refuses a cap outside 0–99 or not whole, naming the field; v1 and v2 refuse the field altogether', () => {
    const data = clone(EXAMPLE_EVENT_DATA.AssistanceGranted);
    expect(validateIntegrationEvent('AssistanceGranted', 3, { ...data, overpaymentRecovery: { monthlyCapPercent: 100 } }).errors).toEqual(['/overpaymentRecovery/monthlyCapPercent: must be <= 99']);
    expect(validateIntegrationEvent('AssistanceGranted', 3, { ...data, overpaymentRecovery: { monthlyCapPercent: 12.5 } }).errors).toEqual(['/overpaymentRecovery/monthlyCapPercent: must be integer']);
    expect(validateIntegrationEvent('AssistanceGranted', 3, { ...data, overpaymentRecovery: {} }).ok).toBe(false);
    expect(validateIntegrationEvent('AssistanceGranted', 1, { ...data, overpaymentRecovery: { monthlyCapPercent: 20 } }).ok).toBe(false);
    expect(validateIntegrationEvent('AssistanceGranted', 2, { ...data, overpaymentRecovery: { monthlyCapPercent: 20 } }).ok).toBe(false);
  });

  it('keeps v2’s appeal rules: a grant ordered on appeal with a cap is valid, its start month checked as in v2', () => {
    const appealed = clone(exampleAppealIntegrationEvent('AssistanceGranted').data);
    expect(validateIntegrationEvent('AssistanceGranted', 3, { ...appealed, overpaymentRecovery: { monthlyCapPercent: 20 } }).errors).toEqual([]);
    expect(validateIntegrationEvent('AssistanceGranted', 3, { ...appealed, startMonth: '2025-06' }).errors).toContain('/startMonth: must not be after the month after the decision');
  });

  it('travels over the Kafka mapping as version 3 with the cap', () => {
    const data = { ...EXAMPLE_EVENT_DATA.AssistanceGranted, overpaymentRecovery: { monthlyCapPercent: 20 } } as unknown as EventData<'AssistanceGranted'>;
    const event = createIntegrationEvent('AssistanceGranted', data, { id: 'a7c1e0d2-3b4f-4c5d-8e6f-7a8b9c0d1e2f', time: '2025-03-16T10:00:00+08:00', metadata: exampleMetadata('AssistanceGranted'), schemaVersion: 3 });
    const decoded = decodeKafkaMessage(toKafkaMessage(event));
    expect(decoded).toMatchObject({ ok: true, event: { type: 'AssistanceGranted', schemaVersion: 3, data: { overpaymentRecovery: { monthlyCapPercent: 20 } } } });
  });

  it('the AsyncAPI document lists v3', () => {
    expect(JSON.stringify(buildAsyncApiDocument({}))).toContain('eligibility/AssistanceGranted/v3.json');
  });
});

describe('BenefitChanged v5 (the cap of the policy a change was decided under)', () => {
  it('given the example change with the cap, it goes over the wire and back at version 5 with the cap', () => {
    const m = toKafkaMessage(exampleRecoveryCapBenefitChanged({ monthlyCapPercent: 20 }));
    expect(String(m.headers.ce_dataschema)).toMatch(/\/BenefitChanged\/v5\.json$/);
    expect(decodeKafkaMessage(m)).toMatchObject({ ok: true, event: { type: 'BenefitChanged', schemaVersion: 5, data: { overpaymentRecovery: { monthlyCapPercent: 20 } } } });
  });

  it('requires the cap (0–99, whole); v3 and v4 refuse the field', () => {
    const data = clone(exampleRecoveryCapBenefitChanged().data);
    expect(validateIntegrationEvent('BenefitChanged', 5, data).errors).toEqual([]);
    expect(validateIntegrationEvent('BenefitChanged', 5, { ...data, overpaymentRecovery: { monthlyCapPercent: 0 } }).errors).toEqual([]);
    const { overpaymentRecovery: _cap, ...withoutCap } = data;
    expect(validateIntegrationEvent('BenefitChanged', 5, withoutCap).errors).toEqual(['/overpaymentRecovery: is required']);
    expect(validateIntegrationEvent('BenefitChanged', 5, { ...data, overpaymentRecovery: { monthlyCapPercent: 100 } }).errors).toEqual(['/overpaymentRecovery/monthlyCapPercent: must be <= 99']);
    expect(validateIntegrationEvent('BenefitChanged', 5, { ...data, overpaymentRecovery: { monthlyCapPercent: 2.5 } }).errors).toEqual(['/overpaymentRecovery/monthlyCapPercent: must be integer']);
    expect(validateIntegrationEvent('BenefitChanged', 3, data).ok).toBe(false);
    const appealed = clone(exampleRecoveryCapBenefitChanged({ appeal: true }).data);
    expect(validateIntegrationEvent('BenefitChanged', 4, appealed).ok).toBe(false);
  });

  it('keeps v3’s four-eyes rule without an appeal, and v4’s appeal rules with one', () => {
    const data = clone(exampleRecoveryCapBenefitChanged().data);
    expect(validateIntegrationEvent('BenefitChanged', 5, { ...data, proposedBy: data.decidedBy }).ok).toBe(false);
    expect(validateIntegrationEvent('BenefitChanged', 5, { ...data, trigger: { kind: 'APPEAL' } }).errors).toContain('/appeal: required with trigger.kind APPEAL');
    const appealed = clone(exampleRecoveryCapBenefitChanged({ appeal: true }).data) as Record<string, unknown> & { appeal: Record<string, unknown> };
    expect(validateIntegrationEvent('BenefitChanged', 5, appealed).errors).toEqual([]);
    expect(validateIntegrationEvent('BenefitChanged', 5, { ...appealed, trigger: { kind: 'OFFICER_INITIATIVE' } }).errors).toContain('/trigger/kind: must be APPEAL');
  });

  it('the AsyncAPI document lists v5', () => {
    expect(JSON.stringify(buildAsyncApiDocument({}))).toContain('eligibility/BenefitChanged/v5.json');
  });
});
