/**
 * Issue 14 item 7/2: the versions published only for a decision an appeal caused — BenefitChanged v4
 * (trigger APPEAL + the appeal) and AssistanceGranted v2 (an approval ordered on appeal, start month
 * possibly in the past) — beside the current v3 / v1. Given a BenefitChanged v3 message recorded before
 * v4, when decoded, then it is accepted as v3 exactly as before.
 */
import {
  EVENT_CATALOGUE,
  EXAMPLE_APPEAL,
  EXAMPLE_EVENT_DATA,
  RECORDED_BENEFIT_CHANGED_V3,
  buildAsyncApiDocument,
  decodeKafkaMessage,
  exampleAppealIntegrationEvent,
  recordedBenefitChangedV3Message,
  toKafkaMessage,
  validateIntegrationEvent,
} from '@sa/contracts';

const clone = (v: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

describe('BenefitChanged v4 (a change an appeal caused)', () => {
  it('given the v3 message recorded before v4, when decoded, then it is accepted as version 3 with its recorded trigger', () => {
    const decoded = decodeKafkaMessage(recordedBenefitChangedV3Message());
    expect(decoded).toMatchObject({ ok: true, event: { type: 'BenefitChanged', schemaVersion: 3 } });
    expect(RECORDED_BENEFIT_CHANGED_V3.headers.ce_dataschema).toMatch(/\/BenefitChanged\/v3\.json$/);
    expect(JSON.parse(RECORDED_BENEFIT_CHANGED_V3.value)).not.toHaveProperty('appeal');
    expect(EVENT_CATALOGUE.BenefitChanged).toMatchObject({ versions: [1, 2, 3, 4, 5], currentVersion: 3 });
  });

  it('the v4 example goes over the wire and back at version 4, valid, with trigger APPEAL naming the appeal', () => {
    const event = exampleAppealIntegrationEvent('BenefitChanged');
    const m = toKafkaMessage(event);
    expect(String(m.headers.ce_dataschema)).toMatch(/\/BenefitChanged\/v4\.json$/);
    const decoded = decodeKafkaMessage({ key: Buffer.from(String(m.key)), value: Buffer.from(String(m.value)), headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(String(v))])) });
    expect(decoded).toMatchObject({ ok: true, event: { schemaVersion: 4, data: { trigger: { kind: 'APPEAL', refId: EXAMPLE_APPEAL.appealId }, appeal: EXAMPLE_APPEAL } } });
  });

  it('v4 requires the appeal; its trigger must be APPEAL naming it; v3 does not know APPEAL', () => {
    const data = clone(exampleAppealIntegrationEvent('BenefitChanged').data) as Record<string, unknown> & { appeal: Record<string, unknown> };
    expect(validateIntegrationEvent('BenefitChanged', 4, data).errors).toEqual([]);
    const { appeal: _a, ...withoutAppeal } = data;
    expect(validateIntegrationEvent('BenefitChanged', 4, withoutAppeal).ok).toBe(false);
    expect(validateIntegrationEvent('BenefitChanged', 4, { ...data, trigger: { kind: 'OFFICER_INITIATIVE', refId: EXAMPLE_APPEAL.appealId } }).errors).toContain('/trigger/kind: must be APPEAL');
    expect(validateIntegrationEvent('BenefitChanged', 4, { ...data, trigger: { kind: 'APPEAL' } }).errors).toContain('/trigger/refId: must be the appeal id');
    expect(validateIntegrationEvent('BenefitChanged', 4, { ...data, appeal: { ...data.appeal, documentDate: '2026-01-01' } }).errors).toContain('/appeal/documentDate: must not be after decidedOn');
    expect(validateIntegrationEvent('BenefitChanged', 3, { ...EXAMPLE_EVENT_DATA.BenefitChanged, trigger: { kind: 'APPEAL' } }).ok).toBe(false);
  });
});

describe('AssistanceGranted v2 (an approval ordered on appeal)', () => {
  it('accepts a start month at or before the decision’s month only with the appeal; v1 refuses it', () => {
    const data = clone(exampleAppealIntegrationEvent('AssistanceGranted').data) as Record<string, unknown> & { decidedOn: string };
    expect(validateIntegrationEvent('AssistanceGranted', 2, data).errors).toEqual([]);
    expect(validateIntegrationEvent('AssistanceGranted', 2, { ...data, startMonth: '2025-01' }).errors).toEqual([]);
    expect(validateIntegrationEvent('AssistanceGranted', 2, { ...data, startMonth: '2025-06' }).errors).toContain('/startMonth: must not be after the month after the decision');
    const { appeal: _a, ...withoutAppeal } = data;
    expect(validateIntegrationEvent('AssistanceGranted', 2, withoutAppeal).errors).toContain('/startMonth: must be after the month of the decision');
    expect(validateIntegrationEvent('AssistanceGranted', 1, data).ok).toBe(false);
    // The current example (v1 shape) is a valid v2 too: consumers read v2 as v1.
    expect(validateIntegrationEvent('AssistanceGranted', 2, EXAMPLE_EVENT_DATA.AssistanceGranted).errors).toEqual([]);
  });

  it('the AsyncAPI document lists both new versions', () => {
    const doc = JSON.stringify(buildAsyncApiDocument({}));
    expect(doc).toContain('eligibility/BenefitChanged/v4.json');
    expect(doc).toContain('eligibility/AssistanceGranted/v2.json');
  });
});
