/**
 * Reviews, change reports and welfare visits over HTTP on real PostgreSQL (event store + read
 * models), with the clock moved by the test; Kafka is off here (review-kafka.int.spec.ts covers it).
 */
import request from 'supertest';
import type { EncryptingEventStore } from '@sa/crypto';
import { randomUUID } from 'node:crypto';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../src/commands/follow-up-pipelines';
import { followUpStreamId } from '../src/domain';
import { startFollowUp, type FollowUpTestApp } from './support/follow-up-app';
import { on } from './support/commands';

jest.setTimeout(120_000);

const COMMUNITY = '440305001001';
const OTHER_COMMUNITY = '440305001002';
const caseId = randomUUID();

let t: FollowUpTestApp;
let officer: string;
let outsider: string;

beforeAll(async () => {
  t = await startFollowUp({ now: '2026-01-20T10:00:00+08:00' });
  officer = `Bearer ${await t.token('community_officer', { jurisdiction: COMMUNITY, sub: 'co-1' })}`;
  outsider = `Bearer ${await t.token('community_officer', { jurisdiction: OTHER_COMMUNITY, sub: 'co-9' })}`;
  // The grant, as the eligibility consumer would take it in.
  await t.app.get(FollowUpPipelines).followUp.handle(
    caseId,
    on('2026-01-20', {
      type: 'OpenFollowUp',
      data: {
        caseId,
        caseNumber: 'DB-440305001-2026-000042',
        decisionId: randomUUID(),
        program: 'MINIMUM_LIVING_ALLOWANCE',
        jurisdiction: COMMUNITY,
        reviewClass: 'UNSTABLE',
        reviewIntervalMonths: 6,
        startMonth: '2026-02',
        monthlyAmountFen: 80000,
        membersCovered: [{ memberId: randomUUID(), name: '张三' }]
      }
    }),
    { commandId: randomUUID(), actor: SYSTEM_ACTOR(COMMUNITY) },
  );
});

afterAll(async () => {
  await t?.close();
});

const http = () => request(t.app.getHttpServer());
/**
 * The read models have applied the case's last event. (Waiting for the position rather than one
 * `catchUp()`: the global log is read below the snapshot's xmin, which another session's open
 * transaction on the same server can hold back for a moment.)
 */
const settle = async () => {
  const [last] = await t.store.readStream(followUpStreamId(caseId), { direction: 'backwards', maxCount: 1 });
  await t.projection.waitFor(last!.position, 60_000);
};
/** The case ids of a paged list answer `{ items, total, page, pageSize }`. */
const ids = (body: { items: { caseId: string }[] }) => body.items.map((r) => r.caseId);

it('lists the review as due soon, then overdue, for the community only', async () => {
  await settle();
  t.clock.set('2026-07-20T10:00:00+08:00');
  const dueSoon = await http().get(`/follow-up/jurisdictions/${COMMUNITY}/reviews/due-soon`).set('Authorization', officer).expect(200);
  expect(dueSoon.body).toEqual({ items: [expect.objectContaining({ caseId, dueStatus: 'DUE_SOON', nextReviewDueMonth: '2026-08' })], total: 1, page: 1, pageSize: 50 });
  expect(ids((await http().get(`/follow-up/jurisdictions/${COMMUNITY}/reviews/overdue`).set('Authorization', officer).expect(200)).body)).toEqual([]);
  await http().get(`/follow-up/jurisdictions/${COMMUNITY}/reviews/due-soon`).set('Authorization', outsider).expect(403);

  t.clock.set('2026-09-02T10:00:00+08:00');
  const overdue = await http().get(`/follow-up/jurisdictions/${COMMUNITY}/reviews/overdue`).set('Authorization', officer).expect(200);
  expect(overdue.body).toEqual({ items: [expect.objectContaining({ caseId, dueStatus: 'OVERDUE' })], total: 1, page: 1, pageSize: 50 });
  // paged in SQL: page 2 of size 1 is empty, the total stays
  const second = await http().get(`/follow-up/jurisdictions/${COMMUNITY}/reviews/overdue`).query({ page: 2, pageSize: 1 }).set('Authorization', officer).expect(200);
  expect(second.body).toEqual({ items: [], total: 1, page: 2, pageSize: 1 });
});

it('refuses bad paging parameters with problem+json naming the field', async () => {
  for (const [path, query, field] of [
    ['reviews/due-soon', { page: 0 }, 'page'],
    ['reviews/overdue', { pageSize: 201 }, 'pageSize'],
    ['welfare-visits/missed', { pageSize: 'x' }, 'pageSize'],
    ['reviews/overdue', { limit: 10 }, 'limit'],
  ] as const) {
    const res = await http().get(`/follow-up/jurisdictions/${COMMUNITY}/${path}`).query(query).set('Authorization', officer).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  }
});

