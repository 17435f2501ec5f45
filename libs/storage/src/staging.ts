import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES } from './sniff';

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

export interface StagedUpload {
  stagedPath: string;
  /** sha256 hex of the bytes. */
  digest: string;
  sizeBytes: number;
  /** The first bytes, for sniffing the media type. */
  head: Buffer;
}

/** Counts, hashes and keeps the first bytes while they flow; fails past `maxBytes`. */
class Measure extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  head = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new UploadTooLargeError(this.maxBytes));
    if (this.head.length < SNIFF_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/**
 * Streams an upload into a staging file (constant memory: chunks go straight to disk) while hashing
 * it, counting it and keeping its first bytes. Past `maxBytes` the stream is cut, the staged file
 * removed and `UploadTooLargeError` thrown.
 */
export async function stageUpload(source: Readable, stagingDir: string, maxBytes: number): Promise<StagedUpload> {
  await mkdir(stagingDir, { recursive: true });
  const stagedPath = join(stagingDir, `${randomUUID()}.part`);
  const measure = new Measure(maxBytes);
  try {
    await pipeline(source, measure, createWriteStream(stagedPath, { flags: 'wx' }));
  } catch (e) {
    await rm(stagedPath, { force: true });
    throw e;
  }
  return { stagedPath, digest: measure.hash.digest('hex'), sizeBytes: measure.size, head: measure.head };
}

export class DigestMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Stored bytes do not match their digest: expected ${expected}, read ${actual}`);
  }
}

/** A pass-through that hashes what flows and fails at the end when the bytes do not match `expected`. */
export function verifyingStream(expected: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest('hex');
      done(actual === expected ? null : new DigestMismatchError(expected, actual));
    },
  });
}

/** Reads a stream to its end and returns its sha256 hex (constant memory). */
export async function digestOf(source: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
