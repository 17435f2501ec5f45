/**
 * Consumer contract (issue 14 item 9): eligibility consumes the v1 messages recorded before contracts v2
 * as before, and the versions produced now with their new fields. Each message goes through the real
 * path: CloudEvents decoding and validation (@sa/contracts), the inbox's mapping to a command
 * (messaging/incoming.ts), and the review-case decider (given the case's history, when the command, then the events).
 */
import { currentExampleMessage, decodeKafkaMessage, recordedV1Message, type EventDataOfAnyVersion, type KafkaMessageLike } from '@sa/contracts';
import { approvedCase, decider, meta, stateOf, SYSTEM } from '../src/domain/__tests__/review-case-fixtures';
import { NATIONAL_DEFAULT_DEADLINES, type ReviewCaseCommand } from '../src/domain';
import { openCommand, receiveFactsCommand, redeterminationCommand } from '../src/messaging/incoming';

function data<T>(message: KafkaMessageLike): { version: number; data: T } {
  const d = decodeKafkaMessage(message);
  if (!d.ok) throw new Error(`${d.reason}: ${d.error}`);
  return { version: d.event.schemaVersion, data: d.event.data as T };
}
const without = <T extends object>(value: T, ...keys: string[]) =>
  Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));

describe('ApplicationAccepted: recorded v1 and v2', () => {
  const open = (m: KafkaMessageLike) => {
    const { version, data: d } = data<EventDataOfAnyVersion<'ApplicationAccepted'>>(m);
    const command: ReviewCaseCommand = { ...openCommand(d, NATIONAL_DEFAULT_DEADLINES), metadata: meta(SYSTEM, '2025-03-04') };
    return { version, command, events: decider.decide(command, decider.initialState) };
  };

  it('given no case, when the recorded v1 acceptance is consumed, then the case opens without a payee, as before', () => {
    const v1 = open(recordedV1Message('ApplicationAccepted'));
    expect(v1.version).toBe(1);
    expect(v1.events.map((e) => e.type)).toEqual(['ReviewCaseOpened']);
    expect(v1.events[0]!.data).not.toHaveProperty('payee');
    expect(stateOf(v1.events).payee).toBeNull();
  });

  it('given no case, when the v2 acceptance is consumed, then the same case opens and keeps the payee masked (never the account number)', () => {
    const v1 = open(recordedV1Message('ApplicationAccepted'));
    const v2 = open(currentExampleMessage('ApplicationAccepted'));
    expect(v2.version).toBe(2);
    const opened = v2.events[0]!.data as Record<string, unknown>;
    expect(opened.payee).toEqual({ holderMemberId: '6a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c', bankName: '中国农业银行深圳南山支行', accountMasked: '6228 **** **** 0018' });
    expect(JSON.stringify(v2.events)).not.toContain('6228480402564890018');
    expect(without(opened, 'payee')).toEqual(v1.events[0]!.data);
    expect(stateOf(v2.events).payee).toEqual(opened.payee);
  });
});

describe('HouseholdVerified: recorded v1 and v2', () => {
  it('given the recorded v1 report and the v2 one, when consumed, then the rule engine receives the same facts', () => {
    const command = (m: KafkaMessageLike) => receiveFactsCommand(data<EventDataOfAnyVersion<'HouseholdVerified'>>(m).data);
    const v1 = command(recordedV1Message('HouseholdVerified'));
    expect(v1.data).toMatchObject({ reportVersion: 1, facts: { incomes: [expect.objectContaining({ monthlyAverageFen: 150000 }), expect.objectContaining({ monthlyAverageFen: 30000 })] } });
    expect(command(currentExampleMessage('HouseholdVerified'))).toEqual(v1);
  });
});

describe('ChangeRequested: recorded v1 and v2', () => {
  const redetermine = (m: KafkaMessageLike) => {
    const { version, data: d } = data<EventDataOfAnyVersion<'ChangeRequested'>>(m);
    const command: ReviewCaseCommand = { ...redeterminationCommand(d), metadata: meta(SYSTEM, '2026-07-03') };
    return { version, events: decider.decide(command, stateOf(approvedCase())) };
  };

  it('given an approved case, when the recorded v1 request is consumed, then the re-determination opens as before (no recommendation, no reasons)', () => {
    const v1 = redetermine(recordedV1Message('ChangeRequested'));
    expect(v1.version).toBe(1);
    expect(v1.events.map((e) => e.type)).toEqual(['RedeterminationRequested']);
    const r = (v1.events[0]!.data as { redetermination: Record<string, unknown> }).redetermination;
    expect(r).toMatchObject({ requestedChange: 'RECALCULATE', origin: 'HOUSEHOLD_REPORT' });
    expect(r).not.toHaveProperty('reasons');
    expect(r).not.toHaveProperty('recommendation');
  });

  it('given an approved case, when the v2 request is consumed, then the re-determination also carries follow-up’s reasons for the officer', () => {
    const v1 = redetermine(recordedV1Message('ChangeRequested'));
    const v2 = redetermine(currentExampleMessage('ChangeRequested'));
    expect(v2.version).toBe(2);
    const r1 = (v1.events[0]!.data as { redetermination: Record<string, unknown> }).redetermination;
    const r2 = (v2.events[0]!.data as { redetermination: Record<string, unknown> }).redetermination;
    expect(r2.reasons).toEqual(['家庭新增人口，需重新核定保障金额']);
    expect(without(r2, 'reasons')).toEqual(r1);
    expect(stateOf([...approvedCase(), ...v2.events]).redetermination).toMatchObject({ reasons: ['家庭新增人口，需重新核定保障金额'] });
  });
});
