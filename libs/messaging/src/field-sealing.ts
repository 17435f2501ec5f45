import { EncryptingEventStore, processFieldEncryptor, type FieldEncryptor } from '@sa/crypto';
import type { EventStore } from '@sa/eventstore';

/**
 * Personal fields between services (issue 18 item 5): integration events travel with their
 * personal fields encrypted under the case's data key (subject = metadata.correlationId, the same
 * key as the case's events in the store), bound to the integration event id. The relay seals each
 * event after mapping it; the inbox consumer opens it before the handler runs, with the process's
 * key store (the consumer's "grant"); a consumer built with `fields: null` (statistics and the
 * like) only ever sees the ciphertext form, which the contracts accept for personal fields.
 * After the case's key is shredded the fields of every message still in the topics read `已销毁`.
 */
interface SealableEvent {
  id: string;
  type?: string;
  data: unknown;
  subject?: string;
  metadata?: { correlationId?: string; reason?: unknown };
}

function isSealable(e: unknown): e is SealableEvent {
  return typeof e === 'object' && e !== null && typeof (e as SealableEvent).id === 'string' && 'data' in e;
}

/** The associated data of an integration event's fields: its id (and the JSON path, added per field). */
export function integrationEventContext(eventId: string): string {
  return `ie:${eventId.toLowerCase()}`;
}

export async function sealIntegrationEvent<E>(event: E, fields: FieldEncryptor): Promise<E> {
  if (!isSealable(event)) return event;
  const subject = event.metadata?.correlationId ?? event.subject;
  if (!subject) return event;
  const context = integrationEventContext(event.id);
  // the event type's own free-text fields (a decision's reason, a lead's description) too, and a text metadata.reason
  const data = await fields.encrypt(event.data, subject, context, undefined, typeof event.type === 'string' ? event.type : undefined);
  const metadata = event.metadata ? await fields.sealMetadata(event.metadata, subject, context) : event.metadata;
  return data === event.data && metadata === event.metadata ? event : ({ ...event, data, metadata } as E);
}

export async function openIntegrationEvent<E>(event: E, fields: FieldEncryptor): Promise<E> {
  if (!isSealable(event)) return event;
  const context = integrationEventContext(event.id);
  const { value } = await fields.decrypt(event.data, context);
  const metadata = event.metadata ? await fields.openMetadata(event.metadata, context) : event.metadata;
  return value === event.data && metadata === event.metadata ? event : ({ ...event, data: value, metadata } as E);
}

/** The relay's encryptor: explicit, else the encrypting store's (FIELD_ENCRYPTION on), else none. */
export function relayFieldEncryptor(store: EventStore, explicit: FieldEncryptor | null | undefined): FieldEncryptor | undefined {
  if (explicit !== undefined) return explicit ?? undefined;
  return store instanceof EncryptingEventStore ? store.encryptor : undefined;
}

/** The consumer's encryptor: explicit (null = never decrypt), else the process's key store. */
export function consumerFieldEncryptor(explicit: FieldEncryptor | null | undefined): FieldEncryptor | undefined {
  if (explicit !== undefined) return explicit ?? undefined;
  return processFieldEncryptor();
}
