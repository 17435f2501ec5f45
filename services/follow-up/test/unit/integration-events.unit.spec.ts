import { validateIntegrationEvent } from '@sa/contracts';
import { fold } from '@sa/decider';
import type { EventStore, RecordedEvent } from '@sa/eventstore';
import { complaintDecider, followUpDecider, type ComplaintCommand, type FollowUpCommand } from '../../src/domain';
import { integrationEventMapper } from '../../src/messaging/integration-events';
import { on } from '../support/commands';

const CASE_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const COMMUNITY = '440305001001';
const actor = { id: 'co-1', role: 'community_officer', jurisdiction: COMMUNITY };

/** Decides commands in turn and records the events as a stream (no infrastructure). */
function record<C, E extends { type: string; data: unknown }, S>(decider: { decide(c: C, s: S): E[]; evolve(s: S, e: E): S; initialState: S }, streamId: string, commands: C[]): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  let state = decider.initialState;
  for (const c of commands) {
    for (const e of decider.decide(c, state)) {
      state = decider.evolve(state, e);
      const revision = out.length;
      out.push({
        eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
        type: e.type,
        data: e.data,
        schemaVersion: 1,
        metadata: { correlationId: CASE_ID, causationId: 'c', actor, occurredAt: '2026-08-25T10:00:00.000+08:00' },
        streamId,
        revision,
        position: { commit: BigInt(revision), prepare: BigInt(revision) },
        recordedAt: new Date(),
        prevHash: null,
        hash: 'h',
      });
    }
  }
  return out;
}

const storeOf = (events: RecordedEvent[]): EventStore =>
  ({
    readStream: async (_id: string, o: { maxCount?: number } = {}) => events.slice(0, o.maxCount ?? events.length),
  }) as unknown as EventStore;

