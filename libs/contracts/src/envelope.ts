/**
 * The envelope every public integration event travels in. It mirrors CloudEvents 1.0 attributes
 * (id, type, source, subject, time, dataschema via type+schemaVersion) plus our audit metadata.
 */
import { EVENT_CATALOGUE, type EventData, type IntegrationEventType } from './catalogue';
import type { Context } from './contexts';
import type { ActorRef, DocumentRef, PolicyVersion } from './types/common';
import { ContractViolationError, validateEventMetadata, validateIntegrationEvent } from './validation';

export interface IntegrationEventMetadata {
  /** The case id (every event of one case shares it, across contexts). */
  correlationId: string;
  /** Id of the command or event that caused this one. */
  causationId: string;
  actor: ActorRef;
  /** For decisions: the reason recorded with the decision. */
  reason?: string;
  evidenceRefs?: DocumentRef[];
  policyVersion?: PolicyVersion;
}

export interface IntegrationEvent<T = unknown, K extends string = string> {
  /** UUID = the id of the source event in the event store (consumers de-duplicate on it). */
  id: string;
  type: K;
  schemaVersion: number;
  /** Producing context. */
  source: Context;
  /** The case id (for PaymentRunCompleted: the run id). Also the Kafka key. */
  subject: string;
  /** When it happened (business time), ISO-8601 with offset, e.g. `2025-03-04T09:30:00+08:00`. */
  time: string;
  data: T;
  metadata: IntegrationEventMetadata;
}

/** An integration event of one known type at its current schema version. */
export type TypedIntegrationEvent<K extends IntegrationEventType> = IntegrationEvent<EventData<K>, K>;

/** Union of every known integration event (current versions), discriminated on `type`. */
export type AnyIntegrationEvent = { [K in IntegrationEventType]: TypedIntegrationEvent<K> }[IntegrationEventType];

export interface CreateIntegrationEventOptions {
  /** The source event's id in the event store (deterministic, so a relay restart re-publishes the same id). */
  id: string;
  time: string;
  metadata: IntegrationEventMetadata;
  /** Defaults to the catalogue's current version. */
  schemaVersion?: number;
  /** Validate data and metadata against the contract (default true); throws ContractViolationError. */
  validate?: boolean;
}

/** Builds the envelope: source and subject come from the catalogue (caseId, or runId). */
export function createIntegrationEvent<K extends IntegrationEventType>(
  type: K,
  data: EventData<K>,
  options: CreateIntegrationEventOptions,
): TypedIntegrationEvent<K> {
  const entry = EVENT_CATALOGUE[type];
  const schemaVersion = options.schemaVersion ?? entry.currentVersion;
  if (options.validate !== false) {
    const errors = [
      ...validateIntegrationEvent(type, schemaVersion, data).errors,
      ...validateEventMetadata(options.metadata).errors,
    ];
    if (errors.length > 0) throw new ContractViolationError(type, schemaVersion, errors);
  }
  const subject = (data as unknown as Record<string, unknown>)[entry.key];
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new ContractViolationError(type, schemaVersion, [`/${entry.key}: is required (it is the subject and Kafka key)`]);
  }
  return {
    id: options.id,
    type,
    schemaVersion,
    source: entry.context,
    subject,
    time: options.time,
    data,
    metadata: options.metadata,
  };
}

/** Narrows an event to a known type (check `schemaVersion` too when several versions are live). */
export function isEventOfType<K extends IntegrationEventType>(event: IntegrationEvent, type: K): event is TypedIntegrationEvent<K> {
  return event.type === type;
}

/** The case id of an event, or null for events that concern no single case (PaymentRunCompleted). */
export function caseIdOf(event: IntegrationEvent): string | null {
  const data = event.data as Record<string, unknown> | null;
  const caseId = data && typeof data === 'object' ? data.caseId : undefined;
  return typeof caseId === 'string' ? caseId : null;
}
