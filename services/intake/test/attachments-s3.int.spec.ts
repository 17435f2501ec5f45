/**
 * Intake's attachments with INTAKE_ATTACHMENT_STORE=s3 against a REAL S3-compatible server (Adobe
 * S3Mock 3.12.0 from Maven Central, `bash deploy/s3/s3mock.sh up`; the server is read from
 * S3_ENDPOINT / S3_BUCKET, `eval "$(bash deploy/s3/s3mock.sh env)"`): upload, the object in the
 * bucket under its digest, download verified, a refusal stores nothing in the bucket.
 */
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { IDS } from './support/fixtures';
import { startIntake, type IntakeTestApp } from './support/intake-app';
import { completeApplicationBody } from './support/requests';

jest.setTimeout(120_000);

const endpoint = process.env.S3_ENDPOINT;
const bucket = process.env.S3_BUCKET ?? 'sa-attachments';
const credentials = { accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 's3mock-local', secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 's3mock-local-secret' };
let t: IntakeTestApp;
let s3: S3Client;
let community: string;
let caseId: string;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300_000)]);
const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'sha256/' }))).Contents ?? []).map((o) => o.Key);

beforeAll(async () => {
  if (!endpoint) throw new Error('S3_ENDPOINT is not set: run `bash deploy/s3/s3mock.sh up && eval "$(bash deploy/s3/s3mock.sh env)"` first');
  s3 = new S3Client({ endpoint, region: process.env.S3_REGION ?? 'us-east-1', forcePathStyle: true, credentials });
  t = await startIntake({
    env: {
      INTAKE_ATTACHMENT_STORE: 's3',
      INTAKE_ATTACHMENT_DIR: mkdtempSync(join(tmpdir(), 'intake-s3-staging-')),
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: process.env.S3_REGION ?? 'us-east-1',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
  });
  community = `Bearer ${await t.token('community_officer')}`;
  const body = completeApplicationBody({ commitment: undefined });
  body.consents = body.consents.filter((c) => c.residentId !== IDS.spouse);
  const created = await request(t.app.getHttpServer()).post('/applications').set('Authorization', community).send(body);
  caseId = created.body.caseId;
  await request(t.app.getHttpServer()).post(`/applications/${caseId}/submission`).set('Authorization', community).send({});
});

afterAll(async () => {
  s3?.destroy();
  await t?.close();
});

describe(`attachments in an S3 bucket (${endpoint ?? 'S3_ENDPOINT unset'})`, () => {
  it('stores the upload in the bucket under its digest, records storage s3, and serves it back verified', async () => {
    const res = await request(t.app.getHttpServer())
      .post(`/applications/${caseId}/attachments`)
      .query({ kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT', fileName: 'scan.png' })
      .set('Authorization', community)
      .set('Content-Type', 'application/octet-stream')
      .send(PNG);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ storage: 's3', mediaType: 'image/png', digest: sha(PNG), sizeBytes: PNG.length });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `sha256/${sha(PNG)}` }));
    expect(head.ContentLength).toBe(PNG.length);
    expect(head.Metadata?.sha256).toBe(sha(PNG));
    const down = await request(t.app.getHttpServer())
      .get(`/applications/${caseId}/attachments/${res.body.attachmentId}`)
      .set('Authorization', community)
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (d: Buffer) => c.push(d));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });
    expect(down.status).toBe(200);
    expect((down.body as Buffer).equals(PNG)).toBe(true);
  });

  it('a refused upload puts nothing in the bucket', async () => {
    const before = await keys();
    const res = await request(t.app.getHttpServer())
      .post(`/applications/${caseId}/attachments`)
      .query({ kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT' })
      .set('Authorization', community)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('#!/bin/sh\nrm -rf /\n'));
    expect(res.status).toBe(415);
    expect(await keys()).toEqual(before);
  });
});
