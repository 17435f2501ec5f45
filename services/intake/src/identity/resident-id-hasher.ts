import { createHmac } from 'node:crypto';
import { normaliseResidentId } from '../domain';

/**
 * Keyed hash (HMAC-SHA256) of a resident ID. Tables that look people up by resident ID (duplicate
 * reservations, search, status check, declared relatives) store this hash, never the ID: a leaked
 * table does not give the IDs away, and without the key the 18-digit space cannot be enumerated.
 */
export class ResidentIdHasher {
  constructor(private readonly key: string) {
    if (key.length < 32) throw new Error('the resident-ID key must have at least 32 characters');
  }

  hash(residentId: string): string {
    return createHmac('sha256', this.key).update(normaliseResidentId(residentId), 'utf8').digest('hex');
  }
}

export const RESIDENT_ID_HASHER = Symbol('RESIDENT_ID_HASHER');
