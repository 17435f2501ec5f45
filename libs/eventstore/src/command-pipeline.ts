import type { Decider, DomainEvent } from '@sa/decider';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { aggregateStream, handleCommand, type AggregateStreamResult, type HandleCommandResult } from './command-handler';
import { StreamNotFoundError, type ActorRef, type EventMetadata, type EventStore, type RecordedEvent } from './port';

/**
 * The one command pipeline of every service (the shape of emmett's `handleCommandWithDecider`):
 * set up once per decider, then `handle(id, command)` reads the stream (a missing stream is the
 * decider's initial state, a typed result, never an exception), folds, decides, and appends with
 * the revision read — or with the caller's `If-Match` revision when the HTTP adapter gave one.
 * Event metadata (actor, correlation, causation, time from the injected clock) is filled here and
 * nowhere else.
 *
 * HTTP commands never retry a conflicting append: the client gets 409 `concurrency-conflict` and
 * reloads. Consumers and schedulers (no HTTP scope) may pass `retryOnConflict`.
 */

/** What the HTTP adapter (`@CommandRoute` in @sa/platform) knows about the request being handled. */
export interface CommandScope {
  /** Id of the command: derived from the client's Idempotency-Key, or a fresh UUID. */
  commandId: string;
  /** True when commandId comes from the client's Idempotency-Key (a fresh UUID otherwise). */
  keyed: boolean;
  actor?: ActorRef;
  /** The stream the route addresses (its case), and the revision the client sent in If-Match. */
  streamId?: string;
  expectedRevision?: number;
  /** Revision of each stream after the command, filled by the pipeline (the adapter sets ETag from it). */
  revisions: Map<string, number>;
}

const scopes = new AsyncLocalStorage<CommandScope>();

/** Runs `fn` inside an HTTP command scope (used by the Nest adapter). */
export function runInCommandScope<T>(scope: CommandScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** The HTTP command scope of the current request, if any. */
export function currentCommandScope(): CommandScope | undefined {
  return scopes.getStore();
}

/** The commands' `metadata`: who acts and when (time always from the injected clock). */
export interface CommandMetadata {
  actor: ActorRef;
  /** ISO-8601 instant with +08:00. */
  now: string;
}

/** The one command shape: `{ type, data, metadata: { actor, now } }`. */
export interface Command<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly metadata: CommandMetadata;
}

export interface CommandPipelineOptions<C, E extends DomainEvent, S> {
  store: EventStore;
  decider: Decider<C, E, S>;
  /** Stream id of an aggregate id (e.g. `reviewCase-<caseId>`). */
  streamId: (id: string) => string;
  /** ISO instant with +08:00, from the injected clock. */
  now: () => string;
  toEventType?: (domainType: string) => string;
  toDomainEvent?: (recorded: RecordedEvent) => E | null;
  /** Checks the decided events before anything is appended (e.g. that their public form passes its contract). */
  check?: (events: E[], metadata: EventMetadata) => void;
  /** Maps an error thrown while handling (e.g. a library's error to the context's DomainError). */
  mapError?: (error: unknown) => unknown;
  /**
   * The case's jurisdiction (administrative division code) in a state; default: `state.jurisdiction`
   * when it is a string. Only a caller whose jurisdiction covers it learns that the client's `If-Match`
   * is stale (409 with the revision); anyone else gets 403 `outside-jurisdiction`, whatever they sent.
   */
  jurisdictionOf?: (state: S) => string | null | undefined;
}

const DIVISION_CODE = /^\d{6}(?:\d{3}){0,2}$/;

/**
 * A caller outside the case's jurisdiction. The problem filter (@sa/errors) answers it as
 * `assertJurisdiction` of @sa/auth does: 403 `urn:sa:problem:outside-jurisdiction`.
 */
export class OutsideJurisdictionError extends Error {
  constructor(
    readonly jurisdiction: string,
    readonly actorJurisdiction: string,
  ) {
    super(`Division ${jurisdiction} is outside your jurisdiction ${actorJurisdiction}.`);
    this.name = 'OutsideJurisdictionError';
  }
}

