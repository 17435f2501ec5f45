import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestMismatchError, digestOf, LocalContentAddressedStore, sniffMediaType, stageUpload, UploadTooLargeError, verifyingStream } from '../src';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

describe('media type sniffing (from the bytes, not the client)', () => {
  it.each([
    ['application/pdf', Buffer.from('%PDF-1.7\n...')],
    ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['image/png', PNG],
    ['image/webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')],
    ['image/heic', Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00', 'latin1')],
    ['application/x-msdownload', Buffer.from('MZ\x90\x00', 'latin1')],
    ['application/zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])],
  ])('recognises %s', (type, bytes) => expect(sniffMediaType(bytes)).toBe(type));

  it('does not recognise text or an HTML page dressed as a picture', () => {
    expect(sniffMediaType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
  });
});

describe('staging and the local content-addressed store', () => {
  const root = () => mkdtempSync(join(tmpdir(), 'storage-'));

  it('streams an upload to a staging file with its digest, size and first bytes; stores it once under its digest', async () => {
    const store = new LocalContentAddressedStore(root());
    const staged = await stageUpload(Readable.from([PNG.subarray(0, 5), PNG.subarray(5)]), store.stagingDir, 1000);
    expect(staged).toMatchObject({ digest: sha(PNG), sizeBytes: PNG.length });
    expect(sniffMediaType(staged.head)).toBe('image/png');
    expect(await store.putStaged(staged.digest, staged.stagedPath)).toEqual({ created: true });
    expect(existsSync(staged.stagedPath)).toBe(false);
    expect(readFileSync(store.pathOf(sha(PNG))).equals(PNG)).toBe(true);
    const again = await stageUpload(Readable.from([PNG]), store.stagingDir, 1000);
    expect(await store.putStaged(again.digest, again.stagedPath)).toEqual({ created: false });
    expect(existsSync(again.stagedPath)).toBe(false);
    expect(await digestOf(await store.open(sha(PNG)))).toBe(sha(PNG));
  });

  it('cuts an upload past the limit and leaves nothing staged', async () => {
    const store = new LocalContentAddressedStore(root());
    await expect(stageUpload(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), store.stagingDir, 1000)).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(readdirSync(store.stagingDir)).toEqual([]);
  });

  it('a verifying stream fails when the stored bytes were altered', async () => {
    const store = new LocalContentAddressedStore(root());
    const staged = await stageUpload(Readable.from([PNG]), store.stagingDir, 1000);
    await store.putStaged(staged.digest, staged.stagedPath);
    writeFileSync(store.pathOf(staged.digest), Buffer.concat([PNG, Buffer.from('x')]));
    const sink: Buffer[] = [];
    const collect = async (src: AsyncIterable<Buffer>) => {
      for await (const c of src) sink.push(c);
    };
    await expect(pipeline(await store.open(staged.digest), verifyingStream(staged.digest), collect)).rejects.toBeInstanceOf(DigestMismatchError);
  });
});
