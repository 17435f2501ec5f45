import { AdjustableClock } from '@sa/time';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../../src/commands/follow-up-pipelines';
import { complaintStreamId } from '../../src/domain';
import { memoryStore } from '../support/memory-store';

const officer = { id: 'co-1', role: 'community_officer', jurisdiction: '440305001001' };

describe('FollowUpPipelines: the one place a command gets its metadata', () => {
  it('builds commands in the one shape { type, data, metadata: { actor, now } } with the time from the injected clock', () => {
    const p = new FollowUpPipelines(memoryStore(), new AdjustableClock('2026-03-01T02:00:00Z'));
    const body = { type: 'CloseEndedTaper', data: {} } as const;
    expect(p.followUp.command(body, { ...officer, extra: 'dropped' } as typeof officer)).toEqual({
      type: 'CloseEndedTaper',
      data: {},
      metadata: { actor: officer, now: '2026-03-01T10:00:00.000+08:00' },
    });
  });

  it('records the actor, the clock time and the command type on the events it appends; refuses a command without an actor', async () => {
    const store = memoryStore();
    const p = new FollowUpPipelines(store, new AdjustableClock('2026-03-01T02:00:00Z'));
    const complaintId = '6c0e9c0e-7b1a-4c59-9f53-2d6f0f1c0a01';
    const file = {
      type: 'FileComplaint',
      data: {
        complaintId,
        about: 'OFFICER',
        officerId: 'co-9',
        community: '440305001001',
        channel: 'HOTLINE',
        subject: 'OFFICER_MISCONDUCT',
        anonymous: true,
        allegation: '办事拖延',
        receivedOn: '2026-03-01',
      },
    } as const;
    await expect(p.complaint.handle(complaintId, file)).rejects.toThrow(TypeError);
    await p.complaint.handle(complaintId, file, { actor: SYSTEM_ACTOR('440305001001'), commandId: 'c-1' });
    const [event] = store.streams.get(complaintStreamId(complaintId))!;
    expect(event!.type).toBe('ComplaintFiled');
    expect(event!.metadata).toEqual(
      expect.objectContaining({ actor: SYSTEM_ACTOR('440305001001'), occurredAt: '2026-03-01T10:00:00.000+08:00', commandType: 'FileComplaint', causationId: 'c-1' }),
    );
  });
});
