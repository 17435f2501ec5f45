/**
 * The event-store port. It mirrors EventStoreDB's semantics so that the PostgreSQL adapter and the
 * EventStoreDB adapter are interchangeable and are held to one conformance suite.
 *
 * - Stream ids are `<category>-<id>` (category = text before the first '-', as in EventStoreDB's
 *   $ce projection), e.g. `application-3f0c…`. Categories contain no '-'.
 * - Stream revisions start at 0.
 * - Global positions are `{ commit, prepare }` pairs ordered lexicographically, as in EventStoreDB.
 *   The PostgreSQL adapter uses (writing transaction id, sequence) so that a subscriber never skips
 *   an event committed late by a concurrent transaction.
 * - Every stream is hash-chained: each recorded event carries the hash of the previous event of its
 *   stream and its own hash (see hash-chain.ts).
 */

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export const ANY: ExpectedRevision = 'any';
export const NO_STREAM: ExpectedRevision = 'no_stream';
export const STREAM_EXISTS: ExpectedRevision = 'stream_exists';

export interface ActorRef {
  /** Subject of the verified identity (JWT `sub`) or a system component id. */
  id: string;
  /** Role under which the actor acted, e.g. `street_reviewer`, `system`. */
  role: string;
  /** Administrative division code (6 district, 9 street, 12 community digits). */
  jurisdiction: string;
}

/** Metadata every event carries. Decision events also carry reason, evidenceRefs and policyVersion. */
export interface EventMetadata {
  /** The case id: every event of one case shares it, across all contexts. */
  correlationId: string;
  /** The command id or the id of the event that caused this one. */
  causationId: string;
  actor: ActorRef;
  /** ISO-8601 instant with offset, Asia/Shanghai (+08:00) for business time. */
  occurredAt: string;
  reason?: string;
  evidenceRefs?: string[];
  policyVersion?: string;
  consentRefs?: string[];
  /**
   * An event that concerns several cases (a payment run's batch) keeps its own correlation and names the cases
   * here; the PostgreSQL store indexes it (migration 5) and the audit finds a case's events by it.
   */
  caseIds?: string[];
  [key: string]: unknown;
}

export interface NewEvent<TData = unknown> {
  /** UUID. Deterministic from (command id, index) via `eventIdFor` so a retried command cannot append twice. */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
}

export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export const START: GlobalPosition = { commit: -1n, prepare: -1n };

export interface RecordedEvent<TData = unknown> extends NewEvent<TData> {
  streamId: string;
  revision: number;
  position: GlobalPosition;
  /** When the store recorded it (server time). */
  recordedAt: Date;
  /** Hash of the previous event of the same stream; null for revision 0. */
  prevHash: string | null;
  /** sha256 hex over the canonical JSON (RFC 8785) of this event, chained with prevHash. */
  hash: string;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextExpectedRevision: number;
  /** Position of the last event written (or of the matching event for an idempotent no-op). */
  position: GlobalPosition;
  /** False when every event was already there (idempotent retry): nothing was written. */
  written: boolean;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

/** One stream's part of an `appendBatch`: the same arguments as `appendToStream`. */
export interface BatchAppendItem {
  streamId: string;
  events: NewEvent[];
  /** Default 'any'. */
  expectedRevision?: ExpectedRevision;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Revision to start from (inclusive), or 'start' / 'end'. Defaults to start (forwards) or end (backwards). */
  fromRevision?: number | 'start' | 'end';
  maxCount?: number;
}

export interface EventFilter {
  /** Only events whose stream category is one of these (exact category names). */
  streamCategories?: string[];
  /** Only events whose type starts with one of these prefixes. */
  eventTypePrefixes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: read events strictly after this position. Defaults to the beginning. */
  after?: GlobalPosition;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after this position. Defaults to the beginning. */
  after?: GlobalPosition;
  filter?: EventFilter;
  /** Aborting ends the iteration. */
  signal?: AbortSignal;
}

/** A catch-up subscription: history first, then live, pulled with back-pressure via `for await`. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface StreamMetadata {
  /** Events with a revision below this are no longer returned by reads (they stay in the audit log). */
  truncateBefore?: number;
  [key: string]: unknown;
}

