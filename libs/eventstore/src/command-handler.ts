import type { Decider, DomainEvent } from '@sa/decider';
import { fold } from '@sa/decider';
import { eventIdFor } from './envelope';
import {
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from './port';

export interface HandleCommandOptions<C, E extends DomainEvent, S> {
  store: EventStore;
  streamId: string;
  decider: Decider<C, E, S>;
  command: C;
  /** Id of this command (idempotency key): event i gets id eventIdFor(commandId, i). */
  commandId: string;
  /** Metadata put on every produced event. */
  metadata: EventMetadata;
  /** Stored event type of a domain event type (e.g. prefix with the context). Default identity. */
  toEventType?: (domainType: string) => string;
  /** Inverse of toEventType when reading the stream back. Default identity. */
  fromEventType?: (storedType: string) => string;
  /**
   * Full control over reading: map a recorded event to the domain event given to `evolve`
   * (upcasting older schema versions); return null to skip it. Overrides fromEventType.
   */
  toDomainEvent?: (recorded: RecordedEvent) => E | null;
  /** Schema version of a produced event. Default 1. */
  schemaVersion?: number | ((event: E) => number);
  /**
   * On WrongExpectedRevisionError (someone appended between our read and our append): re-read,
   * re-decide and append again, at most `maxRetries` times. When false the error is rethrown.
   */
  retryOnConflict: boolean;
  /** Default 3. */
  maxRetries?: number;
  /**
   * The revision the caller saw (HTTP `If-Match`): when the stream's revision read differs, the call
   * fails with WrongExpectedRevisionError before deciding, and is never retried.
   */
  expectedRevision?: number;
  /**
   * Called with the folded state when `expectedRevision` differs from the stream's, before the
   * WrongExpectedRevisionError: a caller who may not see the case gets what this throws (e.g. 403),
   * never the case's revision.
   */
  onStaleRevision?: (state: S, currentRevision: number) => void;
}

export interface HandleCommandResult<E extends DomainEvent, S> {
  /** Domain events decided by this call (empty for a no-op or for an already-handled command). */
  events: E[];
  /** The envelopes appended (same order as events). */
  newEvents: NewEvent[];
  /** State after the events. */
  state: S;
  /** Revision of the stream's last event after the call (-1: the stream still has no events). */
  nextExpectedRevision: number;
  position?: GlobalPosition;
  /** False when nothing was written (no events decided, or the command had already been recorded). */
  written: boolean;
  /** True when the command's first event id was already in the stream: a retried command, not re-decided. */
  alreadyHandled: boolean;
  attempts: number;
}

const identity = (s: string): string => s;

/**
 * Load → fold → decide → append with the expected revision read, the whole application-side loop of an
 * event-sourced command handler, framework-free.
 *
 * - The stream is read in full (missing → initial state) and folded with the decider.
 * - A command retried after it was recorded (its deterministic first event id is in the stream) is not
 *   decided again: the call returns `alreadyHandled: true`, `written: false`.
 * - Events are appended with the exact revision read (`no_stream` for a new stream). A concurrent
 *   writer makes that fail with WrongExpectedRevisionError: retried (re-read, re-decide) up to
 *   `maxRetries` times when `retryOnConflict`, rethrown otherwise. DomainErrors from decide propagate.
 */
export async function handleCommand<C, E extends DomainEvent, S>(
  options: HandleCommandOptions<C, E, S>,
): Promise<HandleCommandResult<E, S>> {
  const { store, streamId, decider, command, commandId, metadata } = options;
  const toEventType = options.toEventType ?? identity;
  const fromEventType = options.fromEventType ?? identity;
  const toDomain =
    options.toDomainEvent ?? ((r: RecordedEvent): E => ({ type: fromEventType(r.type), data: r.data }) as unknown as E);
  const maxRetries = options.maxRetries ?? 3;
  const versionOf = (e: E): number =>
    typeof options.schemaVersion === 'function' ? options.schemaVersion(e) : (options.schemaVersion ?? 1);
  const firstId = eventIdFor(commandId, 0);

  for (let attempt = 1; ; attempt++) {
    let recorded: RecordedEvent[];
    try {
      recorded = await store.readStream(streamId, { direction: 'forwards' });
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
      recorded = [];
    }
    const last = recorded[recorded.length - 1];
    const currentRevision = last ? last.revision : -1;
    const past: E[] = [];
    for (const r of recorded) {
      const e = toDomain(r);
      if (e !== null) past.push(e);
    }
    const state = fold(decider, past);
    if (options.expectedRevision !== undefined && options.expectedRevision !== currentRevision) {
      options.onStaleRevision?.(state, currentRevision);
      throw new WrongExpectedRevisionError(streamId, options.expectedRevision, currentRevision < 0 ? 'no_stream' : currentRevision);
    }

    const mine = recorded.find((r) => r.eventId === firstId);
    if (mine) {
      return {
        events: [],
        newEvents: [],
        state,
        nextExpectedRevision: currentRevision,
        position: mine.position,
        written: false,
        alreadyHandled: true,
        attempts: attempt,
      };
    }

    const events = decider.decide(command, state);
    const after = fold(decider, events, state);
    if (events.length === 0) {
      return {
        events,
        newEvents: [],
        state: after,
        nextExpectedRevision: currentRevision,
        written: false,
        alreadyHandled: false,
        attempts: attempt,
      };
    }
    const newEvents: NewEvent[] = events.map((e, i) => ({
      eventId: eventIdFor(commandId, i),
      type: toEventType(e.type),
      schemaVersion: versionOf(e),
      data: e.data,
      metadata,
    }));
    const expectedRevision: ExpectedRevision = currentRevision < 0 ? 'no_stream' : currentRevision;
    try {
      const res = await store.appendToStream(streamId, newEvents, { expectedRevision });
      return {
        events,
        newEvents,
        state: after,
        nextExpectedRevision: res.nextExpectedRevision,
        position: res.position,
        written: res.written,
        alreadyHandled: !res.written,
        attempts: attempt,
      };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError) || !options.retryOnConflict || options.expectedRevision !== undefined || attempt > maxRetries) throw err;
    }
  }
}