it('opens an ad-hoc review from a change report and concludes it with a reasoned proposal', async () => {
  const report = await http()
    .post(`/follow-up/cases/${caseId}/change-reports`)
    .set('Authorization', officer)
    .send({ source: 'HOUSEHOLD', changes: [{ kind: 'EMPLOYMENT', description: '长子8月起在本市就业，月工资4500元' }], changedOn: '2026-08-01' })
    .expect(201);
  const reviewId = report.body.reviewId as string;
  expect(reviewId).toBeDefined();
  // The household's description of the change is sealed in the event store (issue 18); read through the store, in clear.
  const raw = JSON.stringify((await (t.store as EncryptingEventStore).raw.readStream(followUpStreamId(caseId))).map((e) => e.data));
  expect(raw).not.toContain('长子8月起');
  expect(raw).toContain('"EMPLOYMENT"');
  expect(JSON.stringify((await t.store.readStream(followUpStreamId(caseId))).map((e) => e.data))).toContain('长子8月起在本市就业，月工资4500元');
  await http().post(`/follow-up/cases/${caseId}/change-reports`).set('Authorization', outsider).send({ source: 'HOUSEHOLD', changes: [{ kind: 'OTHER', description: 'x' }] }).expect(403);

  await http()
    .post(`/follow-up/cases/${caseId}/reviews/${reviewId}/visits`)
    .set('Authorization', officer)
    .send({ visitedOn: '2026-09-02', officerIds: ['co-1'], note: '入户核实' })
    .expect(422);
  await http()
    .post(`/follow-up/cases/${caseId}/reviews/${reviewId}/visits`)
    .set('Authorization', officer)
    .send({ visitedOn: '2026-09-02', officerIds: ['co-1', 'co-2'], note: '入户核实，长子已就业' })
    .expect(201);

  const noReasons = await http()
    .post(`/follow-up/cases/${caseId}/reviews/${reviewId}/conclusion`)
    .set('Authorization', officer)
    .send({ finding: 'CHANGE_FOUND', recommendation: 'DECREASE', reasons: [], changes: [], summary: '收入增加' })
    .expect(422);
  expect(noReasons.body).toEqual(expect.objectContaining({ code: 'written_reasons_required' }));

  const concluded = await http()
    .post(`/follow-up/cases/${caseId}/reviews/${reviewId}/conclusion`)
    .set('Authorization', officer)
    .send({ finding: 'CHANGE_FOUND', recommendation: 'DECREASE', reasons: ['家庭成员就业，人均收入提高'], changes: [], summary: '收入增加，建议减发' })
    .expect(200);
  expect(concluded.body).toEqual(expect.objectContaining({ reviewId, nextReviewDueMonth: '2027-03', changeRequestId: expect.any(String) }));
  // The officers' free text (issue 18): the visit's note, the review's summary and written reasons are sealed in the
  // event store; read through the store (as the case view does), in clear.
  const stored = JSON.stringify((await (t.store as EncryptingEventStore).raw.readStream(followUpStreamId(caseId))).map((e) => e.data));
  for (const text of ['长子已就业', '收入增加，建议减发', '人均收入提高']) expect(stored).not.toContain(text);
  expect(stored).toContain('"DECREASE"'); // the recommendation (a code) stays in clear
  const opened = JSON.stringify((await t.store.readStream(followUpStreamId(caseId))).map((e) => e.data));
  for (const text of ['入户核实，长子已就业', '收入增加，建议减发', '家庭成员就业，人均收入提高']) expect(opened).toContain(text);

  await settle();
  expect(ids((await http().get(`/follow-up/jurisdictions/${COMMUNITY}/reviews/overdue`).set('Authorization', officer).expect(200)).body)).toEqual([]);
});

it('lists a missed welfare visit until a visit is recorded', async () => {
  await http()
    .post(`/follow-up/cases/${caseId}/welfare-visit-plan`)
    .set('Authorization', officer)
    .send({ vulnerabilities: ['ELDERLY_LIVING_ALONE'], firstDueOn: '2026-09-01' })
    .expect(200);
  await settle();
  const missed = await http().get(`/follow-up/jurisdictions/${COMMUNITY}/welfare-visits/missed`).set('Authorization', officer).expect(200);
  expect(missed.body).toEqual({ items: [expect.objectContaining({ caseId, nextDueOn: '2026-09-01', daysOverdue: 1 })], total: 1, page: 1, pageSize: 50 });

  await http().post(`/follow-up/cases/${caseId}/welfare-visits`).set('Authorization', officer).send({ visitedOn: '2026-09-02', note: '老人身体良好' }).expect(201);
  // The visit's note (the person's health) is sealed in the event store (issue 18).
  expect(JSON.stringify((await (t.store as EncryptingEventStore).raw.readStream(followUpStreamId(caseId))).map((e) => e.data))).not.toContain('老人身体良好');
  await settle();
  expect((await http().get(`/follow-up/jurisdictions/${COMMUNITY}/welfare-visits/missed`).set('Authorization', officer).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
});

it('rebuilds the read models to the same rows', async () => {
  await settle();
  const { Client } = await import('pg');
  const { DATABASE_URL } = await import('./support/follow-up-app');
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const rows = async () => (await db.query(`SELECT * FROM "${t.schema}".cases ORDER BY case_id`)).rows.map(({ updated_at: _u, ...r }) => r);
    const before = await rows();
    await t.projection.rebuild();
    expect(await rows()).toEqual(before);
    expect(before).toHaveLength(1);
  } finally {
    await db.end();
  }
});