const followUpCommands: FollowUpCommand[] = [
  on('2025-07-20', {
    type: 'OpenFollowUp',
    data: {
      caseId: CASE_ID,
      caseNumber: 'DB-440305001-2026-000009',
      decisionId: 'd1',
      program: 'MINIMUM_LIVING_ALLOWANCE',
      jurisdiction: COMMUNITY,
      reviewClass: 'STABLE',
      reviewIntervalMonths: 12,
      startMonth: '2025-08',
      monthlyAmountFen: 90000,
      membersCovered: [{ memberId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', name: '王五' }]
    }
  }),
  on('2026-08-01', { type: 'OpenAdHocReview', data: { reviewId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', trigger: { kind: 'DATA_ALERT' } } }),
  on('2026-08-25', {
    type: 'ConcludeReview',
    data: {
      reviewId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      changeRequestId: '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
      finding: 'CHANGE_FOUND',
      recommendation: 'TERMINATION',
      reasons: ['不动产登记显示家庭新购住房'],
      changes: [{ kind: 'ASSETS', description: '2026年7月购入商品房一套' }],
      summary: '数据预警核实'
    }
  }),
];

describe('publishing follow-up events', () => {
  const events = record(followUpDecider, `followUp-${CASE_ID}`, followUpCommands);
  const map = integrationEventMapper(storeOf(events));

  it('keeps internal events inside the service', async () => {
    expect(await map(events[0]!)).toBeNull();
    expect(await map(events[1]!)).toBeNull();
  });

  it('publishes a concluded review as ReviewCompleted with the written reasons', async () => {
    const published = await map(events[2]!);
    expect(published).toEqual(
      expect.objectContaining({
        type: 'ReviewCompleted',
        subject: CASE_ID,
        data: expect.objectContaining({
          caseNumber: 'DB-440305001-2026-000009',
          reviewType: 'TRIGGERED',
          trigger: { kind: 'DATA_ALERT' },
          recommendation: 'TERMINATION',
          summary: '数据预警核实（理由：不动产登记显示家庭新购住房）',
          nextReviewDueMonth: '2027-08',
        }),
      }),
    );
  });

  it('publishes the proposal as an urgent ChangeRequested to terminate', async () => {
    const published = await map(events[3]!);
    expect(published).toEqual(
      expect.objectContaining({
        type: 'ChangeRequested',
        data: expect.objectContaining({ origin: 'REVIEW', requestedChange: 'TERMINATE', urgent: true, reportedOn: '2026-08-25' }),
      }),
    );
  });
});

describe('publishing the exit of a case', () => {
  const GRANT = '5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c';
  const TAPER = '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d';
  const commands: FollowUpCommand[] = [
    { ...followUpCommands[0]!, type: 'OpenFollowUp', data: { ...(followUpCommands[0]!.data as Extract<FollowUpCommand, { type: 'OpenFollowUp' }>['data']), decisionId: GRANT } } as FollowUpCommand,
    on('2026-08-20', {
      type: 'ApplyBenefitChange',
      data: {
        decisionId: TAPER,
        changeType: 'TAPER',
        effectiveMonth: '2026-09',
        taperSchedule: [
          { month: '2026-09', amountFen: 60000 },
          { month: '2026-10', amountFen: 30000 },
        ],
        reason: '家庭人均收入超过低保标准，渐退',
        decidedOn: '2026-08-20',
      },
    }),
    on('2026-11-02', { type: 'CloseEndedTaper', data: {} }),
  ];
  const events = record(followUpDecider, `followUp-${CASE_ID}`, commands);
  const map = integrationEventMapper(storeOf(events));

  it('publishes the end of a taper as AssistanceExited with the taper decision, valid against its schema', async () => {
    const closed = events.find((e) => e.type === 'FollowUpClosed')!;
    const published = await map(closed);
    expect(published).toEqual(
      expect.objectContaining({
        type: 'AssistanceExited',
        subject: CASE_ID,
        data: {
          caseId: CASE_ID,
          caseNumber: 'DB-440305001-2026-000009',
          jurisdiction: COMMUNITY,
          program: 'MINIMUM_LIVING_ALLOWANCE',
          reason: 'TAPER_ENDED',
          exitedOn: '2026-11-02',
          decisionId: TAPER,
          finalNote: (closed.data as { finalNote: string }).finalNote,
        },
      }),
    );
    expect(validateIntegrationEvent('AssistanceExited', 1, published!.data)).toEqual({ ok: true, known: true, errors: [] });
  });
});

describe('publishing complaint outcomes', () => {
  const investigator = { id: 'sr-1', role: 'street_reviewer', jurisdiction: '440305001' };
  const commands: ComplaintCommand[] = [
    on('2026-03-01', {
      type: 'FileComplaint',
      data: {
        complaintId: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b',
        about: 'CASE',
        caseId: CASE_ID,
        community: COMMUNITY,
        channel: 'LETTER',
        subject: 'WRONGFUL_BENEFIT',
        anonymous: false,
        complainant: { name: '赵六' },
        allegation: '有车',
        receivedOn: '2026-03-01'
      }
    }, actor),
    on('2026-03-02', { type: 'AssignInvestigator', data: { investigator } }, investigator),
    on('2026-03-10', { type: 'ResolveComplaint', data: { outcome: 'UNSUBSTANTIATED', findings: '车辆已于2025年转让', actions: ['NONE'], fraudSuspected: false } }, investigator),
  ];
  const events = record(complaintDecider, 'complaint-4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b', commands);

  it('publishes the outcome without the complainant', async () => {
    const published = await integrationEventMapper(storeOf(events))(events[2]!);
    expect(published).toEqual(expect.objectContaining({ type: 'ComplaintResolved', subject: CASE_ID }));
    expect(JSON.stringify(published)).not.toContain('赵六');
    expect(fold(complaintDecider, events.map((e) => ({ type: e.type, data: e.data }) as never)).status).toBe('RESOLVED');
  });
});
