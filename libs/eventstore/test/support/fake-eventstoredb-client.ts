/**
 * An in-memory stand-in for `EventStoreDBClient` (the subset EventStoreDbEventStore uses), following
 * EventStoreDB's documented semantics: expected-revision checks with its idempotency rules
 * (IndexWriter.CheckCommit), a `$all` log with {commit, prepare} positions that also holds system
 * events (stream metadata is a `$metadata` event in `$$<stream>`), truncateBefore ($tb) honoured by
 * stream reads, readAll inclusive of `fromPosition`, subscriptions exclusive of it, server-side filters.
 *
 * It lets the adapter's own logic (chain metadata, idempotency look-ups, paging, filters, error mapping)
 * run through the conformance suite where no EventStoreDB server can be installed. It is NOT evidence
 * that the adapter works against a real server: that is what EVENTSTORE_CONNECTION_STRING is for.
 */
import { EventEmitter } from 'node:events';
import {
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
  disposed = false;

  constructor() {
    this.emitter.setMaxListeners(1000);
  }

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  private lastRevision(name: string): bigint {
    const s = this.streams.get(name);
    return s && s.length > 0 ? s[s.length - 1]!.revision : -1n;
  }

  private truncateBefore(name: string): bigint {
    const meta = this.streams.get(`$$${name}`);
    const last = meta?.[meta.length - 1];
    const tb = (last?.data as { $tb?: number } | undefined)?.$tb;
    return typeof tb === 'number' ? BigInt(tb) : 0n;
  }

  async appendToStream(name: string, input: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}): Promise<AppendResult> {
    await Promise.resolve();
    const events = Array.isArray(input) ? input : [input];
    const expected = options.expectedRevision ?? 'any';
    const current = this.lastRevision(name);
    const stream = this.streams.get(name) ?? [];
    const wrong = (): never => {
      throw new WrongExpectedVersionError(undefined, {
        streamName: name,
        expected,
        current: current < 0n ? 'no_stream' : current,
      });
    };
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
    this.emitter.emit('appended');
    return ok(revision, last?.position);
  }

  readStream(
    name: string,
    options: { direction?: 'forwards' | 'backwards'; fromRevision?: ReadRevision; maxCount?: number | bigint } = {},
  ): AsyncIterable<ResolvedEvent> {
    return { [Symbol.asyncIterator]: () => this.readStreamGen(name, options) };
  }

  private async *readStreamGen(
    name: string,
    options: { direction?: 'forwards' | 'backwards'; fromRevision?: ReadRevision; maxCount?: number | bigint },
  ): AsyncGenerator<ResolvedEvent> {
    await Promise.resolve();
    const stream = this.streams.get(name);
    if (!stream || stream.length === 0) throw new StreamNotFoundError(undefined, name);
    const tb = this.truncateBefore(name);
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromRevision ?? 'start';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    let list = stream.filter((e) => e.revision >= tb);
    if (forwards) {
      const lo = from === 'start' ? 0n : from === 'end' ? this.lastRevision(name) + 1n : from;
      list = list.filter((e) => e.revision >= lo);
    } else {
      const hi = from === 'start' ? 0n : from === 'end' ? this.lastRevision(name) : from;
      list = list.filter((e) => e.revision <= hi).reverse();
    }
    let n = 0;
    for (const e of list) {
      if (n++ >= max) return;
      yield toResolved(e);
    }
  }

  readAll(options: { fromPosition?: ReadPosition; maxCount?: number | bigint; direction?: string } = {}): AsyncIterable<AllStreamResolvedEvent> {
    return { [Symbol.asyncIterator]: () => this.readAllGen(options) };
  }

  private async *readAllGen(options: { fromPosition?: ReadPosition; maxCount?: number | bigint }): AsyncGenerator<AllStreamResolvedEvent> {
    await Promise.resolve();
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

  async setStreamMetadata(name: string, metadata: Record<string, unknown>): Promise<AppendResult> {
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(metadata)) data[k === 'truncateBefore' ? '$tb' : k] = v;
    return this.appendToStream(`$$${name}`, [
      { id: crypto.randomUUID(), contentType: 'application/json', type: '$metadata', data, metadata: undefined } as EventData,
    ]);
  }

  async getStreamMetadata(name: string): Promise<{ streamName: string; metadata?: Record<string, unknown> }> {
    const meta = this.streams.get(`$$${name}`);
    const last = meta?.[meta.length - 1];
    if (!last) return { streamName: name };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(last.data as Record<string, unknown>)) out[k === '$tb' ? 'truncateBefore' : k] = v;
    return { streamName: name, metadata: out };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.emitter.emit('appended');
  }
}
