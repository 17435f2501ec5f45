import { fold } from '@sa/decider';
import { START, type EventStore, type ReadAllOptions, type RecordedEvent } from '@sa/eventstore';
import { approvedCase, decider } from '../domain/__tests__/review-case-fixtures';
import { foldCaseload, monthsBefore } from './caseload';

describe('monthsBefore (the refusal window)', () => {
  it('counts calendar months back, the day clamped to the month', () => {
    expect(monthsBefore('2026-06-05', 12)).toBe('2025-06-05');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });
});

describe('foldCaseload', () => {
  /** A store over recorded events, paging like the real one (category filter, `maxCount`). */
  function storeOf(events: RecordedEvent[]): EventStore {
    return {
      async readAll(o: ReadAllOptions = {}) {
        const after = o.after ?? START;
        return events
          .filter((e) => e.position.commit > after.commit && (!o.filter?.streamCategories || o.filter.streamCategories.includes(e.streamId.split('-')[0]!)))
          .slice(0, o.maxCount);
      },
    } as unknown as EventStore;
  }
  const recorded = (caseId: string, jurisdiction: string, offset: number): RecordedEvent[] =>
    approvedCase().map((e, i) => ({
      streamId: `reviewCase-${caseId}`,
      revision: i,
      position: { commit: BigInt(offset + i), prepare: BigInt(offset + i) },
      eventId: `${caseId}-${i}`,
      type: e.type,
      schemaVersion: 1,
      data: e.type === 'ReviewCaseOpened' ? { ...e.data, jurisdiction } : e.data,
      metadata: { correlationId: caseId, causationId: caseId, actor: { id: 's', role: 'system', jurisdiction }, occurredAt: '2026-03-16T09:00:00+08:00' },
      recordedAt: new Date(0),
      prevHash: null,
      hash: '',
    }));

  it('folds the cases of the jurisdiction only, with the revision of their last event', async () => {
    const mine = recorded('11111111-1111-4111-8111-111111111111', '330106001001', 0);
    const other = recorded('22222222-2222-4222-8222-222222222222', '330105001001', 100);
    const cases = await foldCaseload(storeOf([...mine, ...other]), decider, { jurisdiction: '330106' });
    expect([...cases.keys()]).toEqual(['11111111-1111-4111-8111-111111111111']);
    const folded = cases.get('11111111-1111-4111-8111-111111111111')!;
    expect(folded.revision).toBe(mine.length - 1);
    expect(folded.state.benefit).toEqual(fold(decider, approvedCase()).benefit);
  });

  it('keeps only the cases asked for', async () => {
    const a = recorded('11111111-1111-4111-8111-111111111111', '330106001001', 0);
    const b = recorded('33333333-3333-4333-8333-333333333333', '330106001001', 100);
    const cases = await foldCaseload(storeOf([...a, ...b]), decider, { jurisdiction: '330106', only: new Set(['33333333-3333-4333-8333-333333333333']) });
    expect([...cases.keys()]).toEqual(['33333333-3333-4333-8333-333333333333']);
  });
});
