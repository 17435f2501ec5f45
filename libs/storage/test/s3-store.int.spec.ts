/**
 * The S3 adapter against a REAL S3-compatible server: Adobe's S3Mock 3.12.0 (Maven Central
 * com.adobe.testing:s3mock, exec jar) started by `bash deploy/s3/s3mock.sh up`; the test reads the
 * server from S3_ENDPOINT / S3_BUCKET (`eval "$(bash deploy/s3/s3mock.sh env)"`). Without
 * S3_ENDPOINT it fails with that instruction (.ci/run starts the server), never pretends.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectNotFoundError, S3ObjectStore, digestOf } from '../src';

jest.setTimeout(120_000);

const endpoint = process.env.S3_ENDPOINT;
let store: S3ObjectStore;

beforeAll(() => {
  if (!endpoint) throw new Error('S3_ENDPOINT is not set: run `bash deploy/s3/s3mock.sh up && eval "$(bash deploy/s3/s3mock.sh env)"` first');
  store = new S3ObjectStore({
    endpoint,
    region: process.env.S3_REGION ?? 'us-east-1',
    bucket: process.env.S3_BUCKET ?? 'sa-attachments',
    accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 's3mock-local',
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 's3mock-local-secret',
    prefix: `test-${randomBytes(4).toString('hex')}/`,
  });
});

afterAll(() => store?.destroy());

function staged(bytes: Buffer): { path: string; digest: string } {
  const path = join(mkdtempSync(join(tmpdir(), 's3-')), 'upload.part');
  writeFileSync(path, bytes);
  return { path, digest: createHash('sha256').update(bytes).digest('hex') };
}

describe(`S3ObjectStore on a real S3-compatible server (${endpoint ?? 'S3_ENDPOINT unset'})`, () => {
  it('puts a staged 8 MiB file as a stream under its digest, once; reads it back byte for byte; removes the staged file', async () => {
    const bytes = randomBytes(8 * 1024 * 1024);
    const a = staged(bytes);
    expect(await store.exists(a.digest)).toBe(false);
    expect(await store.putStaged(a.digest, a.path, bytes.length, 'application/pdf')).toEqual({ created: true });
    expect(existsSync(a.path)).toBe(false);
    expect(await store.exists(a.digest)).toBe(true);
    expect(await digestOf(await store.open(a.digest))).toBe(a.digest);
    const b = staged(bytes);
    expect(await store.putStaged(b.digest, b.path, bytes.length, 'application/pdf')).toEqual({ created: false });
    expect(existsSync(b.path)).toBe(false);
  });

  it('an absent object is ObjectNotFoundError; remove deletes', async () => {
    const c = staged(Buffer.from('%PDF-1.4 tiny'));
    await expect(store.open(c.digest)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.putStaged(c.digest, c.path, 13, 'application/pdf');
    await store.remove(c.digest);
    expect(await store.exists(c.digest)).toBe(false);
  });
});
