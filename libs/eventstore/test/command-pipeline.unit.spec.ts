/**
 * CommandPipeline (docs/CONVENTIONS.md "Commands"), given stored events / when a command / then the
 * appended events or the error. The store is an in-memory stand-in with the port's append semantics
 * (exact expected revision, no_stream); the same pipeline runs on real PostgreSQL in every service's
 * integration tests and in test/security/http-command-contract.int.spec.ts.
 */
import { DomainError, type Decider } from '@sa/decider';
import {
  assertMayAddress,
  caseJurisdiction,
  CommandPipeline,
  currentCommandScope,
  OutsideJurisdictionError,
  runInCommandScope,
  type CommandScope,
  type HandleOptions,
} from '../src/command-pipeline';
import { eventIdFor } from '../src/envelope';
import {
  START,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type ActorRef,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../src/port';

// ---- a small decider: a case that is opened in a division and counts ---------------------------------

type Cmd = { type: 'Open'; jurisdiction: string } | { type: 'Add'; by: number } | { type: 'Refuse' } | { type: 'Nothing' };
type Evt = { type: 'Opened'; data: { jurisdiction: string } } | { type: 'Added'; data: { by: number } };
interface St {
  open: boolean;
  jurisdiction: string | null;
  total: number;
}

let decided = 0;
const decider: Decider<Cmd, Evt, St> = {
  initialState: { open: false, jurisdiction: null, total: 0 },
  decide(c, s) {
    decided++;
    switch (c.type) {
      case 'Open':
        if (s.open) throw new DomainError('already_open', 'The case is open', { kind: 'conflict' });
        return [{ type: 'Opened', data: { jurisdiction: c.jurisdiction } }];
      case 'Add':
        if (!s.open) throw new DomainError('not_open', 'The case is not open');
        return [{ type: 'Added', data: { by: c.by } }, ...(c.by > 10 ? [{ type: 'Added' as const, data: { by: 0 } }] : [])];
      case 'Refuse':
        throw new DomainError('refused', 'Always refused');
      case 'Nothing':
        return [];
    }
  },
  evolve(s, e) {
    switch (e.type) {
      case 'Opened':
        return { ...s, open: true, jurisdiction: e.data.jurisdiction };
      case 'Added':
        return { ...s, total: s.total + e.data.by };
    }
  },
};

// ---- an in-memory store with the port's append semantics ------------------------------------------

class MemoryStore {
  readonly adapter = 'postgresql' as const;
  readonly streams = new Map<string, RecordedEvent[]>();
  readonly appends: { streamId: string; events: NewEvent[]; options: AppendOptions }[] = [];
  /** Runs once before the next append (e.g. a concurrent writer). */
  beforeNextAppend?: () => void;

  put(streamId: string, type: string, data: unknown, eventId = `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`): void {
    const list = this.streams.get(streamId) ?? [];
    list.push({
      streamId,
      revision: list.length,
      eventId,
      type,
      schemaVersion: 1,
      data,
      metadata: { correlationId: 'c', causationId: 'c', actor: { id: 'seed', role: 'street_officer', jurisdiction: '330106001' }, occurredAt: '2026-03-02T09:00:00+08:00' },
      position: START,
      recordedAt: new Date(),
      prevHash: null,
      hash: 'h',
    });
    this.streams.set(streamId, list);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const hook = this.beforeNextAppend;
    this.beforeNextAppend = undefined;
    hook?.();
    this.appends.push({ streamId, events, options });
    const list = this.streams.get(streamId) ?? [];
    const current = list.length - 1;
    const expected = options.expectedRevision ?? 'any';
    const ok = expected === 'any' || (expected === 'no_stream' ? current === -1 : expected === 'stream_exists' ? current >= 0 : expected === current);
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current < 0 ? 'no_stream' : current);
    for (const e of events) this.put(streamId, e.type, e.data, e.eventId);
    const after = this.streams.get(streamId)!;
    after.slice(-events.length).forEach((r, i) => (r.metadata = events[i]!.metadata));
    return { nextExpectedRevision: after.length - 1, position: START, written: true };
  }

  async readStream(streamId: string, o: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const list = this.streams.get(streamId);
    if (!list || list.length === 0) throw new StreamNotFoundError(streamId);
    if (o.direction === 'backwards') return [...list].reverse().slice(0, o.maxCount ?? list.length);
    return [...list];
  }
}

