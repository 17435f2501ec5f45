import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../port';

/**
 * A read-model projection: what it handles and how a batch of events changes its tables. Run by the
 * `ProjectionProcessor`, which calls `handle` inside the PostgreSQL transaction that also moves the
 * projection's checkpoint, so the read model sees every event exactly once. The shape of emmett's
 * `postgreSQLProjection` (`name`, `canHandle`, `handle(events, context)`), on our event store's port.
 *
 * A handler takes every value from the events (times from `recordedAt` / `metadata.occurredAt`,
 * never `now()`), so a rebuild yields the same rows.
 */
export interface ProjectionDefinition {
  /** Unique in the service: the projection's row in the checkpoint table. */
  readonly name: string;
  /** Event types handed to `handle`; the others only move the checkpoint. */
  readonly canHandle: readonly string[];
  /** Stream categories read from the store (narrows the read; default all). */
  readonly streamCategories?: readonly string[];
  /** Tables of the service schema this projection owns: emptied and rebuilt by a rebuild, covered by its digest. */
  readonly tables: readonly string[];
  /** Applies events (global order, newer than the checkpoint, of the types in `canHandle`) inside `tx`. */
  handle(events: readonly RecordedEvent[], tx: PoolClient): Promise<void>;
}

/** Identity helper giving the definition its type (emmett's `projection()`). */
export function projection<T extends ProjectionDefinition>(definition: T): T {
  return definition;
}

/** Object first, then message (pino's and Nest-backed loggers fit). */
export interface ProjectionLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
