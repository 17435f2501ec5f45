import type { Decider } from '@sa/decider';
import { DomainError } from '@sa/decider';
import { handleCommand } from '../src/command-handler';
import { eventIdFor } from '../src/envelope';
import {
  START,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type BatchAppendItem,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../src/port';

const META: EventMetadata = {
  correlationId: 'application-1',
  causationId: 'cmd',
  actor: { id: 'u1', role: 'street_reviewer', jurisdiction: '110101001' },
  occurredAt: '2025-03-01T09:30:00+08:00',
};

/** Just enough of a store for the handler: one stream, exact-revision checks, optional injected races. */
class FakeStore implements EventStore {
  readonly adapter = 'postgresql' as const;
  events: RecordedEvent[] = [];
  appends: AppendOptions[] = [];
  /** Called before each append; may append "concurrently". */
  beforeAppend?: () => void;

  push(type: string, data: unknown, eventId = `00000000-0000-4000-8000-${String(this.events.length).padStart(12, '0')}`): void {
    this.events.push({
      streamId: 's-1',
      revision: this.events.length,
      eventId,
      type,
      schemaVersion: 1,
      data,
      metadata: META,
      position: { commit: BigInt(this.events.length), prepare: BigInt(this.events.length) },
      recordedAt: new Date(),
      prevHash: null,
      hash: 'h',
    });
  }

  async appendToStream(_s: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.appends.push(options);
    this.beforeAppend?.();
    const current = this.events.length - 1;
    const expected = options.expectedRevision ?? 'any';
    const ok = expected === 'any' || (expected === 'no_stream' ? current === -1 : expected === current);
    if (!ok) throw new WrongExpectedRevisionError('s-1', expected, current < 0 ? 'no_stream' : current);
    for (const e of events) this.push(e.type, e.data, e.eventId);
    return { nextExpectedRevision: this.events.length - 1, position: START, written: true };
  }
  async appendBatch(items: BatchAppendItem[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const item of items) results.push(await this.appendToStream(item.streamId, item.events, item));
    return results;
  }
  async readStream(streamId: string): Promise<RecordedEvent[]> {
    if (this.events.length === 0) throw new StreamNotFoundError(streamId);
    return [...this.events];
  }
  readAll(): Promise<RecordedEvent[]> {
    throw new Error('not used');
  }
  subscribeToAll(): never {
    throw new Error('not used');
  }
  async setStreamMetadata(): Promise<void> {}
  async getStreamMetadata(): Promise<Record<string, never>> {
    return {};
  }
  async close(): Promise<void> {}
}

type Cmd = { type: 'Submit'; applicant: string } | { type: 'Approve'; amountFen: number };
type Evt =
  | { type: 'Submitted'; data: { applicant: string } }
  | { type: 'Approved'; data: { amountFen: number } }
  | { type: 'BenefitSet'; data: { amountFen: number } };
interface St {
  status: 'none' | 'submitted' | 'approved';
  amountFen: number;
}
class NotSubmitted extends DomainError {
  constructor() {
    super('application_not_submitted', 'submit first', { kind: 'conflict' });
  }
}
const decider: Decider<Cmd, Evt, St> = {
  initialState: { status: 'none', amountFen: 0 },
  decide(c, s) {
    if (c.type === 'Submit') return s.status === 'none' ? [{ type: 'Submitted', data: { applicant: c.applicant } }] : [];
    if (s.status !== 'submitted') throw new NotSubmitted();
    return [
      { type: 'Approved', data: { amountFen: c.amountFen } },
      { type: 'BenefitSet', data: { amountFen: c.amountFen } },
    ];
  },
  evolve(s, e) {
    switch (e.type) {
      case 'Submitted':
        return { ...s, status: 'submitted' };
      case 'Approved':
        return { ...s, status: 'approved' };
      case 'BenefitSet':
        return { ...s, amountFen: e.data.amountFen };
    }
  },
};

const base = (store: EventStore) => ({ store, streamId: 's-1', decider, metadata: META, retryOnConflict: false });

describe('handleCommand', () => {
  it('creates a stream with no_stream and deterministic ids, mapping event types', async () => {
    const store = new FakeStore();
    const r = await handleCommand({
      ...base(store),
      command: { type: 'Submit', applicant: '张三' },
      commandId: 'c1',
      toEventType: (t) => `intake.${t}`,
      schemaVersion: 2,
    });
    expect(store.appends).toEqual([{ expectedRevision: 'no_stream' }]);
    expect(r.newEvents).toEqual([
      { eventId: eventIdFor('c1', 0), type: 'intake.Submitted', schemaVersion: 2, data: { applicant: '张三' }, metadata: META },
    ]);
    expect(r).toMatchObject({ written: true, state: { status: 'submitted' }, attempts: 1, alreadyHandled: false });
  });

  it('folds the stream (with fromEventType) and appends at the revision read', async () => {
    const store = new FakeStore();
    store.push('intake.Submitted', { applicant: 'x' });
    const r = await handleCommand({
      ...base(store),
      command: { type: 'Approve', amountFen: 80000 },
      commandId: 'c2',
      toEventType: (t) => `intake.${t}`,
      fromEventType: (t) => t.replace(/^intake\./, ''),
    });
    expect(store.appends).toEqual([{ expectedRevision: 0 }]);
    expect(r.newEvents.map((e) => e.eventId)).toEqual([eventIdFor('c2', 0), eventIdFor('c2', 1)]);
    expect(r.state).toEqual({ status: 'approved', amountFen: 80000 });
  });

  it('a command already recorded is not decided again', async () => {
    const store = new FakeStore();
    await handleCommand({ ...base(store), command: { type: 'Submit', applicant: 'x' }, commandId: 'c1' });
    await handleCommand({ ...base(store), command: { type: 'Approve', amountFen: 1 }, commandId: 'c2' });
    const again = await handleCommand({ ...base(store), command: { type: 'Approve', amountFen: 1 }, commandId: 'c2' });
    expect(again).toMatchObject({ alreadyHandled: true, written: false, events: [] });
    expect(store.events).toHaveLength(3);
  });

  it('no events decided → nothing appended', async () => {
    const store = new FakeStore();
    store.push('Submitted', { applicant: 'x' });
    const r = await handleCommand({ ...base(store), command: { type: 'Submit', applicant: 'y' }, commandId: 'c3' });
    expect(r).toMatchObject({ written: false, events: [], nextExpectedRevision: 0 });
    expect(store.appends).toEqual([]);
  });

  it('DomainErrors propagate', async () => {
    const store = new FakeStore();
    await expect(
      handleCommand({ ...base(store), command: { type: 'Approve', amountFen: 1 }, commandId: 'c4' }),
    ).rejects.toMatchObject({ code: 'application_not_submitted', httpStatus: 409 });
  });

  it('rethrows a conflict without retryOnConflict', async () => {
    const store = new FakeStore();
    store.push('Submitted', { applicant: 'x' });
    store.beforeAppend = () => store.push('Approved', { amountFen: 5 });
    await expect(
      handleCommand({ ...base(store), command: { type: 'Submit', applicant: 'y' }, commandId: 'c5' }),
    ).resolves.toMatchObject({ written: false }); // Submit on a submitted app decides nothing: no append at all
    await expect(
      handleCommand({ ...base(store), command: { type: 'Approve', amountFen: 1 }, commandId: 'c6' }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(store.appends).toHaveLength(1);
  });

  it('retries a conflict (re-read, re-decide) when allowed, at most maxRetries times', async () => {
    const store = new FakeStore();
    store.push('Submitted', { applicant: 'x' });
    let races = 2;
    store.beforeAppend = () => {
      if (races-- > 0) store.push('BenefitSet', { amountFen: 7 });
    };
    const ok = await handleCommand({
      ...base(store),
      retryOnConflict: true,
      command: { type: 'Approve', amountFen: 9 },
      commandId: 'c7',
    });
    expect(ok).toMatchObject({ written: true, attempts: 3 });
    expect(store.appends.map((a) => a.expectedRevision)).toEqual([0, 1, 2]);

    const hot = new FakeStore();
    hot.push('Submitted', { applicant: 'x' });
    hot.beforeAppend = () => hot.push('BenefitSet', { amountFen: 7 });
    await expect(
      handleCommand({ ...base(hot), retryOnConflict: true, command: { type: 'Approve', amountFen: 9 }, commandId: 'c8' }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(hot.appends).toHaveLength(4); // 1 + 3 retries
  });
});