/** `state.jurisdiction` when it is a division code. */
export function defaultJurisdictionOf(state: unknown): string | undefined {
  const j = state !== null && typeof state === 'object' ? (state as { jurisdiction?: unknown }).jurisdiction : undefined;
  return typeof j === 'string' && DIVISION_CODE.test(j) ? j : undefined;
}

/** Throws OutsideJurisdictionError unless the actor's jurisdiction covers `jurisdiction` (prefix; unknown → no check). */
export function assertActorCovers(actor: Pick<ActorRef, 'jurisdiction'> | undefined, jurisdiction: string | null | undefined): void {
  if (!actor || !jurisdiction || !DIVISION_CODE.test(jurisdiction)) return;
  if (!DIVISION_CODE.test(actor.jurisdiction) || !jurisdiction.startsWith(actor.jurisdiction)) {
    throw new OutsideJurisdictionError(jurisdiction, actor.jurisdiction);
  }
}

/** Every pipeline set up in this process, by the stream-id prefix of its decider (`reviewCase-`, `application-` …). */
const pipelinesByPrefix = new Map<string, CommandPipeline<any, any, any>>(); // eslint-disable-line @typescript-eslint/no-explicit-any
const PROBE_ID = '00000000-0000-4000-8000-000000000000';

function streamPrefix(streamId: (id: string) => string): string | undefined {
  try {
    const probe = streamId(PROBE_ID);
    return probe.endsWith(PROBE_ID) && probe.length > PROBE_ID.length ? probe.slice(0, -PROBE_ID.length) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The jurisdiction of the case a stream holds, read from `store`: through the pipeline set up for the
 * stream's category (its decider's state and `jurisdictionOf`); when the state does not say, or no
 * pipeline was set up for the category, the first event whose data carries a `jurisdiction` division code. `exists: false` for a
 * missing stream.
 */
export async function caseJurisdiction(store: EventStore, streamId: string): Promise<{ exists: boolean; jurisdiction?: string }> {
  let pipeline: CommandPipeline<unknown, DomainEvent, unknown> | undefined;
  let prefixLength = 0;
  for (const [prefix, p] of pipelinesByPrefix) {
    if (prefix.length > prefixLength && streamId.startsWith(prefix) && streamId.length > prefix.length) {
      pipeline = p;
      prefixLength = prefix.length;
    }
  }
  let events: RecordedEvent[];
  if (pipeline) {
    const aggregate = await aggregateStream(store, streamId, pipeline.decider, pipeline.options.toDomainEvent);
    if (!aggregate.exists) return { exists: false };
    const jurisdiction = (pipeline.options.jurisdictionOf ?? defaultJurisdictionOf)(aggregate.state);
    if (jurisdiction) return { exists: true, jurisdiction };
    events = aggregate.events;
  } else {
    try {
      events = await store.readStream(streamId, { direction: 'forwards' });
    } catch (err) {
      if (err instanceof StreamNotFoundError) return { exists: false };
      throw err;
    }
  }
  // the state does not say (or no pipeline): the first event whose data names the jurisdiction
  for (const e of events) {
    const jurisdiction = defaultJurisdictionOf(e.data);
    if (jurisdiction) return { exists: true, jurisdiction };
  }
  return { exists: events.length > 0 };
}

/**
 * For the HTTP adapter, before it answers a stale `If-Match` with 409 and the case's revision: throws
 * OutsideJurisdictionError when the actor may not see the case. Nothing to do for a missing stream.
 */
export async function assertMayAddress(store: EventStore, streamId: string, actor: Pick<ActorRef, 'jurisdiction'> | undefined): Promise<void> {
  if (!actor) return;
  const { jurisdiction } = await caseJurisdiction(store, streamId);
  assertActorCovers(actor, jurisdiction);
}

export interface HandleOptions {
  /** Who acts; default: the HTTP scope's actor. */
  actor?: ActorRef;
  /** Default: the HTTP scope's command id, else a fresh UUID. */
  commandId?: string;
  /** Default: the aggregate id (the case id). */
  correlationId?: string;
  /** The integration event or command that caused this one; default the command id. */
  causationId?: string;
  reason?: string;
  evidenceRefs?: string[];
  consentRefs?: string[];
  policyVersion?: string;
  /** Further metadata fields. */
  extra?: Record<string, unknown>;
  /** The revision the caller saw; default: the HTTP scope's If-Match when it addresses this stream. */
  expectedRevision?: number;
  /** Re-read and re-decide on a concurrent append (consumers only; refused inside an HTTP scope). */
  retryOnConflict?: boolean;
  maxRetries?: number;
}

export interface CommandOutcome<E extends DomainEvent, S> extends HandleCommandResult<E, S> {
  id: string;
  streamId: string;
  commandId: string;
  /** Stream revision after the command (-1: still no stream). */
  revision: number;
}

export class CommandPipeline<C, E extends DomainEvent, S> {
  constructor(readonly options: CommandPipelineOptions<C, E, S>) {
    const prefix = streamPrefix(options.streamId);
    if (prefix) pipelinesByPrefix.set(prefix, this);
  }

  get decider(): Decider<C, E, S> {
    return this.options.decider;
  }

  /** The aggregate's current state; `exists: false` (and the initial state) when it has no stream. */
  aggregate(id: string): Promise<AggregateStreamResult<E, S>> {
    return aggregateStream(this.options.store, this.options.streamId(id), this.options.decider, this.options.toDomainEvent);
  }

  /** The metadata of the events a command produces, filled in one place. */
  metadata(id: string, commandId: string, o: HandleOptions = {}): EventMetadata {
    const actor = o.actor ?? currentCommandScope()?.actor;
    if (!actor) throw new TypeError('A command needs an actor (none given and no HTTP command scope)');
    return {
      correlationId: o.correlationId ?? id,
      causationId: o.causationId ?? commandId,
      actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
      occurredAt: this.options.now(),
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.evidenceRefs && o.evidenceRefs.length > 0 ? { evidenceRefs: o.evidenceRefs } : {}),
      ...(o.consentRefs && o.consentRefs.length > 0 ? { consentRefs: o.consentRefs } : {}),
      ...(o.policyVersion ? { policyVersion: o.policyVersion } : {}),
      ...(o.extra ?? {}),
    };
  }

  async handle(id: string, command: C, o: HandleOptions = {}): Promise<CommandOutcome<E, S>> {
    const scope = currentCommandScope();
    const streamId = this.options.streamId(id);
    const commandId = o.commandId ?? scope?.commandId ?? randomUUID();
    const metadata = this.metadata(id, commandId, o);
    const expectedRevision = o.expectedRevision ?? (scope && scope.streamId === streamId ? scope.expectedRevision : undefined);
    const jurisdictionOf = this.options.jurisdictionOf ?? defaultJurisdictionOf;
    // In an HTTP command, a stale If-Match tells its revision only to a caller who may see the case.
    const onStaleRevision = (state: S) => {
      if (scope) assertActorCovers(metadata.actor, jurisdictionOf(state));
    };
    const { check } = this.options;
    const decider: Decider<C, E, S> = check
      ? {
          ...this.options.decider,
          decide: (c, s) => {
            const events = this.options.decider.decide(c, s);
            check(events, metadata);
            return events;
          },
        }
      : this.options.decider;
    try {
      const result = await handleCommand({
        store: this.options.store,
        streamId,
        decider,
        command,
        commandId,
        metadata,
        ...(this.options.toEventType ? { toEventType: this.options.toEventType } : {}),
        ...(this.options.toDomainEvent ? { toDomainEvent: this.options.toDomainEvent } : {}),
        ...(expectedRevision !== undefined ? { expectedRevision, onStaleRevision } : {}),
        // An HTTP command is never retried silently: the officer reloads and sees the other change.
        retryOnConflict: scope ? false : (o.retryOnConflict ?? false),
        ...(o.maxRetries !== undefined ? { maxRetries: o.maxRetries } : {}),
      });
      scope?.revisions.set(streamId, result.nextExpectedRevision);
      return { ...result, id, streamId, commandId, revision: result.nextExpectedRevision };
    } catch (err) {
      if (err instanceof OutsideJurisdictionError) throw err;
      throw this.options.mapError ? this.options.mapError(err) : err;
    }
  }
}
