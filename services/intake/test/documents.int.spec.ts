/**
 * Intake's printable notices over HTTP on real PostgreSQL: 一次性告知书 (which file satisfies which
 * item) and 不予受理通知书 (reason and remedies), rendered from the case's events, the same bytes
 * twice, the digest recorded as DocumentIssued. The PDF's text is read back with pdftotext
 * (deploy/documents/prerequisites.sh).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { completeApplicationBody, consentBody } from './support/requests';
import { IDS, residentId } from './support/fixtures';
import { startIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(90_000);

let t: IntakeTestApp;
let community: string;
let street: string;

beforeAll(async () => {
  t = await startIntake();
  community = `Bearer ${await t.token('community_officer')}`;
  street = `Bearer ${await t.token('street_officer')}`;
});

afterAll(async () => {
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'intake-doc-'));
  writeFileSync(join(dir, 'a.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function pdf(path: string) {
  const res = await http()
    .get(path)
    .set('Authorization', street)
    .buffer(true)
    .parse((r, cb) => {
      const c: Buffer[] = [];
      r.on('data', (d: Buffer) => c.push(d));
      r.on('end', () => cb(null, Buffer.concat(c)));
    });
  return res as typeof res & { body: Buffer };
}

describe('一次性告知书', () => {
  let caseId: string;

  beforeAll(async () => {
    const body = completeApplicationBody({ commitment: undefined });
    body.consents = body.consents.filter((c) => c.residentId !== IDS.spouse);
    const created = await http().post('/applications').set('Authorization', community).send(body);
    expect(created.status).toBe(201);
    caseId = created.body.caseId;
    const submitted = await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({});
    expect(submitted.body.status).toBe('AWAITING_MATERIALS');
  });

  it('lists every missing item once, all pending; the same events give the same bytes and one DocumentIssued', async () => {
    const one = await pdf(`/applications/${caseId}/documents/materials-notice`);
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toContain('application/pdf');
    const two = await pdf(`/applications/${caseId}/documents/materials-notice`);
    expect(two.body.equals(one.body)).toBe(true);
    const text = textOf(one.body);
    expect(text).toContain('一次性告知书');
    expect(text).toContain('1.申请人签字的承诺书（待补正）');
    expect(text).toMatch(/2\.家庭成员李娜（[^）]+）签字的家庭经济状况核对授权书（待补正）/);
    expect(text).toContain('尚有2项材料待补正');
    expect(text).not.toContain(IDS.spouse); // resident IDs masked on paper too
    const issued = await t.store.readStream(`document-${caseId}`);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.data).toMatchObject({ kind: 'MATERIALS_NOTICE', digest: one.headers['x-document-digest'], sizeBytes: one.body.length });
  });

  it('after a partial supply shows which file satisfies which item; a new digest is recorded', async () => {
    const supplied = await http()
      .post(`/applications/${caseId}/materials`)
      .set('Authorization', community)
      .send({ documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: 'doc:commitment:0002' }] });
    expect(supplied.status).toBe(200);
    const res = await pdf(`/applications/${caseId}/documents/materials-notice`);
    expect(res.status).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('1.申请人签字的承诺书（已补正：doc:commitment:0002，2026年3月2日）');
    expect(text).toMatch(/2\.家庭成员李娜（[^）]+）签字的家庭经济状况核对授权书（待补正）/);
    expect(text).toContain('尚有1项材料待补正');
    const issued = await t.store.readStream(`document-${caseId}`);
    expect(issued.map((e) => e.data)).toEqual([expect.objectContaining({ kind: 'MATERIALS_NOTICE' }), expect.objectContaining({ kind: 'MATERIALS_NOTICE', digest: res.headers['x-document-digest'] })]);

    await http().post(`/applications/${caseId}/materials`).set('Authorization', community).send({ consents: [consentBody(IDS.spouse, '2026-03-02')] });
    const complete = textOf((await pdf(`/applications/${caseId}/documents/materials-notice`)).body);
    expect(complete).toContain('上述材料已全部补正');
  });

  it('there is no 不予受理通知书 for an application that was not rejected: problem+json, nothing recorded', async () => {
    const before = (await t.store.readStream(`document-${caseId}`)).length;
    const res = await http().get(`/applications/${caseId}/documents/intake-refusal-notice`).set('Authorization', street);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('application_not_rejected');
    expect(await t.store.readStream(`document-${caseId}`)).toHaveLength(before);
  });
});

describe('不予受理通知书', () => {
  let caseId: string;

  beforeAll(async () => {
    const id = residentId('330106', '19700101', '931');
    const body = completeApplicationBody();
    const created = await http()
      .post('/applications')
      .set('Authorization', community)
      .send({
        ...body,
        household: { ...body.household, members: [{ ...body.household.members[0], residentId: id, name: '赵一鸣' }], supporters: [] },
        declaration: { ...body.declaration, income: [], assets: [] },
        bankAccount: undefined,
        identityDocuments: [{ residentId: id, documentRef: 'doc:id:931' }],
        consents: [consentBody(id)],
      });
    expect(created.status).toBe(201);
    caseId = created.body.caseId;
    await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({});
    const rejected = await http()
      .post(`/applications/${caseId}/rejection`)
      .set('Authorization', street)
      .send({ ground: 'WRONG_JURISDICTION', reason: '申请家庭户籍不在本街道辖区，应向户籍所在地提出申请' });
    expect(rejected.status).toBe(200);
  });

  it('states the reason and both remedies with their time limits; same bytes twice; digest recorded once', async () => {
    const one = await pdf(`/applications/${caseId}/documents/intake-refusal-notice`);
    expect(one.status).toBe(200);
    const two = await pdf(`/applications/${caseId}/documents/intake-refusal-notice`);
    expect(two.body.equals(one.body)).toBe(true);
    const text = textOf(one.body);
    expect(text).toContain('不予受理通知书');
    expect(text).toContain('赵一鸣');
    expect(text).toContain('不予受理。理由：申请家庭户籍不在本街道辖区，应向户籍所在地提出申请');
    expect(text).toContain('六十日内向县（市、区）人民政府（区划330106）申请行政复议');
    expect(text).toContain('六个月内向有管辖权的人民法院提起行政诉讼');
    const issued = await t.store.readStream(`document-${caseId}`);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.data).toMatchObject({ kind: 'INTAKE_REFUSAL_NOTICE', digest: one.headers['x-document-digest'] });
  });

  it('another district gets 403 and nothing is recorded', async () => {
    const other = `Bearer ${await t.token('street_officer', { jurisdiction: '330105001' })}`;
    const res = await http().get(`/applications/${caseId}/documents/intake-refusal-notice`).set('Authorization', other);
    expect(res.status).toBe(403);
    expect(await t.store.readStream(`document-${caseId}`)).toHaveLength(1);
  });
});
