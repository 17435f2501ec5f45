/**
 * Consumer contract (issue 14 item 9): follow-up consumes the v1 messages recorded before contracts v2
 * exactly as it consumes the versions produced now. Each message goes through the real path: the
 * CloudEvents decoding and validation of @sa/contracts, then InboundEvents.handle on the case stream.
 */
import {
  currentExampleMessage,
  decodeKafkaMessage,
  exampleAppealIntegrationEvent,
  exampleIntegrationEvent,
  recordedBenefitChangedV3Message,
  recordedV1Message,
  toKafkaMessage,
  type AnyIntegrationEvent,
  type KafkaMessageLike,
  type RecordedV1Type,
} from '@sa/contracts';
import { AdjustableClock } from '@sa/time';
import type { PoolClient } from 'pg';
import { FollowUpPipelines } from '../../src/commands/follow-up-pipelines';
import { followUpStreamId } from '../../src/domain';
import { InboundEvents } from '../../src/messaging/inbox-handlers';
import { memoryStore } from '../support/memory-store';

const CASE = '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f';

function decoded(message: KafkaMessageLike): AnyIntegrationEvent {
  const d = decodeKafkaMessage(message);
  if (!d.ok) throw new Error(`${d.reason}: ${d.error}`);
  return d.event as AnyIntegrationEvent;
}

/** Follow-up after a recurring grant (the case is followed), then the message; the case stream's events. */
async function consume(type: RecordedV1Type, message: KafkaMessageLike) {
  const store = memoryStore();
  const queries: unknown[][] = [];
  const tx = { query: async (...args: unknown[]) => (queries.push(args), { rows: [] }) } as unknown as PoolClient;
  const inbound = new InboundEvents(new FollowUpPipelines(store, new AdjustableClock('2025-05-12T09:00:00+08:00')), 'follow_up');
  await inbound.handle(exampleIntegrationEvent('AssistanceGranted', 'a0a0a0a0-1b1b-4c2c-8d3d-4e4e4e4e4e4e'), tx);
  const event = decoded(message);
  await inbound.handle(event, tx);
  const stream = (store.streams.get(followUpStreamId(CASE)) ?? []).map((e) => ({ type: e.type, data: e.data }));
  return { event, stream, queries };
}

describe('follow-up consumes v1 messages recorded before contracts v2 as it consumes the current versions', () => {
  it('given a recorded BenefitChanged v1 (and the v3 produced now), when consumed, then the same benefit change is applied', async () => {
    const v1 = await consume('BenefitChanged', recordedV1Message('BenefitChanged'));
    const v3 = await consume('BenefitChanged', currentExampleMessage('BenefitChanged'));
    expect([v1.event.schemaVersion, v3.event.schemaVersion]).toEqual([1, 3]);
    expect(v1.stream.map((e) => e.type)).toEqual(['FollowUpOpened', 'BenefitChangeApplied']);
    expect(v1.stream).toEqual(v3.stream);
  });

  it('given a recorded PaymentIssued v1 (with its entitlement) and the v2 produced now, when consumed, then the same payment is recorded', async () => {
    const v1 = await consume('PaymentIssued', recordedV1Message('PaymentIssued'));
    const v2 = await consume('PaymentIssued', currentExampleMessage('PaymentIssued'));
    expect([v1.event.schemaVersion, v2.event.schemaVersion]).toEqual([1, 2]);
    expect(v1.stream.at(-1)).toMatchObject({ type: 'PaymentRecorded', data: expect.objectContaining({ amountFen: 130000, paymentMonth: '2025-05' }) });
    expect(v1.stream).toEqual(v2.stream);
  });

  it('given a recorded HouseholdVerified v1 and the v2 produced now, when consumed, then both are handled alike (not a recertification: nothing to record)', async () => {
    const v1 = await consume('HouseholdVerified', recordedV1Message('HouseholdVerified'));
    const v2 = await consume('HouseholdVerified', currentExampleMessage('HouseholdVerified'));
    expect([v1.event.schemaVersion, v2.event.schemaVersion]).toEqual([1, 2]);
    expect(v1.stream.map((e) => e.type)).toEqual(['FollowUpOpened']);
    expect(v1.stream).toEqual(v2.stream);
  });

  it('given a recorded ApplicationAccepted v1 and the v2 produced now, when consumed, then the same household is kept for re-verification', async () => {
    const v1 = await consume('ApplicationAccepted', recordedV1Message('ApplicationAccepted'));
    const v2 = await consume('ApplicationAccepted', currentExampleMessage('ApplicationAccepted'));
    expect([v1.event.schemaVersion, v2.event.schemaVersion]).toEqual([1, 2]);
    const households = (q: unknown[][]) => q.filter((args) => String(args[0]).includes('case_households')).map((args) => (args[1] as unknown[])[0]);
    expect(households(v1.queries)).toEqual([CASE]);
    expect(households(v2.queries)).toEqual([CASE]);
    // the consents kept are the same (the v2 payee account is not follow-up's business)
    const consents = (q: unknown[][]) => q.filter((args) => String(args[0]).includes('case_households')).map((args) => (args[1] as unknown[])[2]);
    expect(consents(v1.queries)).toEqual(consents(v2.queries));
  });
});

describe('follow-up consumes BenefitChanged v3 recorded before v4, and v4 / AssistanceGranted v2 (decisions an appeal caused)', () => {
  const wire = (event: AnyIntegrationEvent): KafkaMessageLike => {
    const m = toKafkaMessage(event);
    return { key: Buffer.from(String(m.key)), value: Buffer.from(String(m.value)), headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(String(v))])) };
  };

  it('given the recorded v3 and the same change as v4, when consumed, then the same benefit change is applied', async () => {
    const v3 = await consume('BenefitChanged', recordedBenefitChangedV3Message());
    const v4 = await consume('BenefitChanged', wire(exampleAppealIntegrationEvent('BenefitChanged')));
    expect([v3.event.schemaVersion, v4.event.schemaVersion]).toEqual([3, 4]);
    expect(v3.stream.map((e) => e.type)).toEqual(['FollowUpOpened', 'BenefitChangeApplied']);
    expect(v4.stream).toEqual(v3.stream);
  });

  it('given AssistanceGranted v2 (an approval ordered on appeal), when decoded, then it is accepted at version 2 and opens follow-up like v1', async () => {
    const store = memoryStore();
    const tx = { query: async () => ({ rows: [] }) } as unknown as PoolClient;
    const inbound = new InboundEvents(new FollowUpPipelines(store, new AdjustableClock('2025-05-12T09:00:00+08:00')), 'follow_up');
    const granted = decoded(wire(exampleAppealIntegrationEvent('AssistanceGranted')));
    expect(granted.schemaVersion).toBe(2);
    await inbound.handle(granted, tx);
    expect((store.streams.get(followUpStreamId(CASE)) ?? []).map((e) => e.type)).toEqual(['FollowUpOpened']);
  });
});
