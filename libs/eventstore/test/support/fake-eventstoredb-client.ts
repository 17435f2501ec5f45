/**
 * An in-memory stand-in for `EventStoreDBClient` (the subset EventStoreDbEventStore uses), following
 * EventStoreDB's documented semantics: expected-revision checks with its idempotency rules
 * (IndexWriter.CheckCommit), a `$all` log with {commit, prepare} positions that also holds system
 * events (stream metadata is a `$metadata` event in `$$<stream>`), truncateBefore ($tb) honoured by
 * stream reads, readAll inclusive of `fromPosition`, subscriptions exclusive of it, server-side filters.
 *
 * Server behaviours it reproduces on demand (FakeServerOptions and the methods below), each used by
 * eventstoredb.server-behaviour.unit.spec.ts:
 * - `lagReads`: stream reads right after a write still show the stream without it (the index lags);
 * - `throwOnAppendFailure: false`: a wrong expected version resolves as `{ success: false }`;
 * - stream metadata as the v6 client sends it (truncateBefore → `$tb`, maxCount → `$maxCount`, …),
 *   honoured by stream reads (a stream whose events are all hidden reads as not found), and `scavenge()`
 *   deleting the hidden events from `$all` too;
 * - the two duplicate-id rules: an exact expected revision equal to the current one writes the batch
 *   even when its ids are already in the stream; an out-of-date one meeting the same ids at the implied
 *   revisions answers success without writing;
 * - one server shared by several clients (`asClient()` again): each sees every stream and all of `$all`;
 * - `maxAppendSize` (1 MiB by default): a larger append fails with MaxAppendSizeExceededError;
 * - `stall()` (no answer until the call's deadline, or never for reads), `tombstone()`, `denyAccess()`.
 *
 * It lets the adapter's own logic (chain metadata, idempotency look-ups, paging, filters, error mapping)
 * run through the conformance suite where no EventStoreDB server can be installed. It is NOT evidence
 * that the adapter works against a real server: that is what EVENTSTORE_CONNECTION_STRING is for.
 */
import { EventEmitter } from 'node:events';
import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
// The v6 client's own mapping of stream metadata (truncateBefore → $tb, …), as setStreamMetadata sends it.
import { prepareStreamMetadata, readStreamMetadata } from '@eventstore/db-client/dist/streams/utils/streamMetadata';

export interface FakeServerOptions {
  /** The connection string's throwOnAppendFailure (default true). */
  throwOnAppendFailure?: boolean;
  /** After each write, this many reads of the stream still show it without that write. Default 0. */
  lagReads?: number;
  /** The server's MaxAppendSize in bytes. Default 1 MiB. */
  maxAppendSize?: number;
}

interface Stored {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: Position;
}

function toResolved(e: Stored): ResolvedEvent & AllStreamResolvedEvent {
  return {
    event: {
      streamId: e.streamId,
      id: e.id,
      revision: e.revision,
      type: e.type,
      data: structuredClone(e.data),
      metadata: structuredClone(e.metadata),
      isJson: true,
      created: e.created,
      position: e.position,
    } as never,
    commitPosition: e.position.commit,
  };
}

function cmp(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function matches(filter: Filter | undefined, e: Stored): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
  if ('prefixes' in filter) return filter.prefixes.some((p) => subject.startsWith(p));
  return new RegExp(filter.regex).test(subject);
}

export class FakeEventStoreDbClient {
  private readonly streams = new Map<string, Stored[]>();
  private readonly all: Stored[] = [];
  private readonly emitter = new EventEmitter();
  private commit = 1000n;
  /** Stream → [events visible while lagging, reads left before the index catches up]. */
  private readonly lag = new Map<string, [number, number]>();
  private readonly tombstoned = new Set<string>();
  private readonly denied = new Set<string>();
  private stalled: 'append' | 'read' | undefined;
  disposed = false;
  /** Every append the server received (stream, expected revision, event count) and every read. */
  readonly calls: Array<{ op: 'append' | 'readStream' | 'readAll'; stream?: string; expectedRevision?: unknown; count?: number; filter?: Filter }> = [];
  /** Reads that were cancelled by the client. */
  cancelledReads = 0;

