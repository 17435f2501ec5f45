/**
 * Attachments over HTTP on real PostgreSQL with the local content-addressed store (a temp
 * directory): upload against a checklist item (raw body, streamed), digest / size / sniffed type /
 * uploader recorded as AttachmentUploaded, the same bytes twice recorded once, refusals (empty,
 * type outside the allow-list, too large, wrong item, JSON body, other district) store nothing,
 * download checked against the digest (a tampered object is not served), and the 一次性告知书 shows
 * which item is satisfied by which file.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { IDS } from './support/fixtures';
import { startIntake, type IntakeTestApp } from './support/intake-app';
import { completeApplicationBody } from './support/requests';

jest.setTimeout(120_000);

const MAX = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'intake-attachments-'));
let t: IntakeTestApp;
let community: string;
let street: string;
let caseId: string;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'latin1'), randomBytes(2048)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]), randomBytes(4096)]);
const http = () => request(t.app.getHttpServer());
const objects = (): string[] => {
  const root = join(dir, 'sha256');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
};
const staging = () => (existsSync(join(dir, '.staging')) ? readdirSync(join(dir, '.staging')) : []);
const recorded = async () => (await t.store.readStream(`attachment-${caseId}`).catch(() => [])).length;

function upload(bytes: Buffer, query: Record<string, string>, auth = community, contentType = 'application/octet-stream') {
  return http().post(`/applications/${caseId}/attachments`).query(query).set('Authorization', auth).set('Content-Type', contentType).send(bytes);
}

function textOf(pdf: Buffer): string {
  const d = mkdtempSync(join(tmpdir(), 'intake-doc-'));
  writeFileSync(join(d, 'a.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(d, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function binary(path: string, auth: string) {
  const res = await http()
    .get(path)
    .set('Authorization', auth)
    .buffer(true)
    .parse((r, cb) => {
      const c: Buffer[] = [];
      r.on('data', (d: Buffer) => c.push(d));
      r.on('end', () => cb(null, Buffer.concat(c)));
    });
  return res as typeof res & { body: Buffer };
}

beforeAll(async () => {
  t = await startIntake({ env: { INTAKE_ATTACHMENT_DIR: dir, INTAKE_ATTACHMENT_MAX_BYTES: String(MAX) } });
  community = `Bearer ${await t.token('community_officer', { sub: 'officer-community-001' })}`;
  street = `Bearer ${await t.token('street_officer')}`;
  const body = completeApplicationBody({ commitment: undefined });
  body.consents = body.consents.filter((c) => c.residentId !== IDS.spouse);
  const created = await http().post('/applications').set('Authorization', community).send(body);
  expect(created.status).toBe(201);
  caseId = created.body.caseId;
  const submitted = await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({});
  expect(submitted.body.status).toBe('AWAITING_MATERIALS');
});

afterAll(async () => {
  await t?.close();
});

describe('uploading attachments', () => {
  let attachmentId: string;

  it('files a scan against a checklist item: digest, size, media type sniffed from the bytes (not the client), uploader recorded; stored under its digest', async () => {
    const res = await upload(PDF, { kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT', fileName: '承诺书.pdf' }, community, 'image/png');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId,
      kind: 'MATERIAL',
      itemKey: 'SIGNED_COMMITMENT',
      digest: sha(PDF),
      sizeBytes: PDF.length,
      mediaType: 'application/pdf',
      fileName: '承诺书.pdf',
      storage: 'local',
      documentRef: `attachment:${sha(PDF)}`,
      alreadyRecorded: false,
      uploadedBy: { id: 'officer-community-001', role: 'community_officer' },
    });
    attachmentId = res.body.attachmentId;
    const events = await t.store.readStream(`attachment-${caseId}`);
    expect(events.map((e) => e.type)).toEqual(['AttachmentUploaded']);
    expect(events[0]!.metadata.actor).toMatchObject({ id: 'officer-community-001', role: 'community_officer' });
    expect(objects()).toEqual([sha(PDF)]);
    expect(staging()).toEqual([]);
  });

  it('the same bytes against the same item again record nothing new and store nothing twice', async () => {
    const res = await upload(PDF, { kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT', fileName: '承诺书.pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ attachmentId, alreadyRecorded: true });
    expect(await recorded()).toBe(1);
    expect(objects()).toEqual([sha(PDF)]);
  });

  it('a visit photo is filed against the visit', async () => {
    const res = await upload(JPEG, { kind: 'VISIT_PHOTO', itemKey: 'visit-2026-03-04', fileName: '入户照片1.jpg' }, street);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'VISIT_PHOTO', mediaType: 'image/jpeg', sizeBytes: JPEG.length });
    expect(await recorded()).toBe(2);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 400, 'empty_file'],
    ['an HTML page sent as a picture', Buffer.from('<html><body><script>alert(1)</script></body></html>'), 415, 'media_type_not_allowed'],
    ['a Windows executable', Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(512)]), 415, 'media_type_not_allowed'],
    ['a zip archive', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(512)]), 415, 'media_type_not_allowed'],
    ['a file over the size limit', Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(MAX + 10)]), 413, 'attachment_too_large'],
  ])('refuses %s with problem+json naming the file, storing and recording nothing', async (_what, bytes, status, code) => {
    const before = { objects: objects().length, events: await recorded() };
    const res = await upload(bytes, { kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT', fileName: 'x.pdf' });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    expect(objects().length).toBe(before.objects);
    expect(await recorded()).toBe(before.events);
    expect(staging()).toEqual([]);
  });

  it('cuts a chunked upload (no Content-Length) while streaming once it passes the limit: 413, nothing stored', async () => {
    const before = { objects: objects().length, events: await recorded() };
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/applications/${caseId}/attachments?kind=MATERIAL&itemKey=SIGNED_COMMITMENT`,
          headers: { Authorization: community, 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(Buffer.from('%PDF-1.4\n'));
      let sent = 0;
      const pump = () => {
        while (sent < MAX * 2) {
          sent += 64 * 1024;
          if (!req.write(randomBytes(64 * 1024))) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).code).toBe('attachment_too_large');
    expect(objects().length).toBe(before.objects);
    expect(await recorded()).toBe(before.events);
    expect(staging()).toEqual([]);
  });

  it('refuses an item that is not on the checklist, a missing kind, a JSON body and another district, storing nothing', async () => {
    const before = { objects: objects().length, events: await recorded() };
    const wrongItem = await upload(JPEG, { kind: 'MATERIAL', itemKey: 'PASSPORT' });
    expect(wrongItem.status).toBe(400);
    expect(wrongItem.body.errors).toEqual([expect.objectContaining({ field: 'itemKey' })]);
    const noKind = await upload(JPEG, { itemKey: 'SIGNED_COMMITMENT' });
    expect(noKind.status).toBe(400);
    expect(noKind.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    const json = await http()
      .post(`/applications/${caseId}/attachments`)
      .query({ kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT' })
      .set('Authorization', community)
      .send({ file: 'JVBERi0xLjQK' });
    expect(json.status).toBe(415);
    const other = `Bearer ${await t.token('community_officer', { jurisdiction: '330105001001' })}`;
    const outside = await upload(PDF, { kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT' }, other);
    expect(outside.status).toBe(403);
    expect(objects().length).toBe(before.objects);
    expect(await recorded()).toBe(before.events);
  });
});

describe('downloading and the one-time notice', () => {
  it('lists the attachments and serves the bytes checked against their digest', async () => {
    const list = await http().get(`/applications/${caseId}/attachments`).set('Authorization', street);
    expect(list.status).toBe(200);
    expect(list.body.map((a: { kind: string }) => a.kind)).toEqual(['MATERIAL', 'VISIT_PHOTO']);
    const id = list.body[0].attachmentId;
    const res = await binary(`/applications/${caseId}/attachments/${id}`, street);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(sha(PDF), 'hex').toString('base64')}:`);
    expect(res.body.equals(PDF)).toBe(true);
  });

  it('the 一次性告知书 shows the uploaded file on its item, then the file that satisfies it once supplied', async () => {
    const before = textOf((await binary(`/applications/${caseId}/documents/materials-notice`, street)).body);
    expect(before).toContain(`1.申请人签字的承诺书（待补正；已上传文件「承诺书.pdf」（sha256:${sha(PDF).slice(0, 12)}），待经办人确认）`);
    const supplied = await http()
      .post(`/applications/${caseId}/materials`)
      .set('Authorization', community)
      .send({ documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: `attachment:${sha(PDF)}` }] });
    expect(supplied.status).toBe(200);
    const after = textOf((await binary(`/applications/${caseId}/documents/materials-notice`, street)).body);
    expect(after).toContain(`1.申请人签字的承诺书（已补正：文件「承诺书.pdf」（sha256:${sha(PDF).slice(0, 12)}），2026年3月2日）`);
    expect(after).toMatch(/2\.家庭成员李娜（[^）]+）签字的家庭经济状况核对授权书（待补正）/);
  });

  it('a stored object that no longer matches its digest is not served (502 problem+json)', async () => {
    const list = await http().get(`/applications/${caseId}/attachments`).set('Authorization', street);
    const photo = list.body[1];
    const path = join(dir, 'sha256', photo.digest.slice(0, 2), photo.digest.slice(2, 4), photo.digest);
    writeFileSync(path, Buffer.concat([JPEG.subarray(0, 100), Buffer.from('tampered')]));
    const res = await http().get(`/applications/${caseId}/attachments/${photo.attachmentId}`).set('Authorization', street);
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('attachment_integrity');
    const unknown = await http().get(`/applications/${caseId}/attachments/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).set('Authorization', street);
    expect(unknown.status).toBe(404);
  });
});
