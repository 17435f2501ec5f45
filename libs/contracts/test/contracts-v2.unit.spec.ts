/**
 * Contracts v2 (issue 14 item 9): new schema versions beside v1. Given a message recorded before the
 * change (v1) or one produced now, when it is decoded, then it is accepted at its own version; and
 * the new versions' cross-field rules catch what the schemas cannot say.
 */
import {
  EVENT_CATALOGUE,
  EXAMPLE_EVENT_DATA,
  RECORDED_V1_MESSAGES,
  currentExampleMessage,
  decodeKafkaMessage,
  recordedV1Message,
  validateIntegrationEvent,
  type RecordedV1Type,
} from '@sa/contracts';

const TYPES = Object.keys(RECORDED_V1_MESSAGES) as RecordedV1Type[];
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('v1 messages recorded before contracts v2', () => {
  it.each(TYPES)('given the recorded %s v1 message, when decoded, then it is accepted as version 1', (type) => {
    const decoded = decodeKafkaMessage(recordedV1Message(type));
    expect(decoded).toMatchObject({ ok: true, event: { type, schemaVersion: 1 } });
    expect(EVENT_CATALOGUE[type].versions).toContain(1);
    expect(EVENT_CATALOGUE[type].currentVersion).toBeGreaterThan(1);
  });

  it.each(TYPES)('given %s as produced now, when decoded, then it is accepted at the current version', (type) => {
    const decoded = decodeKafkaMessage(currentExampleMessage(type));
    expect(decoded).toMatchObject({ ok: true, event: { type, schemaVersion: EVENT_CATALOGUE[type].currentVersion } });
  });

  it('a v1 payload is not a valid newer version where v2 requires the new field (consumers must not guess the version)', () => {
    const v1 = JSON.parse(RECORDED_V1_MESSAGES.ChangeRequested.value) as unknown;
    expect(validateIntegrationEvent('ChangeRequested', 2, v1).errors).toContain('/reasons: is required');
    const hv = JSON.parse(RECORDED_V1_MESSAGES.HouseholdVerified.value) as unknown;
    expect(validateIntegrationEvent('HouseholdVerified', 2, hv).ok).toBe(false);
  });
});

describe('the new versions’ rules', () => {
  it('ApplicationAccepted v2: the payee account is held by a listed member, with 12–30 digits', () => {
    const data = clone(EXAMPLE_EVENT_DATA.ApplicationAccepted);
    expect(validateIntegrationEvent('ApplicationAccepted', 2, data).ok).toBe(true);
    data.payeeBankAccount!.holderMemberId = '00000000-0000-4000-8000-000000000000';
    expect(validateIntegrationEvent('ApplicationAccepted', 2, data).errors).toEqual(['/payeeBankAccount/holderMemberId: is not one of the members']);
    const short = clone(EXAMPLE_EVENT_DATA.ApplicationAccepted);
    short.payeeBankAccount!.accountNumber = '12345';
    expect(validateIntegrationEvent('ApplicationAccepted', 2, short).ok).toBe(false);
    const { payeeBankAccount: _none, ...without } = clone(EXAMPLE_EVENT_DATA.ApplicationAccepted);
    expect(validateIntegrationEvent('ApplicationAccepted', 2, without).ok).toBe(true);
  });

  it('ApplicationAccepted v2 accepts the sealed (ciphertext) form of the account number and holder name', () => {
    const data = clone(EXAMPLE_EVENT_DATA.ApplicationAccepted);
    data.payeeBankAccount!.accountNumber = 'sa2.s4.k1.QUJDRA';
    data.payeeBankAccount!.holderName = 'sa2.rf.k1.g0';
    expect(validateIntegrationEvent('ApplicationAccepted', 2, data).errors).toEqual([]);
  });

  it('HouseholdVerified v2: householdIncome is the exact sum of the member totals over the period', () => {
    const data = clone(EXAMPLE_EVENT_DATA.HouseholdVerified);
    expect(data.facts.householdIncome).toEqual({ totalFen: 1800000 + 360000, months: 12 });
    expect(validateIntegrationEvent('HouseholdVerified', 2, data).ok).toBe(true);
    data.facts.householdIncome.totalFen = 2160001;
    expect(validateIntegrationEvent('HouseholdVerified', 2, data).errors).toEqual([
      '/facts/householdIncome/totalFen: must be the sum of monthlyIncome totalFen (2160000)',
    ]);
  });

  it('ChangeRequested v2: reasons required, recommendation one of the changes (never NO_CHANGE)', () => {
    const data = { ...clone(EXAMPLE_EVENT_DATA.ChangeRequested), recommendation: 'TAPER' };
    expect(validateIntegrationEvent('ChangeRequested', 2, data).ok).toBe(true);
    expect(validateIntegrationEvent('ChangeRequested', 2, { ...data, recommendation: 'NO_CHANGE' }).ok).toBe(false);
  });

  it('BenefitChanged v3: proposedBy is required and is not the decider', () => {
    const data = clone(EXAMPLE_EVENT_DATA.BenefitChanged);
    expect(validateIntegrationEvent('BenefitChanged', 3, data).ok).toBe(true);
    expect(validateIntegrationEvent('BenefitChanged', 3, { ...data, proposedBy: data.decidedBy }).errors).toEqual([
      '/decidedBy/id: the decision must be confirmed by someone other than the proposer',
    ]);
    const { proposedBy: _p, ...v2 } = data;
    expect(validateIntegrationEvent('BenefitChanged', 3, v2).errors).toContain('/proposedBy: is required');
    expect(validateIntegrationEvent('BenefitChanged', 2, v2).ok).toBe(true);
  });

  it('PaymentIssued v2: an emergency advance names its advance and no entitlement; every other kind its entitlement', () => {
    const regular = clone(EXAMPLE_EVENT_DATA.PaymentIssued);
    expect(validateIntegrationEvent('PaymentIssued', 2, regular).ok).toBe(true);
    const { entitlementId: _e, runId: _r, decisionId: _d, bankFileRef: _b, ...rest } = regular;
    const advance = { ...rest, kind: 'EMERGENCY_ADVANCE', program: 'TEMPORARY_ASSISTANCE', advanceId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e' };
    expect(validateIntegrationEvent('PaymentIssued', 2, advance).errors).toEqual([]);
    expect(validateIntegrationEvent('PaymentIssued', 2, { ...advance, entitlementId: regular.entitlementId }).ok).toBe(false);
    const { advanceId: _a, ...noAdvance } = advance;
    expect(validateIntegrationEvent('PaymentIssued', 2, noAdvance).ok).toBe(false);
    expect(validateIntegrationEvent('PaymentIssued', 2, rest).ok).toBe(false);
  });
});
