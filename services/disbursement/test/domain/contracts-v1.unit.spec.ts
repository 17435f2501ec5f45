/**
 * Consumer contract (issue 14 item 9): disbursement consumes the BenefitChanged v1 message recorded
 * before contracts v2 exactly as the v3 produced now. Path: CloudEvents decoding and validation
 * (@sa/contracts) → benefitChangeCommand (what EntitlementCommands.onBenefitChanged sends) → the entitlement decider.
 */
import {
  currentExampleMessage,
  decodeKafkaMessage,
  exampleAppealIntegrationEvent,
  recordedBenefitChangedV3Message,
  recordedV1Message,
  toKafkaMessage,
  type EventDataOfAnyVersion,
  type KafkaMessageLike,
} from '@sa/contracts';
import { fold } from '@sa/decider';
import { amountForPeriod, entitlementDecider, type EntitlementRegistered } from '../../src/domain';
import { benefitChangeCommand } from '../../src/messaging/benefit-change-command';

const registered: EntitlementRegistered = {
  type: 'EntitlementRegistered',
  data: {
    entitlementId: '5b6c7d8e-9f0a-4b1c-9d2e-3f4a5b6c7d8e',
    caseId: '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f',
    caseNumber: 'DB-440305001-2025-000123',
    decisionId: '4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    jurisdiction: '440305001001',
    recipient: { memberId: '6a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c', name: '张伟', bankAccountRef: 'bank-account:7c1e9a' },
    startMonth: '2025-05',
    monthlyAmountFen: 130000,
  },
};

function consume(message: KafkaMessageLike) {
  const d = decodeKafkaMessage(message);
  if (!d.ok) throw new Error(`${d.reason}: ${d.error}`);
  const command = benefitChangeCommand(d.event.data as EventDataOfAnyVersion<'BenefitChanged'>);
  const events = entitlementDecider.decide({ ...command, metadata: { actor: { id: 'eligibility', role: 'system', jurisdiction: '440305' }, now: '2025-06-01T10:00:00.000+08:00' } }, fold(entitlementDecider, [registered]));
  return { version: d.event.schemaVersion, command, state: fold(entitlementDecider, [registered, ...events]) };
}

describe('BenefitChanged recorded v1 and v3, consumed by disbursement', () => {
  it('given a ¥1,300 entitlement, when the recorded v1 taper is consumed, then the taper schedule is paid month by month and ends after it', () => {
    const v1 = consume(recordedV1Message('BenefitChanged'));
    expect(v1.version).toBe(1);
    expect(amountForPeriod(v1.state, '2025-10').amountFen).toBe(130000);
    expect(amountForPeriod(v1.state, '2026-01').amountFen).toBe(104000);
    expect(amountForPeriod(v1.state, '2026-04').amountFen).toBe(78000);
    expect(amountForPeriod(v1.state, '2026-05').payable).toBe(false);
  });

  it('given the same entitlement, when the v3 produced now is consumed, then the same command and the same payments', () => {
    const v1 = consume(recordedV1Message('BenefitChanged'));
    const v3 = consume(currentExampleMessage('BenefitChanged'));
    expect(v3.version).toBe(3);
    expect(v3.command).toEqual(v1.command);
    expect(v3.state).toEqual(v1.state);
  });
});

describe('BenefitChanged v3 recorded before v4, and v4 (a change an appeal caused), consumed by disbursement', () => {
  const wire = (event: ReturnType<typeof exampleAppealIntegrationEvent>): KafkaMessageLike => {
    const m = toKafkaMessage(event);
    return { key: Buffer.from(String(m.key)), value: Buffer.from(String(m.value)), headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(String(v))])) };
  };

  it('given the recorded v3 message, when consumed, then the same command and payments as the v3 produced now', () => {
    const recorded = consume(recordedBenefitChangedV3Message());
    const now = consume(currentExampleMessage('BenefitChanged'));
    expect(recorded.version).toBe(3);
    expect(recorded.command).toEqual(now.command);
    expect(recorded.state).toEqual(now.state);
  });

  it('given the same change published as v4 (trigger APPEAL), when consumed, then the same command and payments as v3', () => {
    const v3 = consume(recordedBenefitChangedV3Message());
    const v4 = consume(wire(exampleAppealIntegrationEvent('BenefitChanged')));
    expect(v4.version).toBe(4);
    expect(v4.command).toEqual(v3.command);
    expect(v4.state).toEqual(v3.state);
  });
});
