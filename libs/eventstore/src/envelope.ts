import { createHash } from 'node:crypto';
import type { EventMetadata, NewEvent } from './port';

/**
 * Namespace of every event id derived from a command id (UUID v5, RFC 4122 §4.3).
 * Fixed forever: changing it would change the ids of retried commands and break idempotency.
 */
export const EVENT_ID_NAMESPACE = '5b8f6c1e-3d0a-5c4e-9a57-2f1d8e6b7c40';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

function uuidToBytes(uuid: string): Buffer {
  if (!isUuid(uuid)) throw new TypeError(`Not a UUID: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Name-based UUID, version 5 (SHA-1), RFC 4122 §4.3. `name` is encoded as UTF-8. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidToBytes(namespace)).update(Buffer.from(name, 'utf8')).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return bytesToUuid(bytes);
}

/**
 * Deterministic event id for the `index`-th event produced by command `commandId`: a retried command
 * produces the same ids, so the event store recognises the retry (idempotent append).
 */
export function eventIdFor(commandId: string, index: number): string {
  if (!commandId) throw new TypeError('commandId is required');
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError(`Bad event index: ${index}`);
  return uuidV5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);
}

/** Lower-case canonical form; the stores and the hash chain always use it. */
export function normalizeEventId(eventId: string): string {
  if (!isUuid(eventId)) throw new TypeError(`eventId must be a UUID, got ${JSON.stringify(eventId)}`);
  return eventId.toLowerCase();
}

/** Convenience builder for a NewEvent whose id derives from the command id. */
export function newEvent<TData>(args: {
  commandId: string;
  index: number;
  type: string;
  data: TData;
  metadata: EventMetadata;
  schemaVersion?: number;
}): NewEvent<TData> {
  return {
    eventId: eventIdFor(args.commandId, args.index),
    type: args.type,
    schemaVersion: args.schemaVersion ?? 1,
    data: args.data,
    metadata: args.metadata,
  };
}

/** Checks the parts of a NewEvent every adapter relies on; throws TypeError with the offending field. */
export function validateNewEvent(event: NewEvent, index: number): void {
  const where = `events[${index}]`;
  if (!event || typeof event !== 'object') throw new TypeError(`${where} must be an object`);
  if (typeof event.eventId !== 'string' || !isUuid(event.eventId)) throw new TypeError(`${where}.eventId must be a UUID`);
  if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError(`${where}.type is required`);
  if (event.type.startsWith('$')) throw new TypeError(`${where}.type must not start with '$' (reserved for system events)`);
  if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
    throw new TypeError(`${where}.schemaVersion must be a positive integer`);
  }
  if (event.data === undefined) throw new TypeError(`${where}.data is required (use null for no data)`);
  if (!event.metadata || typeof event.metadata !== 'object' || Array.isArray(event.metadata)) {
    throw new TypeError(`${where}.metadata must be an object`);
  }
  for (const key of Object.keys(event.metadata)) {
    if (key.startsWith('$')) {
      throw new TypeError(`${where}.metadata.${key}: metadata keys starting with '$' are reserved for the event store`);
    }
  }
}
