import type { Readable } from 'node:stream';

/** Injection token of the object-storage port. */
export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');

/**
 * Object-storage port: content-addressed blobs (the key is the sha256 hex of the bytes). Adapters:
 * `LocalContentAddressedStore` (default, a directory) and `S3ObjectStore` (any S3-compatible server).
 * Bytes always move as streams, never whole in memory.
 */
export interface ObjectStorage {
  /** `local` or `s3`: recorded with each attachment. */
  readonly kind: 'local' | 's3';
  /**
   * Stores the staged file under its digest and removes the staged file. `created` is false when
   * the store already held these bytes (content addressing: nothing is stored twice).
   */
  putStaged(digest: string, stagedPath: string, sizeBytes: number, mediaType: string): Promise<{ created: boolean }>;
  /** The stored bytes as a stream (rejects with `ObjectNotFoundError` when absent). */
  open(digest: string): Promise<Readable>;
  exists(digest: string): Promise<boolean>;
  /** Removes a blob (used only to undo a put whose record could not be written). */
  remove(digest: string): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly digest: string) {
    super(`No stored object ${digest}`);
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertDigest(digest: string): void {
  if (!SHA256_HEX.test(digest)) throw new TypeError(`not a sha256 hex digest: ${digest}`);
}