  constructor(private readonly options: FakeServerOptions = {}) {
    this.emitter.setMaxListeners(1000);
  }

  /** Appends (or reads) get no answer: appends fail with DeadlineExceededError at their deadline, reads hang. */
  stall(what: 'append' | 'read' | undefined): void {
    this.stalled = what;
  }

  /** Hard-deletes a stream (tombstone): reads and appends fail with StreamDeletedError. */
  tombstone(name: string): void {
    this.tombstoned.add(name);
  }

  /** The credentials may not touch this stream (or `$all`). */
  denyAccess(name: string): void {
    this.denied.add(name);
  }

  /** Names of the streams the server holds (user streams and `$$` metadata streams). */
  streamNames(): string[] {
    return [...this.streams.keys()];
  }

  /** Every event of `$all`, system events included, as stored. */
  allEvents(): Array<{ streamId: string; type: string; data: unknown; metadata: unknown }> {
    return this.all.map((e) => ({ streamId: e.streamId, type: e.type, data: e.data, metadata: e.metadata }));
  }

  /**
   * A scavenge: deletes, from the stream and from `$all`, every event its stream metadata hides
   * (`$tb`, `$maxCount`; `$maxAge` by `now`).
   */
  scavenge(now = new Date()): number {
    let removed = 0;
    for (const [name, events] of this.streams) {
      if (name.startsWith('$$')) continue;
      const keep = events.filter((e) => this.visibleByMetadata(name, e, events, now));
      removed += events.length - keep.length;
      const gone = new Set(events.filter((e) => !keep.includes(e)));
      this.streams.set(name, keep);
      for (let i = this.all.length - 1; i >= 0; i--) if (gone.has(this.all[i]!)) this.all.splice(i, 1);
    }
    return removed;
  }

  private rawMetadata(name: string): Record<string, unknown> {
    const meta = this.streams.get(`$$${name}`);
    const last = meta?.[meta.length - 1];
    return (last?.data as Record<string, unknown> | undefined) ?? {};
  }

  /** What the server hides from stream reads: below `$tb`, beyond the last `$maxCount`, older than `$maxAge` s. */
  private visibleByMetadata(name: string, e: Stored, events: Stored[], now = new Date()): boolean {
    const raw = this.rawMetadata(name);
    const tb = typeof raw.$tb === 'number' ? BigInt(raw.$tb) : 0n;
    if (e.revision < tb) return false;
    if (typeof raw.$maxCount === 'number' && events.length > 0) {
      const last = events[events.length - 1]!.revision;
      if (e.revision <= last - BigInt(raw.$maxCount)) return false;
    }
    if (typeof raw.$maxAge === 'number' && now.getTime() - e.created.getTime() > raw.$maxAge * 1000) return false;
    return true;
  }

  private checkAccess(name: string): void {
    if (this.denied.has(name)) throw new AccessDeniedError();
  }

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  private lastRevision(name: string): bigint {
    const s = this.streams.get(name);
    return s && s.length > 0 ? s[s.length - 1]!.revision : -1n;
  }