// ---- given / when / then ----------------------------------------------------------------------------

const NOW = '2026-03-02T10:00:00+08:00';
const OFFICER: ActorRef = { id: 'officer-1', role: 'street_officer', jurisdiction: '330106001' };
const OTHER_DISTRICT: ActorRef = { id: 'officer-9', role: 'street_officer', jurisdiction: '330102001' };
const CASE = '6f1c1f3e-1111-4a7b-9c1d-000000000001';
const streamId = (id: string) => `counter-${id}`;

function setup(extra: Partial<ConstructorParameters<typeof CommandPipeline<Cmd, Evt, St>>[0]> = {}) {
  const store = new MemoryStore();
  const pipeline = new CommandPipeline<Cmd, Evt, St>({ store: store as unknown as EventStore, decider, streamId, now: () => NOW, ...extra });
  return { store, pipeline };
}

const scope = (over: Partial<CommandScope> = {}): CommandScope => ({ commandId: 'b8c6a3d2-0000-4000-8000-00000000000a', keyed: false, actor: OFFICER, revisions: new Map(), ...over });

function given(past: Evt[], extra: Parameters<typeof setup>[0] = {}) {
  const t = setup(extra);
  for (const e of past) t.store.put(streamId(CASE), e.type, e.data);
  const appended = () => t.store.appends.flatMap((a) => a.events.map((e) => ({ type: e.type, data: e.data })));
  return {
    ...t,
    appended,
    when(command: Cmd, o: HandleOptions = { actor: OFFICER }, inScope?: CommandScope) {
      const run = () => (inScope ? runInCommandScope(inScope, () => t.pipeline.handle(CASE, command, o)) : t.pipeline.handle(CASE, command, o));
      return {
        async then(expected: Evt[]) {
          const outcome = await run();
          expect(outcome.events).toEqual(expected);
          expect(appended()).toEqual(expected);
          return outcome;
        },
        async thenThrows(match: (e: unknown) => boolean) {
          const error = await run().then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeDefined();
          expect(match(error)).toBe(true);
          expect(appended()).toEqual([]);
          return error;
        },
      };
    },
  };
}

const OPENED: Evt = { type: 'Opened', data: { jurisdiction: '330106001001' } };

