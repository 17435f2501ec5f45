/**
 * Complaints over HTTP on real PostgreSQL: the complainant's identity is hidden from the officer of
 * the case's community and shown to the investigating reviewer from outside it.
 */
import request from 'supertest';
import type { EncryptingEventStore } from '@sa/crypto';
import { complaintStreamId } from '../src/domain';
import { startFollowUp, type FollowUpTestApp } from './support/follow-up-app';

jest.setTimeout(120_000);

const COMMUNITY = '440305001001';
const STREET = '440305001';
const CASE_ID = '6f1c2e4a-8b3d-4c5e-9f7a-1b2c3d4e5f60';

let t: FollowUpTestApp;
let communityOfficer: string;
let streetReviewer: string;

beforeAll(async () => {
  t = await startFollowUp();
  communityOfficer = `Bearer ${await t.token('community_officer', { jurisdiction: COMMUNITY, sub: 'co-1' })}`;
  streetReviewer = `Bearer ${await t.token('street_reviewer', { jurisdiction: STREET, sub: 'sr-1' })}`;
});

afterAll(async () => {
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

it('hides the complainant from everyone (the community officer, the investigating reviewer, the lists), and lists the complaint', async () => {
  const filed = await http()
    .post('/follow-up/complaints')
    .set('Authorization', communityOfficer)
    .send({
      about: 'CASE',
      caseId: CASE_ID,
      community: COMMUNITY,
      channel: 'HOTLINE',
      subject: 'WRONGFUL_BENEFIT',
      anonymous: false,
      complainant: { name: '李四', phone: '13800000000' },
      allegation: '该户名下有小汽车仍领取低保',
      receivedOn: '2026-03-01',
    })
    .expect(201);
  const { complaintId } = filed.body as { complaintId: string };

  // An investigator from inside the community is refused.
  await http()
    .post(`/follow-up/complaints/${complaintId}/assignment`)
    .set('Authorization', streetReviewer)
    .send({ investigatorId: 'co-1', investigatorRole: 'community_officer', investigatorJurisdiction: COMMUNITY })
    .expect(403);
  await http()
    .post(`/follow-up/complaints/${complaintId}/assignment`)
    .set('Authorization', streetReviewer)
    .send({ investigatorId: 'sr-1', investigatorRole: 'street_reviewer', investigatorJurisdiction: STREET })
    .expect(200);

  const seenByCommunity = await http().get(`/follow-up/complaints/${complaintId}`).set('Authorization', communityOfficer).expect(200);
  expect(seenByCommunity.body).toEqual(expect.objectContaining({ identityHidden: true, allegation: '该户名下有小汽车仍领取低保' }));
  expect(seenByCommunity.body.complainant).toBeUndefined();
  expect(JSON.stringify(seenByCommunity.body)).not.toContain('李四');

  const seenByInvestigator = await http().get(`/follow-up/complaints/${complaintId}`).set('Authorization', streetReviewer).expect(200);
  expect(seenByInvestigator.body).toEqual(expect.objectContaining({ identityHidden: true, investigatorId: 'sr-1' }));
  expect(JSON.stringify(seenByInvestigator.body)).not.toMatch(/李四|13800000000/);

  // 举报件列表: the read model (which never holds the identity), paged, for the community and the investigator.
  const [last] = await t.store.readStream(complaintStreamId(complaintId), { direction: 'backwards', maxCount: 1 });
  await t.projection.waitFor(last!.position, 60_000);
  for (const who of [communityOfficer, streetReviewer]) {
    const listed = await http().get('/follow-up/complaints').query({ status: 'UNDER_INVESTIGATION', pageSize: 50 }).set('Authorization', who).expect(200);
    expect(listed.body.items.map((c: { complaintId: string }) => c.complaintId)).toContain(complaintId);
    expect(listed.body).toMatchObject({ page: 1, pageSize: 50, total: expect.any(Number) });
    expect(JSON.stringify(listed.body)).not.toMatch(/李四|13800000000/);
  }
  const badList = await http().get('/follow-up/complaints').query({ status: 'OPEN', pageSize: 0 }).set('Authorization', streetReviewer).expect(400);
  expect(badList.headers['content-type']).toContain('application/problem+json');
  expect(badList.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'status' }), expect.objectContaining({ field: 'pageSize' })]));

  // Only the investigator records the outcome.
  await http()
    .post(`/follow-up/complaints/${complaintId}/resolution`)
    .set('Authorization', communityOfficer)
    .send({ outcome: 'SUBSTANTIATED', findings: '查实', actions: ['CHANGE_REQUESTED'], fraudSuspected: true })
    .expect(403);
  await http()
    .post(`/follow-up/complaints/${complaintId}/resolution`)
    .set('Authorization', streetReviewer)
    .send({ outcome: 'SUBSTANTIATED', findings: '查实该户有车辆', actions: ['CHANGE_REQUESTED'], fraudSuspected: true })
    .expect(200);
  // The allegation and the findings (free text about a household: income, assets, health) are sealed in the event
  // store (issue 18); the complaint view opens them.
  const stored = JSON.stringify((await (t.store as EncryptingEventStore).raw.readStream(complaintStreamId(complaintId))).map((e) => e.data));
  expect(stored).not.toContain('小汽车');
  expect(stored).not.toContain('查实该户有车辆');
  expect(stored).toContain('"SUBSTANTIATED"');
  const resolved = await http().get(`/follow-up/complaints/${complaintId}`).set('Authorization', streetReviewer).expect(200);
  expect(resolved.body).toEqual(expect.objectContaining({ allegation: '该户名下有小汽车仍领取低保', resolution: expect.objectContaining({ findings: '查实该户有车辆' }) }));
});
