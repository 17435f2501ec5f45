import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { assertDigest, ObjectNotFoundError, type ObjectStorage } from './object-storage';

export interface S3StoreOptions {
  /** e.g. `http://127.0.0.1:9090` (S3Mock, MinIO, Ceph RGW …); omit for AWS itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`), which most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Key prefix inside the bucket (default `sha256/`). */
  prefix?: string;
}

const isNotFound = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NotFound' || err?.name === 'NoSuchKey' || err?.$metadata?.httpStatusCode === 404;
};

/**
 * S3-compatible adapter (AWS SDK v3). Objects are keyed `<prefix><digest>`; the staged file is sent
 * as a stream with its length (one PUT, constant memory), with the sha256 as object metadata.
 */
export class S3ObjectStore implements ObjectStorage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly prefix: string;

  constructor(readonly options: S3StoreOptions) {
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    });
    this.prefix = options.prefix ?? 'sha256/';
  }

  keyOf(digest: string): string {
    assertDigest(digest);
    return `${this.prefix}${digest}`;
  }

  async putStaged(digest: string, stagedPath: string, sizeBytes: number, mediaType: string): Promise<{ created: boolean }> {
    try {
      if (await this.exists(digest)) return { created: false };
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(digest),
          Body: createReadStream(stagedPath),
          ContentLength: sizeBytes,
          ContentType: mediaType,
          Metadata: { sha256: digest },
        }),
      );
      return { created: true };
    } finally {
      await rm(stagedPath, { force: true });
    }
  }

  async open(digest: string): Promise<Readable> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(digest) }));
      return res.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new ObjectNotFoundError(digest);
      throw e;
    }
  }

  async exists(digest: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(digest) }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async remove(digest: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(digest) }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
