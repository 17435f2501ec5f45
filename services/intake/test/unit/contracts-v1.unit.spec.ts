/**
 * Consumer contract (issue 14 item 9): intake reads BenefitChanged to close a terminated case. The v1
 * message recorded before contracts v2 and the v3 produced now lead to the same outcome. Path:
 * CloudEvents decoding and validation (@sa/contracts) → caseOutcomeOf (the inbox's decision).
 */
import {
  currentExampleMessage,
  decodeKafkaMessage,
  exampleAppealIntegrationEvent,
  recordedBenefitChangedV3Message,
  recordedV1Message,
  RECORDED_V1_MESSAGES,
  toKafkaMessage,
  type KafkaMessageLike,
} from '@sa/contracts';
import { caseOutcomeOf } from '../../src/messaging/eligibility-outcomes';

function outcome(message: KafkaMessageLike) {
  const d = decodeKafkaMessage(message);
  if (!d.ok) throw new Error(`${d.reason}: ${d.error}`);
  return { version: d.event.schemaVersion, outcome: caseOutcomeOf(d.event) };
}

/** The message with its data changed to a termination at the household's request (same version, same headers). */
function asTermination(message: KafkaMessageLike): KafkaMessageLike {
  const { taperSchedule: _t, ...data } = JSON.parse(String(message.value)) as Record<string, unknown>;
  const termination = { ...data, changeType: 'TERMINATION', writtenNoticeDueOn: '2025-10-31', reason: { code: 'HOUSEHOLD_REQUEST', description: '户主申请退出' } };
  return { ...message, value: Buffer.from(JSON.stringify(termination)) };
}

describe('BenefitChanged recorded v1 and v3, consumed by intake', () => {
  it('given the recorded v1 taper and the v3 taper, when consumed, then neither closes the case', () => {
    expect(outcome(recordedV1Message('BenefitChanged'))).toEqual({ version: 1, outcome: undefined });
    expect(outcome(currentExampleMessage('BenefitChanged'))).toEqual({ version: 3, outcome: undefined });
  });

  it('given a v1 termination at the household’s request (as recorded, data changed) and the v3 one, when consumed, then both close the case as WITHDRAWN alike', () => {
    expect(JSON.parse(RECORDED_V1_MESSAGES.BenefitChanged.value)).not.toHaveProperty('proposedBy');
    const v1 = outcome(asTermination(recordedV1Message('BenefitChanged')));
    const v3 = outcome(asTermination(currentExampleMessage('BenefitChanged')));
    expect(v1).toMatchObject({ version: 1, outcome: { outcome: 'WITHDRAWN', reasonCodes: ['HOUSEHOLD_REQUEST'] } });
    expect(v3.outcome).toEqual(v1.outcome);
  });
});

describe('BenefitChanged v3 recorded before v4, and v4 (a change an appeal caused), consumed by intake', () => {
  const v4Message = (): KafkaMessageLike => {
    const m = toKafkaMessage(exampleAppealIntegrationEvent('BenefitChanged'));
    return { key: Buffer.from(String(m.key)), value: Buffer.from(String(m.value)), headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(String(v))])) };
  };

  it('given the recorded v3 and the v4 taper, when consumed, then neither closes the case; as terminations both close it alike', () => {
    expect(outcome(recordedBenefitChangedV3Message())).toEqual({ version: 3, outcome: undefined });
    expect(outcome(v4Message())).toEqual({ version: 4, outcome: undefined });
    const v3 = outcome(asTermination(recordedBenefitChangedV3Message()));
    const v4 = outcome(asTermination(v4Message()));
    expect(v3).toMatchObject({ version: 3, outcome: { outcome: 'WITHDRAWN' } });
    expect(v4).toMatchObject({ version: 4 });
    expect(v4.outcome).toEqual(v3.outcome);
  });
});