/** A stream folded with its decider: a missing stream is a normal result (`exists: false`), not an exception. */
export interface AggregateStreamResult<E extends DomainEvent, S> {
  exists: boolean;
  state: S;
  /** Revision of the stream's last event; -1 when the stream has no events. */
  revision: number;
  events: RecordedEvent[];
  domainEvents: E[];
}

/** Reads a whole stream and folds it (emmett's `aggregateStream`); `exists: false` and the initial state when it is missing. */
export async function aggregateStream<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  toDomainEvent: (recorded: RecordedEvent) => E | null = (r) => ({ type: r.type, data: r.data }) as unknown as E,
): Promise<AggregateStreamResult<E, S>> {
  let events: RecordedEvent[];
  try {
    events = await store.readStream(streamId, { direction: 'forwards' });
  } catch (err) {
    if (!(err instanceof StreamNotFoundError)) throw err;
    return { exists: false, state: decider.initialState, revision: -1, events: [], domainEvents: [] };
  }
  const domainEvents: E[] = [];
  for (const r of events) {
    const e = toDomainEvent(r);
    if (e !== null) domainEvents.push(e);
  }
  const last = events[events.length - 1];
  return { exists: events.length > 0, state: fold(decider, domainEvents), revision: last ? last.revision : -1, events, domainEvents };
}

/** Revision of a stream's last event (-1 when missing or empty), reading one event. */
export async function streamRevision(store: EventStore, streamId: string): Promise<number> {
  try {
    const [last] = await store.readStream(streamId, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
    return last ? last.revision : -1;
  } catch (err) {
    if (err instanceof StreamNotFoundError) return -1;
    throw err;
  }
}
