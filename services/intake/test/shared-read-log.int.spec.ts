/**
 * "谁看过我的档案" across contexts (issue #18 item 6): the other services record their reads of a
 * person's data (`@PersonalRead` routes, the households ledger, the audit CLI) in the deployment's
 * shared read log (`keyStore.readLog`); intake's `GET /privacy/read-log` and the personal-data export
 * answer from it as well as from intake's own log, in time order, within the caller's jurisdiction.
 */
import request from 'supertest';
import { BLIND_INDEX_SUBJECT, blindIndexWith, type KeyStore } from '@sa/crypto';
import { KEY_STORE } from '@sa/platform';
import { completeApplicationBody, consentBody } from './support/requests';
import { eventually } from './support/eventually';
import { residentId } from './support/fixtures';
import { startIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(60_000);

let t: IntakeTestApp;
let keys: KeyStore;
let community: string;
let auditor: string;
const http = () => request(t.app.getHttpServer());

beforeAll(async () => {
  t = await startIntake();
  keys = t.app.get<KeyStore>(KEY_STORE);
  community = `Bearer ${await t.token('community_officer')}`;
  auditor = `Bearer ${await t.token('auditor', { jurisdiction: '330106' })}`;
});

afterAll(async () => {
  await t?.close();
});

it('shows a read recorded by another context (eligibility’s case file) next to intake’s own', async () => {
  const id = residentId('330106', '19700101', '731');
  const body = completeApplicationBody();
  const created = await http()
    .post('/applications')
    .set('Authorization', community)
    .send({
      ...body,
      household: { ...body.household, members: [{ ...body.household.members[0], residentId: id, name: '测试731' }], supporters: [] },
      declaration: { ...body.declaration, income: [], assets: [] },
      bankAccount: undefined,
      identityDocuments: [{ residentId: id, documentRef: 'doc:id:731' }],
      consents: [consentBody(id)],
    });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  await http().get(`/applications/${caseId}`).set('Authorization', community).expect(200); // intake's own read (受理经办)

  const person = blindIndexWith((await keys.dataKeys.keyFor(BLIND_INDEX_SUBJECT)).key, 'residentId', id);
  await keys.readLog.record({
    actor: { id: 'officer-street-017', role: 'street_reviewer', jurisdiction: '330106001' },
    subject: caseId,
    persons: [person],
    fields: ['household.members[].name', 'household.members[].residentId'],
    purpose: '审核调查',
    channel: 'http GET /review-cases/:caseId',
  });

  // the person is found through intake's projection (application_people), which follows the POST asynchronously
  const res = await eventually(() => http().get('/privacy/read-log').query({ residentId: id }).set('Authorization', auditor).expect(200));
  expect(res.body.reads.map((r: { purpose: string; channel: string }) => [r.purpose, r.channel])).toEqual([
    ['受理经办', 'http GET /applications/:caseId'],
    ['审核调查', 'http GET /review-cases/:caseId'],
  ]);
  expect(res.body.reads[1]).toEqual(
    expect.objectContaining({
      actor: { id: 'officer-street-017', role: 'street_reviewer', jurisdiction: '330106001' },
      caseId,
      fields: ['household.members[].name', 'household.members[].residentId'],
      aboutThisPerson: true,
    }),
  );

  const exported = await http().get('/privacy/personal-data').query({ residentId: id, purpose: '本人查阅复制申请' }).set('Authorization', auditor).expect(200);
  expect(exported.body.reads.map((r: { purpose: string }) => r.purpose)).toEqual(['受理经办', '审核调查']);
});
