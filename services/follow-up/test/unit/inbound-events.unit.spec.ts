import { exampleIntegrationEvent, type AnyIntegrationEvent } from '@sa/contracts';
import { AdjustableClock } from '@sa/time';
import type { PoolClient } from 'pg';
import { FollowUpPipelines } from '../../src/commands/follow-up-pipelines';
import { followUpStreamId } from '../../src/domain';
import { InboundEvents } from '../../src/messaging/inbox-handlers';
import { memoryStore } from '../support/memory-store';

const setup = () => {
  const store = memoryStore();
  const commands = new FollowUpPipelines(store, new AdjustableClock('2025-04-11T09:00:00+08:00'));
  const queries: unknown[][] = [];
  const tx = { query: async (...args: unknown[]) => (queries.push(args), { rows: [] }) } as unknown as PoolClient;
  return { store, inbound: new InboundEvents(commands, 'follow_up'), tx, queries };
};
const ev = (type: Parameters<typeof exampleIntegrationEvent>[0], over: Record<string, unknown> = {}, id?: string) => {
  const e = exampleIntegrationEvent(type, id);
  return { ...e, data: { ...(e.data as object), ...over } } as unknown as AnyIntegrationEvent;
};

describe('consumed events', () => {
  it('opens the follow-up case of a recurring grant, once for a redelivered message', async () => {
    const { store, inbound, tx } = setup();
    const granted = ev('AssistanceGranted');
    await inbound.handle(granted, tx);
    await inbound.handle(granted, tx);
    const stream = store.streams.get(followUpStreamId((granted.data as { caseId: string }).caseId))!;
    expect(stream.map((e) => e.type)).toEqual(['FollowUpOpened']);
    expect(stream[0]!.data).toEqual(expect.objectContaining({ nextReviewDueMonth: '2025-11', openedOn: '2025-04-11' }));
  });

  it('does not follow up temporary assistance', async () => {
    const { store, inbound, tx } = setup();
    await inbound.handle(ev('AssistanceGranted', { program: 'TEMPORARY_ASSISTANCE' }), tx);
    expect(store.streams.size).toBe(0);
  });

  it('ignores payments and verification reports of cases it does not follow', async () => {
    const { store, inbound, tx } = setup();
    await inbound.handle(ev('PaymentIssued'), tx);
    await inbound.handle(ev('HouseholdVerified', { purpose: 'RECERTIFICATION' }), tx);
    expect(store.streams.size).toBe(0);
  });

  it('records a payment of a followed-up case', async () => {
    const { store, inbound, tx } = setup();
    const granted = ev('AssistanceGranted');
    await inbound.handle(granted, tx);
    await inbound.handle(ev('PaymentReturned', {}, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'), tx);
    const stream = store.streams.get(followUpStreamId((granted.data as { caseId: string }).caseId))!;
    expect(stream.map((e) => e.type)).toEqual(['FollowUpOpened', 'PaymentRecorded']);
  });

  it('keeps the household of an accepted application for later re-verification', async () => {
    const { inbound, tx, queries } = setup();
    await inbound.handle(ev('ApplicationAccepted'), tx);
    expect(String(queries[0]![0])).toContain('case_households');
  });
});