/** The caller's connection, inside BEGIN … (a `pg` PoolClient; only `query` is used). */
export interface TransactionClient {
  query(config: { text: string; values?: unknown[]; types?: unknown }): Promise<{ rows: unknown[] }>;
}

export interface EventStore {
  readonly adapter: 'postgresql' | 'eventstoredb';
  appendToStream(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams at once, all or nothing (one transaction on PostgreSQL). Each item is
   * decided exactly like `appendToStream` (expected revision, idempotency by event id, hash chain); if any
   * item fails, the call throws that item's error and nothing is written. Results are in item order
   * (`written: false` for an item already recorded: a retried batch writes nothing twice). A stream may
   * appear only once per call. See docs/CONVENTIONS.md (event store) for the EventStoreDB mapping.
   */
  appendBatch(items: BatchAppendItem[]): Promise<AppendResult[]>;
  /**
   * Optional (PostgreSQL adapter only): `appendToStream` inside the caller's open transaction on `tx`, a
   * client of the store's own database — the events commit or roll back with the caller's rows, so a
   * read model written in that transaction is never behind (or ahead of) the stream. The caller COMMITs
   * or ROLLBACKs; nothing is visible before. Same decision as `appendToStream` (expected revision,
   * idempotency by event id, hash chain), with one difference: a lost race (a concurrent writer of the
   * stream, an event id recorded meanwhile) throws WrongExpectedRevisionError and leaves `tx` aborted —
   * roll back and decide again. Absent on EventStoreDB (no shared transaction with a relational store):
   * callers check for it (see the payment run, docs/CONVENTIONS.md "Event store").
   */
  appendInTransaction?(tx: TransactionClient, streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Wrong expected revision on stream ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends Error {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} not found`);
    this.name = 'StreamNotFoundError';
  }
}

/** Some but not all of the appended event ids are already in the stream (or at another place). */
export class IdempotencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly detail: string,
  ) {
    super(`Idempotency conflict on stream ${streamId}: ${detail}`);
    this.name = 'IdempotencyConflictError';
  }
}

export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Checkpoints are stored as text `commit/prepare`. */
export function formatPosition(p: GlobalPosition): string {
  return `${p.commit}/${p.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const [commit, prepare] = text.split('/');
  if (commit === undefined || prepare === undefined) throw new Error(`Bad position: ${text}`);
  return { commit: BigInt(commit), prepare: BigInt(prepare) };
}

/**
 * The batch is larger than the store accepts in one append (EventStoreDB: 1 MiB by default). Nothing
 * was written: split the command's events or shrink the payload.
 */
export class AppendTooLargeError extends Error {
  constructor(
    readonly streamId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`Append to stream ${streamId} is ${bytes} bytes, above the store's limit of ${limit} bytes`);
    this.name = 'AppendTooLargeError';
  }
}

/**
 * The store did not answer an append in time (deadline, server timeout, connection lost after sending):
 * the events may or may not have been written. Retrying with the same event ids is safe (idempotent).
 */
export class AppendOutcomeUnknownError extends Error {
  constructor(
    readonly streamId: string,
    override readonly cause: unknown,
  ) {
    super(`Append to stream ${streamId}: outcome unknown (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'AppendOutcomeUnknownError';
  }
}

/** The stream was deleted (EventStoreDB tombstone / hard delete): it can neither be read nor appended to. */
export class StreamDeletedError extends Error {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} is deleted`);
    this.name = 'StreamDeletedError';
  }
}

/** The store refused the operation for the configured credentials. */
export class EventStoreAccessDeniedError extends Error {
  constructor(
    readonly operation: string,
    readonly streamId?: string,
  ) {
    super(`Access denied to ${operation}${streamId ? ` on stream ${streamId}` : ''}`);
    this.name = 'EventStoreAccessDeniedError';
  }
}

/** A read or another non-append call did not complete before its deadline. */
export class EventStoreTimeoutError extends Error {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`${operation} did not complete in time (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'EventStoreTimeoutError';
  }
}