  async appendToStream(
    name: string,
    input: EventData | EventData[],
    options: { expectedRevision?: AppendExpectedRevision; deadline?: number } = {},
  ): Promise<AppendResult> {
    await Promise.resolve();
    const events = Array.isArray(input) ? input : [input];
    const expected = options.expectedRevision ?? 'any';
    this.calls.push({ op: 'append', stream: name, expectedRevision: expected, count: events.length });
    if (this.stalled === 'append') {
      await new Promise((resolve) => setTimeout(resolve, options.deadline ?? 10_000));
      throw new DeadlineExceededError();
    }
    this.checkAccess(name);
    if (this.tombstoned.has(name)) throw new StreamDeletedError(undefined, name);
    const max = this.options.maxAppendSize ?? 1_048_576;
    const size = events.reduce(
      (n, e) => n + Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata ?? null)),
      0,
    );
    if (size > max) throw new MaxAppendSizeExceededError(undefined, max);
    const current = this.lastRevision(name);
    const stream = this.streams.get(name) ?? [];
    const wrong = (): never => {
      if (this.options.throwOnAppendFailure === false) {
        // The client resolves instead of throwing (appendToStream/append.js): success false, no position.
        throw { failure: { success: false, nextExpectedRevision: current, position: undefined } satisfies AppendResult };
      }
      throw new WrongExpectedVersionError(undefined, {
        streamName: name,
        expected,
        current: current < 0n ? 'no_stream' : current,
      });
    };
    try {
      return this.decideAndWrite(name, events, expected, current, stream, wrong);
    } catch (err) {
      if (err && typeof err === 'object' && 'failure' in err) return (err as { failure: AppendResult }).failure;
      throw err;
    }
  }

  private decideAndWrite(
    name: string,
    events: EventData[],
    expected: AppendExpectedRevision,
    current: bigint,
    stream: Stored[],
    wrong: () => never,
  ): AppendResult {
    const ok = (last: bigint, position?: Position): AppendResult => ({ success: true, nextExpectedRevision: last, position });

    if (expected === 'stream_exists' && current < 0n) wrong();
    if (expected === 'any' || expected === 'stream_exists') {
      // EventStoreDB looks the ids up in a cache of recent commits; here: the whole stream.
      let first: Stored | undefined;
      for (const [i, e] of events.entries()) {
        const hit = stream.find((s) => s.id === e.id);
        if (i === 0) {
          if (!hit) break;
          first = hit;
        } else if (!hit || hit.revision !== first!.revision + BigInt(i)) {
          wrong(); // corrupted idempotency is reported as a wrong expected version
        }
      }
      if (first) return ok(first.revision + BigInt(events.length - 1), first.position);
    } else {
      const exp = expected === 'no_stream' ? -1n : expected;
      if (exp < current) {
        let n = exp;
        for (const e of events) {
          n += 1n;
          const at = stream.find((s) => s.revision === n);
          if (at && at.id === e.id) continue;
          if (n === exp + 1n) wrong();
          wrong();
        }
        const lastOne = stream.find((s) => s.revision === n);
        return ok(n, lastOne?.position);
      }
      if (exp > current) wrong();
    }

    let revision = current;
    let last: Stored | undefined;
    for (const e of events) {
      revision += 1n;
      this.commit += 100n;
      const stored: Stored = {
        streamId: name,
        id: e.id,
        revision,
        type: e.type,
        data: JSON.parse(JSON.stringify(e.data)) as unknown,
        metadata: e.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(e.metadata)) as unknown),
        created: new Date(),
        position: { commit: this.commit, prepare: this.commit },
      };
      stream.push(stored);
      this.all.push(stored);
      last = stored;
    }
    this.streams.set(name, stream);
    const lagReads = this.options.lagReads ?? 0;
    if (lagReads > 0 && !name.startsWith('$$')) {
      this.lag.set(name, [stream.length - events.length, lagReads]);
    }
    this.emitter.emit('appended');
    return ok(revision, last?.position);
  }

  readStream(
    name: string,
    options: { direction?: 'forwards' | 'backwards'; fromRevision?: ReadRevision; maxCount?: number | bigint } = {},
  ): AsyncIterable<ResolvedEvent> & { cancel(): Promise<void> } {
    this.calls.push({ op: 'readStream', stream: name });
    return this.cancellable(() => this.readStreamGen(name, options));
  }

  /** A read the client can cancel (as the v6 ReadStream); a stalled read hangs until cancelled. */
  private cancellable<T>(gen: () => AsyncGenerator<T>): AsyncIterable<T> & { cancel(): Promise<void> } {
    let cancel: (() => void) | undefined;
    const cancelled = new Promise<void>((resolve) => {
      cancel = resolve;
    });
    const stalled = this.stalled === 'read';
    const onCancel = (): void => {
      this.cancelledReads += 1;
    };
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<T> {
        if (stalled) {
          await cancelled;
          return;
        }
        yield* gen();
      },
      async cancel(): Promise<void> {
        onCancel();
        cancel?.();
      },
    };
  }

  private async *readStreamGen(
    name: string,
    options: { direction?: 'forwards' | 'backwards'; fromRevision?: ReadRevision; maxCount?: number | bigint },
  ): AsyncGenerator<ResolvedEvent> {
    await Promise.resolve();
    this.checkAccess(name);
    if (this.tombstoned.has(name)) throw new StreamDeletedError(undefined, name);
    let stream = this.streams.get(name);
    const lagging = this.lag.get(name);
    if (stream && lagging) {
      // The index has not caught up with the latest writes yet.
      stream = stream.slice(0, lagging[0]);
      if (lagging[1] <= 1) this.lag.delete(name);
      else lagging[1] -= 1;
    }
    const all = stream ?? [];
    const list0 = all.filter((e) => this.visibleByMetadata(name, e, all));
    // A stream whose events are all hidden (truncated, expired) reads as not found.
    if (list0.length === 0) throw new StreamNotFoundError(undefined, name);
    const last = all[all.length - 1]!.revision;
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromRevision ?? 'start';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    let list = list0;
    if (forwards) {
      const lo = from === 'start' ? 0n : from === 'end' ? last + 1n : from;
      list = list.filter((e) => e.revision >= lo);
    } else {
      const hi = from === 'start' ? 0n : from === 'end' ? last : from;
      list = list.filter((e) => e.revision <= hi).reverse();
    }
    let n = 0;
    for (const e of list) {
      if (n++ >= max) return;
      yield toResolved(e);
    }
  }

  readAll(
    options: { fromPosition?: ReadPosition; maxCount?: number | bigint; direction?: string } = {},
  ): AsyncIterable<AllStreamResolvedEvent> & { cancel(): Promise<void> } {
    this.calls.push({ op: 'readAll' });
    return this.cancellable(() => this.readAllGen(options));
  }

  private async *readAllGen(options: { fromPosition?: ReadPosition; maxCount?: number | bigint }): AsyncGenerator<AllStreamResolvedEvent> {
    await Promise.resolve();
    this.checkAccess('$all');
    const from = options.fromPosition ?? 'start';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    let n = 0;
    for (const e of [...this.all]) {
      if (from !== 'start' && (from === 'end' || cmp(e.position, from) < 0)) continue; // inclusive
      if (n++ >= max) return;
      yield toResolved(e);
    }
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    this.calls.push({ op: 'readAll', filter: options.filter });
    const self = { all: this.all, emitter: this.emitter };
    let closed = false;
    let wake: (() => void) | undefined;
    const onAppend = (): void => wake?.();
    this.emitter.on('appended', onAppend);
    let cursor = options.fromPosition === 'end' ? self.all.length : 0;
    const from = options.fromPosition;
    const iterable = {
      async *[Symbol.asyncIterator](): AsyncGenerator<AllStreamResolvedEvent> {
        try {
          while (!closed) {
            while (cursor < self.all.length && !closed) {
              const e = self.all[cursor++]!;
              if (from && from !== 'start' && from !== 'end' && cmp(e.position, from) <= 0) continue; // exclusive
              if (!matches(options.filter, e)) continue;
              yield toResolved(e);
            }
            if (closed) return;
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
          }
        } finally {
          self.emitter.off('appended', onAppend);
        }
      },
      async unsubscribe(): Promise<void> {
        closed = true;
        self.emitter.off('appended', onAppend);
        wake?.();
      },
    };
    return iterable;
  }

  async setStreamMetadata(name: string, metadata: Record<string, unknown>, options: { deadline?: number } = {}): Promise<AppendResult> {
    return this.appendToStream(
      `$$${name}`,
      [{ id: crypto.randomUUID(), contentType: 'application/json', type: '$metadata', data: prepareStreamMetadata(metadata as never), metadata: undefined } as EventData],
      options,
    );
  }

  async getStreamMetadata(name: string): Promise<{ streamName: string; metadata?: Record<string, unknown> }> {
    if (this.stalled === 'read') await new Promise(() => undefined);
    this.checkAccess(`$$${name}`);
    const meta = this.streams.get(`$$${name}`);
    const last = meta?.[meta.length - 1];
    if (!last) return { streamName: name };
    return { streamName: name, metadata: readStreamMetadata(last.data as never) as Record<string, unknown> };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.emitter.emit('appended');
  }
}
