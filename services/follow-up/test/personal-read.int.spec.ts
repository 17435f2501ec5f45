/**
 * Accountable reads (issue #18 item 6): the follow-up case view shows a person's name and resident
 * ID only when a change brings a new member (MEMBER_JOINED); such a read is recorded in the shared
 * read log (who, case, person by blind index, fields, purpose). A view showing no one's data records
 * nothing; a purpose not stated in words is 400 naming `purpose`.
 */
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { BLIND_INDEX_SUBJECT, blindIndexWith, type KeyStore } from '@sa/crypto';
import { KEY_STORE } from '@sa/platform';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../src/commands/follow-up-pipelines';
import { startFollowUp, type FollowUpTestApp } from './support/follow-up-app';
import { on } from './support/commands';

jest.setTimeout(120_000);

const COMMUNITY = '440305001001';
const caseId = randomUUID();
const NEW_MEMBER_ID = '440305201501010017';

let t: FollowUpTestApp;
let keys: KeyStore;
let officer: string;

beforeAll(async () => {
  t = await startFollowUp({ now: '2026-03-02T10:00:00+08:00' });
  keys = t.app.get<KeyStore>(KEY_STORE);
  officer = `Bearer ${await t.token('community_officer', { jurisdiction: COMMUNITY, sub: 'co-1' })}`;
  await t.app.get(FollowUpPipelines).followUp.handle(
    caseId,
    on('2026-01-20', {
      type: 'OpenFollowUp',
      data: {
        caseId,
        caseNumber: 'DB-440305001-2026-000077',
        decisionId: randomUUID(),
        program: 'MINIMUM_LIVING_ALLOWANCE',
        jurisdiction: COMMUNITY,
        reviewClass: 'UNSTABLE',
        reviewIntervalMonths: 6,
        startMonth: '2026-02',
        monthlyAmountFen: 80000,
        membersCovered: [{ memberId: randomUUID(), name: '张三' }],
      },
    }),
    { commandId: randomUUID(), actor: SYSTEM_ACTOR(COMMUNITY) },
  );
});

afterAll(async () => {
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

it('records nothing for a view that shows no one’s personal data', async () => {
  await http().get(`/follow-up/cases/${caseId}`).set('Authorization', officer).expect(200);
  expect(await keys.readLog.report({ subjects: [caseId] })).toEqual([]);
});

it('records a view showing a new member’s name and resident ID: who, case, person, fields, purpose', async () => {
  await t.app.get(FollowUpPipelines).followUp.handle(
    caseId,
    on('2026-03-02', {
      type: 'ReportChange',
      data: {
        reportId: randomUUID(),
        reviewId: randomUUID(),
        source: 'HOUSEHOLD',
        changes: [{ kind: 'MEMBER_JOINED', description: '孙子出生', member: { memberId: randomUUID(), name: '张小宝', residentId: NEW_MEMBER_ID, relation: 'GRANDCHILD' } as never }],
      },
    }),
    { commandId: randomUUID(), actor: { id: 'co-1', role: 'community_officer', jurisdiction: COMMUNITY } },
  );
  const bad = await http().get(`/follow-up/cases/${caseId}`).query({ purpose: ' ' }).set('Authorization', officer).expect(400);
  expect(JSON.stringify(bad.body)).toContain('purpose');
  expect(await keys.readLog.report({ subjects: [caseId] })).toEqual([]);

  const res = await http().get(`/follow-up/cases/${caseId}`).query({ purpose: '入户核查' }).set('Authorization', officer).expect(200);
  expect(JSON.stringify(res.body)).toContain(NEW_MEMBER_ID);
  const blind = blindIndexWith((await keys.dataKeys.keyFor(BLIND_INDEX_SUBJECT)).key, 'residentId', NEW_MEMBER_ID);
  const reads = await keys.readLog.report({ subjects: [caseId] });
  expect(reads).toEqual([
    expect.objectContaining({
      actor: { id: 'co-1', role: 'community_officer', jurisdiction: COMMUNITY },
      subject: caseId,
      persons: [blind],
      fields: expect.arrayContaining(['openReview.changes[].member.name', 'openReview.changes[].member.residentId']),
      purpose: '入户核查',
      channel: 'http GET /follow-up/cases/:caseId',
    }),
  ]);
  // without a stated purpose: the case-work purpose
  await http().get(`/follow-up/cases/${caseId}`).set('Authorization', officer).expect(200);
  expect((await keys.readLog.report({ subjects: [caseId] })).map((r) => r.purpose)).toEqual(['入户核查', '经办查阅']);
  expect((await keys.readLog.verify()).ok).toBe(true);
});
