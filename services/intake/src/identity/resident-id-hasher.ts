import { createHmac } from 'node:crypto';
import { BLIND_INDEX_SUBJECT, blindIndexWith, isCiphertext, type FieldEncryptor, type KeyStore } from '@sa/crypto';
import { normaliseResidentId } from '../domain';

/**
 * Personal data in intake's own tables.
 *
 * Look-ups: a keyed blind index of a resident ID (duplicate reservations, search, status check,
 * declared relatives, the read log's persons) or of a name (search by applicant name). With field
 * encryption on (the default) it is HMAC-SM3 under the deployment's blind-index key
 * (`@sa/crypto` DataKeys.blindIndex, kind `residentId` / `name`: the same value every service
 * computes); with it off, HMAC-SHA256 under `INTAKE_RESIDENT_ID_KEY`. A leaked table does not give
 * the IDs away, and without the key the 18-digit space cannot be enumerated.
 *
 * Columns: `seal` encrypts a personal column value under the case's data key (the key of the
 * case's events, so shredding the case makes the row read `已销毁` too); `open` decrypts for display.
 */
export class ResidentIdHasher {
  private readonly blindIndexKey?: Buffer;
  private readonly key?: string;

  constructor(
    key: string | { blindIndexKey: Buffer },
    readonly fields: FieldEncryptor | null = null,
  ) {
    if (typeof key === 'string') {
      if (key.length < 32) throw new Error('the resident-ID key must have at least 32 characters');
      this.key = key;
    } else {
      this.blindIndexKey = key.blindIndexKey;
    }
  }

  /** The hasher of the deployment's key store (HMAC-SM3 blind index, encrypted columns), or the legacy keyed hash. */
  static async create(legacyKey: string, keys: KeyStore | null): Promise<ResidentIdHasher> {
    if (!keys) return new ResidentIdHasher(legacyKey);
    const { key } = await keys.dataKeys.keyFor(BLIND_INDEX_SUBJECT);
    return new ResidentIdHasher({ blindIndexKey: key }, keys.fields);
  }

  hash(residentId: string): string {
    return this.index('residentId', normaliseResidentId(residentId));
  }

  /** Blind index of a full name (exact match after trimming). */
  nameIndex(name: string): string {
    return this.index('name', name.trim());
  }

  private index(kind: string, value: string): string {
    if (this.blindIndexKey) return blindIndexWith(this.blindIndexKey, kind, value);
    const text = kind === 'residentId' ? value : `${kind}\u0000${value}`;
    return createHmac('sha256', this.key!).update(text, 'utf8').digest('hex');
  }

  /** The stored form of a personal column value: encrypted under the case's (subject's) data key. */
  async seal(value: string, subject: string, column: string): Promise<string> {
    return this.fields ? this.fields.encryptValue(value, subject, `intake.${column}`) : value;
  }

  /** The display form of a stored column value (`已销毁` once the case's key is destroyed). */
  async open(value: string, column: string): Promise<string> {
    if (!this.fields || !isCiphertext(value)) return value;
    const clear = await this.fields.decryptValue(value, `intake.${column}`);
    return typeof clear === 'string' ? clear : String(clear);
  }
}

export const RESIDENT_ID_HASHER = Symbol('RESIDENT_ID_HASHER');