describe('CommandPipeline', () => {
  describe('a missing stream is a typed result', () => {
    it('aggregate of a missing stream: exists false, the initial state, revision −1, no exception', async () => {
      const { pipeline } = setup();
      await expect(pipeline.aggregate(CASE)).resolves.toEqual({ exists: false, state: decider.initialState, revision: -1, events: [], domainEvents: [] });
    });

    it('aggregate of a stream: the folded state and the last revision', async () => {
      const { pipeline } = given([OPENED, { type: 'Added', data: { by: 2 } }]);
      const a = await pipeline.aggregate(CASE);
      expect(a).toMatchObject({ exists: true, revision: 1, state: { open: true, jurisdiction: '330106001001', total: 2 } });
      expect(a.domainEvents).toEqual([OPENED, { type: 'Added', data: { by: 2 } }]);
    });

    it('a command on a missing stream is decided on the initial state and appended with no_stream', async () => {
      const t = given([]);
      const outcome = await t.when({ type: 'Open', jurisdiction: '330106001001' }).then([OPENED]);
      expect(t.store.appends[0]!.options.expectedRevision).toBe('no_stream');
      expect(outcome).toMatchObject({ id: CASE, streamId: `counter-${CASE}`, revision: 0, written: true, state: { open: true } });
    });

    it('a refusal on a missing stream is the decider’s error, not StreamNotFoundError', async () => {
      await given([]).when({ type: 'Add', by: 1 }).thenThrows((e) => e instanceof DomainError && e.code === 'not_open');
    });
  });

  describe('decide and append', () => {
    it('appends the decided events with the revision read', async () => {
      const t = given([OPENED, { type: 'Added', data: { by: 1 } }]);
      const outcome = await t.when({ type: 'Add', by: 20 }).then([
        { type: 'Added', data: { by: 20 } },
        { type: 'Added', data: { by: 0 } },
      ]);
      expect(t.store.appends[0]!.options.expectedRevision).toBe(1);
      expect(outcome).toMatchObject({ revision: 3, state: { total: 21 }, alreadyHandled: false });
    });

    it('no events decided: nothing appended, the revision unchanged', async () => {
      const t = given([OPENED]);
      const outcome = await t.when({ type: 'Nothing' }).then([]);
      expect(t.store.appends).toEqual([]);
      expect(outcome).toMatchObject({ written: false, revision: 0 });
    });

    it('a domain refusal goes through mapError; nothing appended', async () => {
      const mapped = new Error('mapped');
      await given([OPENED], { mapError: (e) => ((e as DomainError).code === 'refused' ? mapped : e) })
        .when({ type: 'Refuse' })
        .thenThrows((e) => e === mapped);
    });

    it('check sees the events and their metadata before the append; its refusal appends nothing', async () => {
      const seen: unknown[] = [];
      const t = given([OPENED], {
        check: (events, metadata) => {
          seen.push({ events, actor: metadata.actor.id });
          throw new Error('contract');
        },
      });
      await t.when({ type: 'Add', by: 1 }).thenThrows((e) => (e as Error).message === 'contract');
      expect(seen).toEqual([{ events: [{ type: 'Added', data: { by: 1 } }], actor: 'officer-1' }]);
    });

    it('toEventType names the stored events', async () => {
      const t = given([], { toEventType: (type) => `counter.${type}` });
      const outcome = await t.pipeline.handle(CASE, { type: 'Open', jurisdiction: '330106001001' }, { actor: OFFICER });
      expect(outcome.events).toEqual([OPENED]);
      expect(t.store.appends[0]!.events.map((e) => e.type)).toEqual(['counter.Opened']);
    });
  });

  describe('If-Match', () => {
    it('a stale expected revision is WrongExpectedRevisionError before deciding; nothing appended', async () => {
      const t = given([OPENED, { type: 'Added', data: { by: 1 } }]);
      const before = decided;
      await t.when({ type: 'Add', by: 1 }, { actor: OFFICER, expectedRevision: 0 }).thenThrows((e) => e instanceof WrongExpectedRevisionError);
      expect(decided).toBe(before);
    });

    it('the HTTP scope’s If-Match applies to the stream it addresses', async () => {
      const t = given([OPENED]);
      const s = scope({ streamId: streamId(CASE), expectedRevision: 5 });
      await t.when({ type: 'Add', by: 1 }, {}, s).thenThrows((e) => e instanceof WrongExpectedRevisionError);
    });

    it('the HTTP scope’s If-Match is ignored for another stream', async () => {
      const t = given([OPENED]);
      await t.when({ type: 'Add', by: 1 }, {}, scope({ streamId: 'counter-another', expectedRevision: 5 })).then([{ type: 'Added', data: { by: 1 } }]);
    });

    it('the right revision appends, and the scope records the revision after the command (the ETag)', async () => {
      const t = given([OPENED]);
      const s = scope({ streamId: streamId(CASE), expectedRevision: 0 });
      await t.when({ type: 'Add', by: 1 }, {}, s).then([{ type: 'Added', data: { by: 1 } }]);
      expect(s.revisions.get(streamId(CASE))).toBe(1);
    });
  });

  describe('If-Match after jurisdiction', () => {
    it('a caller outside the case’s jurisdiction with a stale If-Match gets OutsideJurisdictionError, not the revision', async () => {
      const t = given([OPENED]);
      const error = await t
        .when({ type: 'Add', by: 1 }, {}, scope({ actor: OTHER_DISTRICT, streamId: streamId(CASE), expectedRevision: 7 }))
        .thenThrows((e) => e instanceof OutsideJurisdictionError);
      expect(String(error)).not.toMatch(/revision/);
    });

    it('the error bypasses mapError (the problem filter answers it 403 outside-jurisdiction)', async () => {
      const t = given([OPENED], { mapError: () => new Error('mapped') });
      await t
        .when({ type: 'Add', by: 1 }, {}, scope({ actor: OTHER_DISTRICT, streamId: streamId(CASE), expectedRevision: 7 }))
        .thenThrows((e) => e instanceof OutsideJurisdictionError);
    });

    it('a caller whose jurisdiction covers the case gets the conflict', async () => {
      const t = given([OPENED]);
      await t
        .when({ type: 'Add', by: 1 }, {}, scope({ actor: { ...OFFICER, jurisdiction: '330106' }, streamId: streamId(CASE), expectedRevision: 7 }))
        .thenThrows((e) => e instanceof WrongExpectedRevisionError);
    });

    it('jurisdictionOf reads the case’s division where the state keeps it elsewhere', async () => {
      const t = given([OPENED], { jurisdictionOf: () => '330102001001' });
      await t
        .when({ type: 'Add', by: 1 }, {}, scope({ streamId: streamId(CASE), expectedRevision: 7 }))
        .thenThrows((e) => e instanceof OutsideJurisdictionError);
    });

    it('outside an HTTP scope (a consumer) a stale revision stays a conflict', async () => {
      await given([OPENED])
        .when({ type: 'Add', by: 1 }, { actor: OTHER_DISTRICT, expectedRevision: 7 })
        .thenThrows((e) => e instanceof WrongExpectedRevisionError);
    });

    it('caseJurisdiction / assertMayAddress read the case through the pipeline set up for its category', async () => {
      const { store } = given([OPENED]);
      await expect(caseJurisdiction(store as unknown as EventStore, streamId(CASE))).resolves.toEqual({ exists: true, jurisdiction: '330106001001' });
      await expect(caseJurisdiction(store as unknown as EventStore, streamId('missing'))).resolves.toEqual({ exists: false });
      await expect(assertMayAddress(store as unknown as EventStore, streamId(CASE), OTHER_DISTRICT)).rejects.toBeInstanceOf(OutsideJurisdictionError);
      await expect(assertMayAddress(store as unknown as EventStore, streamId(CASE), { jurisdiction: '330106' })).resolves.toBeUndefined();
    });

    it('a state that does not say: the first event whose data names a jurisdiction', async () => {
      const store = new MemoryStore();
      new CommandPipeline<Cmd, Evt, St>({ store: store as unknown as EventStore, decider, streamId: (id) => `silent-${id}`, now: () => NOW, jurisdictionOf: () => undefined });
      store.put(`silent-${CASE}`, 'Opened', { jurisdiction: '330106001001' });
      await expect(caseJurisdiction(store as unknown as EventStore, `silent-${CASE}`)).resolves.toEqual({ exists: true, jurisdiction: '330106001001' });
    });

    it('a category no pipeline was set up for: the first event whose data names a jurisdiction', async () => {
      const store = new MemoryStore();
      store.put('unpiped-1', 'Something', { note: 'x' });
      store.put('unpiped-1', 'Registered', { jurisdiction: '330102001' });
      await expect(caseJurisdiction(store as unknown as EventStore, 'unpiped-1')).resolves.toEqual({ exists: true, jurisdiction: '330102001' });
      await expect(assertMayAddress(store as unknown as EventStore, 'unpiped-1', OFFICER)).rejects.toBeInstanceOf(OutsideJurisdictionError);
    });
  });

  describe('retryOnConflict only outside an HTTP scope', () => {
    const concurrentAdd = (store: MemoryStore) => () => store.put(streamId(CASE), 'Added', { by: 100 });

    it('a consumer with retryOnConflict re-reads and re-decides after a concurrent append', async () => {
      const t = given([OPENED]);
      t.store.beforeNextAppend = concurrentAdd(t.store);
      const outcome = await t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { actor: OFFICER, retryOnConflict: true });
      expect(outcome).toMatchObject({ attempts: 2, revision: 2, state: { total: 101 } });
      expect(t.store.appends.map((a) => a.options.expectedRevision)).toEqual([0, 1]);
    });

    it('without retryOnConflict the conflict is thrown', async () => {
      const t = given([OPENED]);
      t.store.beforeNextAppend = concurrentAdd(t.store);
      await expect(t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { actor: OFFICER })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('inside an HTTP scope retryOnConflict is ignored: the client gets the conflict (409), never a silent re-decide', async () => {
      const t = given([OPENED]);
      t.store.beforeNextAppend = concurrentAdd(t.store);
      await expect(runInCommandScope(scope(), () => t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { retryOnConflict: true, maxRetries: 5 }))).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(t.store.appends).toHaveLength(1);
    });
  });

  describe('metadata is filled in one place', () => {
    it('defaults: the HTTP scope’s actor, correlation = the case, causation = the command id, time from the clock', async () => {
      const t = given([OPENED]);
      const s = scope();
      await runInCommandScope(s, () => t.pipeline.handle(CASE, { type: 'Add', by: 1 }));
      expect(t.store.appends[0]!.events[0]!.metadata).toEqual({ correlationId: CASE, causationId: s.commandId, actor: OFFICER, occurredAt: NOW });
    });

    it('given values win; decision fields are kept, empty lists left out', async () => {
      const { pipeline } = setup();
      const other: ActorRef = { id: 'system', role: 'county_approver', jurisdiction: '330106' };
      const m = runInCommandScope(scope(), () =>
        pipeline.metadata(CASE, 'cmd-1', {
          actor: other,
          correlationId: 'corr',
          causationId: 'cause',
          reason: '收入超标',
          evidenceRefs: ['doc:1'],
          consentRefs: [],
          policyVersion: '330106-2026.1',
          extra: { channel: 'HTTP' },
        }),
      );
      expect(m).toEqual({
        correlationId: 'corr',
        causationId: 'cause',
        actor: other,
        occurredAt: NOW,
        reason: '收入超标',
        evidenceRefs: ['doc:1'],
        policyVersion: '330106-2026.1',
        channel: 'HTTP',
      });
    });

    it('no actor given and no HTTP scope: a TypeError, nothing appended', async () => {
      const t = given([OPENED]);
      await expect(t.pipeline.handle(CASE, { type: 'Add', by: 1 })).rejects.toBeInstanceOf(TypeError);
      expect(t.store.appends).toEqual([]);
    });

    it('the actor is copied to id, role and jurisdiction only', async () => {
      const t = given([OPENED]);
      await t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { actor: { ...OFFICER, name: '张三', roles: ['x'] } as ActorRef });
      expect(t.store.appends[0]!.events[0]!.metadata.actor).toEqual(OFFICER);
    });
  });

  describe('idempotent command ids', () => {
    it('event ids derive from the command id: event i is eventIdFor(commandId, i)', async () => {
      const t = given([OPENED]);
      const outcome = await t.pipeline.handle(CASE, { type: 'Add', by: 20 }, { actor: OFFICER, commandId: 'cmd-42' });
      expect(outcome.newEvents.map((e) => e.eventId)).toEqual([eventIdFor('cmd-42', 0), eventIdFor('cmd-42', 1)]);
      expect(outcome.commandId).toBe('cmd-42');
    });

    it('the same command id again: not decided again, nothing appended, alreadyHandled', async () => {
      const t = given([OPENED]);
      await t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { actor: OFFICER, commandId: 'cmd-7' });
      const before = decided;
      const again = await t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { actor: OFFICER, commandId: 'cmd-7' });
      expect(again).toMatchObject({ alreadyHandled: true, written: false, events: [], revision: 1, state: { total: 1 } });
      expect(decided).toBe(before);
      expect(t.store.appends).toHaveLength(1);
    });

    it('inside an HTTP scope the command id is the scope’s (from the Idempotency-Key)', async () => {
      const t = given([OPENED]);
      const s = scope({ commandId: 'key-derived-id', keyed: true });
      const outcome = await runInCommandScope(s, () => t.pipeline.handle(CASE, { type: 'Add', by: 1 }));
      expect(outcome.commandId).toBe('key-derived-id');
      expect(t.store.appends[0]!.events[0]!.eventId).toBe(eventIdFor('key-derived-id', 0));
      expect(runInCommandScope(s, () => currentCommandScope())).toBe(s);
    });

    it('outside a scope and without a command id: a fresh id per call, so two calls append twice', async () => {
      const t = given([OPENED]);
      const a = await t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { actor: OFFICER });
      const b = await t.pipeline.handle(CASE, { type: 'Add', by: 1 }, { actor: OFFICER });
      expect(a.commandId).not.toBe(b.commandId);
      expect(t.store.appends).toHaveLength(2);
    });
  });
});
