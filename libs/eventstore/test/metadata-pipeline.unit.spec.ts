/**
 * MetadataCommandPipeline: callers build `{ type, data }`; the pipeline gives the command its
 * `metadata: { actor, now }` (the options' actor or the HTTP scope's, the injected clock's time or the
 * caller's `now`) before the inner CommandPipeline decides and appends.
 */
import { actorOf, todayOf, type CommandWithMetadata, type Decider } from '@sa/decider';
import { runInCommandScope } from '../src/command-pipeline';
import { MetadataCommandPipeline } from '../src/metadata-pipeline';
import { START, StreamNotFoundError, type AppendOptions, type EventStore, type NewEvent, type RecordedEvent } from '../src/port';

type Cmd = CommandWithMetadata<'Note', { text: string }>;
type Evt = { type: 'Noted'; data: { text: string; by: string; on: string } };
const decider: Decider<Cmd, Evt, { notes: number }> = {
  decide: (c) => [{ type: 'Noted', data: { text: c.data.text, by: actorOf(c).id, on: todayOf(c) } }],
  evolve: (s) => ({ notes: s.notes + 1 }),
  initialState: { notes: 0 },
};

function memoryStore() {
  const streams = new Map<string, RecordedEvent[]>();
  const store = {
    adapter: 'postgresql',
    async appendToStream(streamId: string, events: NewEvent[], _o: AppendOptions = {}) {
      const list = streams.get(streamId) ?? [];
      for (const e of events) {
        list.push({ streamId, revision: list.length, eventId: e.eventId, type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata, position: START, recordedAt: new Date(), prevHash: null, hash: 'h' });
      }
      streams.set(streamId, list);
      return { nextExpectedRevision: list.length - 1, position: START, written: true };
    },
    async readStream(streamId: string) {
      const list = streams.get(streamId);
      if (!list) throw new StreamNotFoundError(streamId);
      return [...list];
    },
  };
  return { store: store as unknown as EventStore, streams };
}

const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
const CASE = '6f1c1f3e-1111-4a7b-9c1d-000000000002';

describe('MetadataCommandPipeline', () => {
  it('given a body, when handled with an actor, then the decider sees metadata { actor, now } from the clock and the events record them', async () => {
    const { store, streams } = memoryStore();
    const pipeline = new MetadataCommandPipeline<{ type: 'Note'; data: { text: string } }, Evt, { notes: number }>({
      store,
      decider,
      streamId: (id) => `note-${id}`,
      now: () => '2026-03-31T23:30:00.000+08:00',
    });
    const outcome = await pipeline.handle(CASE, { type: 'Note', data: { text: 'a' } }, { actor: officer });
    expect(outcome.events).toEqual([{ type: 'Noted', data: { text: 'a', by: 'officer-1', on: '2026-03-31' } }]);
    expect(streams.get(`note-${CASE}`)![0]!.metadata.actor).toEqual(officer);
  });

  it("given an HTTP command scope, when handled without an actor, then the scope's actor acts; a caller's now wins over the clock", async () => {
    const { store } = memoryStore();
    const pipeline = new MetadataCommandPipeline<{ type: 'Note'; data: { text: string } }, Evt, { notes: number }>({ store, decider, streamId: (id) => `note-${id}`, now: () => '2026-03-02T10:00:00.000+08:00' });
    const outcome = await runInCommandScope({ commandId: 'c-1', keyed: false, actor: officer, revisions: new Map() }, () =>
      pipeline.handle(CASE, { type: 'Note', data: { text: 'b' } }, { now: '2026-04-01T08:00:00.000+08:00' }),
    );
    expect(outcome.events[0]!.data).toEqual({ text: 'b', by: 'officer-1', on: '2026-04-01' });
    expect(pipeline.command({ type: 'Note', data: { text: 'c' } }, officer)).toEqual({ type: 'Note', data: { text: 'c' }, metadata: { actor: officer, now: '2026-03-02T10:00:00.000+08:00' } });
  });

  it('refuses a command with no actor and no HTTP scope', async () => {
    const { store } = memoryStore();
    const pipeline = new MetadataCommandPipeline<{ type: 'Note'; data: { text: string } }, Evt, { notes: number }>({ store, decider, streamId: (id) => `note-${id}`, now: () => '2026-03-02T10:00:00.000+08:00' });
    await expect(pipeline.handle(CASE, { type: 'Note', data: { text: 'd' } })).rejects.toThrow(TypeError);
  });
});

describe('todayOf / actorOf (@sa/decider)', () => {
  it('reads the Asia/Shanghai date of metadata.now (an instant in UTC too) and the actor; refuses missing or malformed ones', () => {
    expect(todayOf({ metadata: { now: '2026-03-31T16:30:00Z' } })).toBe('2026-04-01');
    expect(actorOf({ metadata: { actor: officer } })).toEqual(officer);
    expect(() => todayOf({ metadata: { now: '31 March' } })).toThrow(expect.objectContaining({ code: 'invalid_command_time', field: 'metadata.now' }));
    expect(() => todayOf({})).toThrow(expect.objectContaining({ code: 'invalid_command_time' }));
    expect(() => actorOf({ metadata: {} })).toThrow(expect.objectContaining({ code: 'actor_missing', field: 'metadata.actor' }));
  });
});
