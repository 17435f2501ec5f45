/**
 * The audit API as the service runs it (real AppModule, real PostgreSQL, real JWT verification),
 * in-process with supertest, over an event store in a fresh random schema.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import type { Decider, DomainEvent } from '@sa/decider';
import { handleCommand, PostgresEventStore } from '@sa/eventstore';
import { createTestApp, KEY_STORE } from '@sa/platform';
import type { KeyStore } from '@sa/crypto';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { ensureDatabase } from '../../../libs/eventstore/test/pg-test-utils';
import { policyLineDecider, type PolicyCommand, type PolicyEvent, type PolicyLineState } from '../../eligibility/src/domain';
import { AppModule } from '../src/app.module';
import { CheckpointScheduler } from '../src/audit.module';
import { AUDIT_CONFIG_SPEC } from '../src/config';
import { applicationDecider } from '../../intake/src/domain';
import { CASE_NUMBER } from '../../intake/test/support/fixtures';
import { intakeSteps, policy, policySteps, reviewCaseDecider, reviewSteps, type Step } from './support/case-fixtures';

jest.setTimeout(120_000);

const SECRET = 'audit-api-test-secret-0123456789abcdefghij';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const ES_SCHEMA = `audit_api_es_${SUFFIX}`;
const AUDIT_SCHEMA = `audit_api_${SUFFIX}`;
const CASE = randomUUID();
/** A case with its intake events (the 案件编号 is assigned there). */
const NUMBERED = randomUUID();
const PURPOSE = '2026年低保专项督查';

const token = (role: Parameters<typeof mintLocalToken>[0], options: Parameters<typeof mintLocalToken>[1] = {}) =>
  mintLocalToken(role, { secret: SECRET, ...options });

describe('audit API (real PostgreSQL, real JWT)', () => {
  let pool: Pool;
  let app: NestExpressApplication;
  let auditor: string;
  let provincial: string;
  let approvalId = '';

  async function append<C, E extends DomainEvent, S>(store: PostgresEventStore, streamId: string, decider: Decider<C, E, S>, steps: Step<C>[], correlationId: string) {
    for (const step of steps) {
      const commandId = randomUUID();
      const r = await handleCommand({
        store,
        streamId,
        decider,
        command: step.command,
        commandId,
        metadata: {
          correlationId,
          causationId: commandId,
          actor: step.actor,
          occurredAt: step.occurredAt,
          ...(step.reason ? { reason: step.reason } : {}),
          ...(step.evidenceRefs ? { evidenceRefs: step.evidenceRefs } : {}),
          ...(step.policyVersion ? { policyVersion: step.policyVersion } : {}),
        },
        retryOnConflict: false,
      });
      for (const [i, e] of r.events.entries()) if (e.type === 'CaseApproved') approvalId = r.newEvents[i]!.eventId;
    }
  }

  beforeAll(async () => {
    await ensureDatabase(DATABASE_URL);
    pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
    await PostgresEventStore.migrate(pool, ES_SCHEMA);
    const store = new PostgresEventStore({ pool, schema: ES_SCHEMA });
    const policyStream = `policy-${policy.policyId}`;
    await append<PolicyCommand, PolicyEvent, PolicyLineState>(store, policyStream, policyLineDecider, policySteps(), policyStream);
    await append(store, `reviewCase-${CASE}`, reviewCaseDecider, reviewSteps(CASE), CASE);
    await append(store, `application-${NUMBERED}`, applicationDecider, intakeSteps(NUMBERED), NUMBERED);
    ({ app } = await createTestApp({
      name: 'audit',
      configSpec: AUDIT_CONFIG_SPEC,
      imports: [AppModule],
      env: { JWT_SECRET: SECRET, DATABASE_URL, DATABASE_SCHEMA: AUDIT_SCHEMA, EVENTSTORE_SCHEMA: ES_SCHEMA, AUDIT_CHECKPOINT_INTERVAL_MS: '0', LOG_LEVEL: 'silent' },
    }));
    auditor = await token('auditor', { sub: 'auditor-wang' });
    provincial = await token('auditor', { sub: 'auditor-sheng', jurisdiction: '330000' });
  });

  afterAll(async () => {
    await app?.close();
    await pool?.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
    await pool?.query(`DROP SCHEMA IF EXISTS "${AUDIT_SCHEMA}" CASCADE`);
    await pool?.end();
  });

  const http = () => request(app.getHttpServer());

  it('403 for a role other than auditor', async () => {
    const officer = await token('county_approver');
    const res = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE }).set('Authorization', `Bearer ${officer}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const verify = await http().post('/audit/verify').send({}).set('Authorization', `Bearer ${officer}`);
    expect(verify.status).toBe(403);
  });

  it('403 for an auditor of another district', async () => {
    const other = await token('auditor', { jurisdiction: '330105' });
    const res = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE }).set('Authorization', `Bearer ${other}`);
    expect(res.status).toBe(403);
  });

  it('finds a case by its 案件编号 within the auditor’s jurisdiction: 400 naming caseNumber, 404, 403, not in the read log', async () => {
    const found = await http().get('/audit/cases').query({ caseNumber: CASE_NUMBER }).set('Authorization', `Bearer ${auditor}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ caseId: NUMBERED, caseNumber: CASE_NUMBER, jurisdiction: expect.stringMatching(/^330106/) });
    const byProvince = await http().get('/audit/cases').query({ caseNumber: CASE_NUMBER }).set('Authorization', `Bearer ${provincial}`);
    expect(byProvince.body.caseId).toBe(NUMBERED);

    const other = await token('auditor', { jurisdiction: '330105' });
    const outside = await http().get('/audit/cases').query({ caseNumber: CASE_NUMBER }).set('Authorization', `Bearer ${other}`);
    expect(outside.status).toBe(403);
    expect(outside.headers['content-type']).toMatch(/^application\/problem\+json/);

    const none = await http().get('/audit/cases').query({ caseNumber: '330106-2026-999999' }).set('Authorization', `Bearer ${auditor}`);
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);

    for (const bad of ['330106-2026-12', 'abc', '']) {
      const res = await http().get('/audit/cases').query({ caseNumber: bad }).set('Authorization', `Bearer ${auditor}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'caseNumber' })]);
    }
    const officer = await token('street_officer');
    expect((await http().get('/audit/cases').query({ caseNumber: CASE_NUMBER }).set('Authorization', `Bearer ${officer}`)).status).toBe(403);
    // A lookup shows no personal data: it is not a read of the case.
    const log = await http().get('/audit/read-access').query({ caseId: NUMBERED }).set('Authorization', `Bearer ${auditor}`);
    expect(log.body).toEqual([]);
  });

  it('400 without a purpose, naming the field', async () => {
    const res = await http().get(`/audit/cases/${CASE}/history`).set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('purpose');
    expect((await http().get(`/audit/cases/${CASE}/state`).query({ asOf: '2026-03-16' }).set('Authorization', `Bearer ${auditor}`)).status).toBe(400);
  });

  it('history as JSON and as the printable Chinese report; the reads are in the read-access log', async () => {
    const res = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE, type: 'CaseApproved,HomeVisitRecorded' }).set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    expect(res.body.entries.map((e: { type: string }) => e.type).sort()).toEqual(['CaseApproved', 'HomeVisitRecorded']);
    expect(res.body.entries.find((e: { type: string }) => e.type === 'CaseApproved')).toMatchObject({ policyVersion: policy.version, actor: { role: 'county_approver' } });

    const html = await http()
      .get(`/audit/cases/${CASE}/history`)
      .query({ format: 'html' })
      .set('X-Audit-Purpose', encodeURIComponent('投诉核查'))
      .set('Authorization', `Bearer ${auditor}`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('案件审计报告');
    expect(html.text).toContain('<th>政策版本</th>');

    const log = await http().get('/audit/read-access').query({ caseId: CASE }).set('Authorization', `Bearer ${auditor}`);
    expect(log.status).toBe(200);
    expect(log.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorId: 'auditor-wang', actorRole: 'auditor', caseId: CASE, action: 'history', purpose: PURPOSE }),
        expect.objectContaining({ actorId: 'auditor-wang', caseId: CASE, action: 'history', purpose: '投诉核查' }),
      ]),
    );
    // A refused read (no purpose) was not logged as a read.
    expect(log.body).toHaveLength(2);
  });

  it('state as of a date, the explanation of the approval, and the verification of the case', async () => {
    const state = await http().get(`/audit/cases/${CASE}/state`).query({ asOf: '2026-03-16', mode: 'true', purpose: PURPOSE }).set('Authorization', `Bearer ${auditor}`);
    expect(state.status).toBe(200);
    expect(state.body.streams[0].state.status).toBe('APPROVED');

    const x = await http().get(`/audit/cases/${CASE}/decisions/${approvalId}/explanation`).query({ purpose: PURPOSE }).set('Authorization', `Bearer ${auditor}`);
    expect(x.status).toBe(200);
    expect(x.body.recomputation).toMatchObject({ performed: true, consistent: true });

    const v = await http().post('/audit/verify').query({ purpose: PURPOSE }).send({ caseId: CASE }).set('Authorization', `Bearer ${auditor}`);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true, scope: 'case' });

    const log = await http().get('/audit/read-access').query({ caseId: CASE }).set('Authorization', `Bearer ${auditor}`);
    expect(log.body.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['state', 'explanation', 'verify']));
  });

  it('the reads that open the case’s personal data (history, state, explanation) are also in the shared read log (谁看过我的档案); the verification is not', async () => {
    const keys = app.get<KeyStore>(KEY_STORE);
    const reads = await keys.readLog.report({ subjects: [CASE.toLowerCase()] });
    expect(reads.map((r) => r.channel).sort()).toEqual([
      'http GET /audit/cases/:caseId/explanation',
      'http GET /audit/cases/:caseId/history',
      'http GET /audit/cases/:caseId/history',
      'http GET /audit/cases/:caseId/state',
    ]);
    expect(reads.find((r) => r.channel.endsWith('/state'))).toEqual(
      expect.objectContaining({ actor: expect.objectContaining({ id: 'auditor-wang', role: 'auditor' }), subject: CASE.toLowerCase(), fields: ['streams[].state'], purpose: PURPOSE }),
    );
    expect(reads.map((r) => r.purpose)).toContain('投诉核查');
    expect((await keys.readLog.verify()).ok).toBe(true);
  });

  it('pages the history by cursor (count, nextAfter, next, Link, ETag/304, gzip); 400 naming limit or after', async () => {
    const get = (query: Record<string, string>) => http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE, ...query }).set('Authorization', `Bearer ${auditor}`);
    const whole = await get({ limit: '1000' });
    expect(whole.status).toBe(200);
    const total = whole.body.count as number;
    expect(whole.body.entries).toHaveLength(total);
    expect(whole.body.nextAfter).toBeNull();
    expect(total).toBeGreaterThan(5);

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await get({ limit: '4', ...(after ? { after } : {}) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ caseId: CASE, count: total, limit: 4, after: after ?? null });
      seen.push(...res.body.entries.map((e: { eventId: string }) => e.eventId));
      pages++;
      if (res.body.nextAfter === null) {
        expect(res.body.next).toBeNull();
        expect(res.headers.link).toBeUndefined();
        break;
      }
      expect(res.body.nextAfter).toBe(res.body.entries[3].eventId);
      expect(res.body.next).toBe(`/audit/cases/${CASE}/history?limit=4&after=${res.body.nextAfter}`);
      expect(res.headers.link).toBe(`<${res.body.next}>; rel="next"`);
      after = res.body.nextAfter;
    }
    expect(pages).toBe(Math.ceil(total / 4));
    expect(seen).toEqual(whole.body.entries.map((e: { eventId: string }) => e.eventId));

    const first = await get({});
    expect(first.body.limit).toBe(100);
    expect(first.headers.etag).toMatch(/^W\/"/);
    const again = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE }).set('If-None-Match', first.headers.etag).set('Authorization', `Bearer ${auditor}`);
    expect(again.status).toBe(304);
    const zipped = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE }).set('Accept-Encoding', 'gzip').set('Authorization', `Bearer ${auditor}`);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body).toEqual(first.body);

    for (const [query, field] of [[{ limit: '0' }, 'limit'], [{ limit: '1001' }, 'limit'], [{ limit: 'x' }, 'limit'], [{ after: 'not-an-id' }, 'after'], [{ after: randomUUID() }, 'after']] as const) {
      const bad = await get(query);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
  });

  it("the state's and the explanation's long lists by reference, paged behind their href; ?lists=inline gives them whole", async () => {
    const auth = (r: request.Test) => r.query({ purpose: PURPOSE }).set('Authorization', `Bearer ${auditor}`);
    const state = await auth(http().get(`/audit/cases/${CASE}/state`).query({ asOf: '2026-03-16', mode: 'true' }));
    const review = state.body.streams.find((s: { streamId: string }) => s.streamId === `reviewCase-${CASE}`);
    expect(review.state.visits).toEqual({ count: expect.any(Number), href: `/audit/cases/${CASE}/state/streams/reviewCase-${CASE}/visits?asOf=2026-03-16&mode=true` });
    const inline = await auth(http().get(`/audit/cases/${CASE}/state`).query({ asOf: '2026-03-16', mode: 'true', lists: 'inline' }));
    const visits = inline.body.streams.find((s: { streamId: string }) => s.streamId === `reviewCase-${CASE}`).state.visits;
    expect(visits).toHaveLength(review.state.visits.count);
    const page = await auth(http().get(review.state.visits.href).query({ limit: '1' }));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ list: 'visits', count: visits.length, limit: 1, after: 0, items: [visits[0]] });

    const x = await auth(http().get(`/audit/cases/${CASE}/decisions/${approvalId}/explanation`));
    expect(x.body.inputs.homeVisits).toEqual({ count: visits.length, href: `/audit/cases/${CASE}/decisions/${approvalId}/explanation/inputs/homeVisits` });
    const xVisits = await auth(http().get(x.body.inputs.homeVisits.href));
    expect(xVisits.body).toMatchObject({ list: 'homeVisits', count: visits.length, nextAfter: null });
    expect(xVisits.body.items).toHaveLength(visits.length);
    expect((await auth(http().get(`/audit/cases/${CASE}/decisions/${approvalId}/explanation/inputs/nothing`))).status).toBe(404);
    expect((await auth(http().get(review.state.visits.href).query({ after: '-1' }))).status).toBe(400);
    expect((await auth(http().get(`/audit/cases/${CASE}/state`).query({ asOf: '2026-03-16', lists: 'all' }))).status).toBe(400);
  });

  it("a run's batch event shows in the case's record as the case's own payment line, not the other cases' (issue 20's one event per batch)", async () => {
    const store = new PostgresEventStore({ pool, schema: ES_SCHEMA });
    const runId = randomUUID();
    const other = randomUUID();
    const line = (caseId: string, amountFen: number) => ({
      paymentId: randomUUID(), entitlementId: randomUUID(), caseId, caseNumber: `SA-${caseId.slice(0, 4)}`, program: 'MINIMUM_LIVING_ALLOWANCE',
      amountFen, decisionId: randomUUID(), recipient: { name: '某某', bankAccountRef: 'bank-account:x', accountMasked: '****1234' },
    });
    const batchEventId = randomUUID();
    await store.appendToStream(`paymentRun-${runId}`, [
      {
        eventId: batchEventId, type: 'PaymentBatchIssued', schemaVersion: 1,
        data: { runId, period: '2026-04', batchNo: 1, afterCursor: '', lastKey: 'z', issuedOn: '2026-04-05', paymentCount: 2, amountFen: 151_000, payments: [line(other, 80_000), line(CASE, 71_000)], held: [] },
        metadata: { correlationId: runId, causationId: runId, actor: { id: 'disb-li', role: 'disbursement_officer', jurisdiction: '330106' }, occurredAt: '2026-04-05T10:00:00+08:00' },
      },
    ]);
    // A later batch as the payment run writes it now: the cases it pays in metadata.caseIds (migration 5's index)
    const newBatchEventId = randomUUID();
    await store.appendToStream(`paymentRun-${runId}`, [
      {
        eventId: newBatchEventId, type: 'PaymentBatchIssued', schemaVersion: 1,
        data: { runId, period: '2026-04', batchNo: 2, afterCursor: 'z', lastKey: 'zz', issuedOn: '2026-04-05', paymentCount: 2, amountFen: 152_000, payments: [line(other, 80_000), line(CASE, 72_000)], held: [] },
        metadata: { correlationId: runId, causationId: runId, actor: { id: 'disb-li', role: 'disbursement_officer', jurisdiction: '330106' }, occurredAt: '2026-04-05T10:05:00+08:00', caseIds: [other, CASE] },
      },
    ]);
    const res = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE, type: 'PaymentIssued,PaymentBatchIssued' }).set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    expect(res.body.entries).toHaveLength(2); // the older batch (no caseIds: found by its lines) and the new one
    expect(res.body.entries[0]).toMatchObject({ type: 'PaymentIssued', streamId: `paymentRun-${runId}` });
    expect(res.body.entries.map((e: { eventId: string }) => e.eventId)).toEqual([`${batchEventId}#1`, `${newBatchEventId}#1`]);
    expect(JSON.stringify(res.body)).not.toContain(other);
    const html = await http().get(`/audit/cases/${CASE}/history`).query({ format: 'html', purpose: PURPOSE }).set('Authorization', `Bearer ${auditor}`);
    expect(html.text).toContain('710.00');
    expect(html.text).toContain('720.00');
    const v = await http().post('/audit/verify').query({ purpose: PURPOSE }).send({ caseId: CASE }).set('Authorization', `Bearer ${auditor}`);
    expect(v.body).toMatchObject({ ok: true, scope: 'case' });
    expect(v.body.streams.map((s: { streamId: string }) => s.streamId)).toContain(`paymentRun-${runId}`);
  });

  it('404 for a case with no event', async () => {
    const res = await http().get(`/audit/cases/${randomUUID()}/history`).query({ purpose: PURPOSE }).set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(404);
  });

  describe('办理记录: GET /audit/cases/:caseId/timeline for the officers working on the case', () => {
    it('the roles that work on the case read it within their jurisdiction, newest first, routine folded; each read logged', async () => {
      const readers = [
        await token('community_officer', { sub: 'officer-sq-zhao' }), // 330106001001
        await token('street_officer', { sub: 'officer-jd-qian' }), // 330106001
        await token('street_reviewer', { sub: 'officer-jd-sun' }),
        await token('county_approver', { sub: 'officer-qx-li' }), // 330106
        await token('disbursement_officer', { sub: 'officer-ff-zhou' }),
        auditor,
      ];
      for (const t of readers) {
        const res = await http().get(`/audit/cases/${CASE}/timeline`).set('Authorization', `Bearer ${t}`);
        expect(res.status).toBe(200);
        expect(res.body.caseId).toBe(CASE);
        expect(res.body.count).toBe(res.body.entries.length);
        const times = res.body.entries.map((e: { at: string }) => Date.parse(e.at));
        expect(times).toEqual([...times].sort((a: number, b: number) => b - a));
        const approved = res.body.entries.find((e: { type: string }) => e.type === 'CaseApproved');
        expect(approved).toMatchObject({
          label: '审核确认：批准',
          contextLabel: '审核确认',
          policyVersion: policy.version,
          actor: { role: 'county_approver', roleLabel: '区县审批人', jurisdiction: '330106' },
          step: { folded: [], until: null },
        });
        expect(approved.reason).toEqual(expect.any(String));
        expect(approved.reason.length).toBeGreaterThan(0);
      }
      const log = await http().get('/audit/read-access').query({ caseId: CASE, limit: 5000 }).set('Authorization', `Bearer ${auditor}`);
      const timelineReads = log.body.filter((r: { action: string }) => r.action === 'timeline');
      expect(timelineReads.map((r: { actorId: string }) => r.actorId).sort()).toEqual(
        ['auditor-wang', 'officer-ff-zhou', 'officer-jd-qian', 'officer-jd-sun', 'officer-qx-li', 'officer-sq-zhao'].sort(),
      );
      expect(timelineReads.find((r: { actorId: string }) => r.actorId === 'officer-sq-zhao')).toMatchObject({ actorRole: 'community_officer', purpose: '案件办理(工作台查看办理记录)' });
    });

    it('a purpose given is logged; an empty one is refused naming the field', async () => {
      const approver = await token('county_approver', { sub: 'officer-qx-wu' });
      const ok = await http().get(`/audit/cases/${CASE}/timeline`).set('X-Audit-Purpose', encodeURIComponent('复核办理经过')).set('Authorization', `Bearer ${approver}`);
      expect(ok.status).toBe(200);
      const bad = await http().get(`/audit/cases/${CASE}/timeline`).query({ purpose: ' ' }).set('Authorization', `Bearer ${approver}`);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(bad.body)).toContain('purpose');
      const log = await http().get('/audit/read-access').query({ caseId: CASE, limit: 5000 }).set('Authorization', `Bearer ${auditor}`);
      expect(log.body.filter((r: { actorId: string }) => r.actorId === 'officer-qx-wu').map((r: { purpose: string }) => r.purpose)).toEqual(['复核办理经过']);
    });

    it('403 outside the jurisdiction or for another role, 400 for a bad case id, 404 for an unknown case — none logged', async () => {
      const before = (await http().get('/audit/read-access').query({ caseId: CASE, limit: 5000 }).set('Authorization', `Bearer ${auditor}`)).body.length;
      const otherCommunity = await token('community_officer', { jurisdiction: '330106001002' });
      const otherStreet = await token('street_officer', { jurisdiction: '330106002' });
      const otherDistrict = await token('county_approver', { jurisdiction: '330105' });
      for (const t of [otherCommunity, otherStreet, otherDistrict]) {
        const res = await http().get(`/audit/cases/${CASE}/timeline`).set('Authorization', `Bearer ${t}`);
        expect(res.status).toBe(403);
        expect(res.body.type).toBe('urn:sa:problem:outside-jurisdiction');
      }
      const policyAdmin = await token('policy_admin');
      expect((await http().get(`/audit/cases/${CASE}/timeline`).set('Authorization', `Bearer ${policyAdmin}`)).status).toBe(403);
      const approver = await token('county_approver');
      const badId = await http().get('/audit/cases/not-a-case/timeline').set('Authorization', `Bearer ${approver}`);
      expect(badId.status).toBe(400);
      expect(badId.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await http().get(`/audit/cases/${randomUUID()}/timeline`).set('Authorization', `Bearer ${approver}`)).status).toBe(404);
      const after = (await http().get('/audit/read-access').query({ caseId: CASE, limit: 5000 }).set('Authorization', `Bearer ${auditor}`)).body.length;
      expect(after).toBe(before);
    });
  });

  it('checkpoints: taken on request and by the schedule, listed, and compared', async () => {
    const taken = await http().post('/audit/checkpoints').set('Authorization', `Bearer ${provincial}`);
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ trigger: 'manual', takenBy: 'auditor-sheng', lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await app.get(CheckpointScheduler).tick();
    const list = await http().get('/audit/checkpoints').set('Authorization', `Bearer ${provincial}`);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { trigger: string }) => c.trigger)).toEqual(['scheduled', 'manual']);
    // The scheduled one continued from the manual one: same digest when nothing was appended since.
    expect(list.body[0].lastHash).toBe(list.body[1].lastHash);
    const cmp = await http()
      .post('/audit/checkpoints/compare')
      .send({ globalPosition: taken.body.globalPosition, lastHash: taken.body.lastHash, eventCount: taken.body.eventCount, takenAt: taken.body.takenAt })
      .set('Authorization', `Bearer ${provincial}`);
    expect(cmp.status).toBe(200);
    expect(cmp.body.ok).toBe(true);
  });

  describe('jurisdiction: district auditors see their own cases; store-wide operations need a provincial auditor', () => {
    let district: string; // 330106: the case's district
    let neighbour: string; // 330105: another district

    beforeAll(async () => {
      district = await token('auditor', { sub: 'auditor-xihu', jurisdiction: '330106' });
      neighbour = await token('auditor', { sub: 'auditor-shangcheng', jurisdiction: '330105' });
    });

    it("another district's auditor cannot read the case's read-access log, nor the whole log", async () => {
      const own = await http().get('/audit/read-access').query({ caseId: CASE }).set('Authorization', `Bearer ${district}`);
      expect(own.status).toBe(200);
      expect(own.body.length).toBeGreaterThan(0);
      const other = await http().get('/audit/read-access').query({ caseId: CASE }).set('Authorization', `Bearer ${neighbour}`);
      expect(other.status).toBe(403);
      expect(other.body.type).toBe('urn:sa:problem:outside-jurisdiction');
      for (const t of [district, neighbour]) {
        const all = await http().get('/audit/read-access').set('Authorization', `Bearer ${t}`);
        expect(all.status).toBe(400);
        expect(JSON.stringify(all.body)).toContain('caseId');
      }
      const provincialAll = await http().get('/audit/read-access').set('Authorization', `Bearer ${provincial}`);
      expect(provincialAll.status).toBe(200);
      expect(provincialAll.body.some((r: { caseId: string }) => r.caseId === CASE)).toBe(true);
    });

    it('a district auditor cannot take, list or compare checkpoints, nor verify the whole store or a stream', async () => {
      const before = await http().get('/audit/checkpoints').set('Authorization', `Bearer ${provincial}`);
      for (const t of [district, neighbour]) {
        const auth = `Bearer ${t}`;
        expect((await http().post('/audit/checkpoints').set('Authorization', auth)).status).toBe(403);
        expect((await http().get('/audit/checkpoints').set('Authorization', auth)).status).toBe(403);
        const cmp = await http()
          .post('/audit/checkpoints/compare')
          .send({ globalPosition: null, lastHash: '0'.repeat(64), eventCount: 0, takenAt: '2026-03-16T00:00:00.000Z' })
          .set('Authorization', auth);
        expect(cmp.status).toBe(403);
        expect((await http().post('/audit/verify').send({}).set('Authorization', auth)).status).toBe(403);
        expect((await http().post('/audit/verify').send({ streamId: `reviewCase-${CASE}` }).set('Authorization', auth)).status).toBe(403);
      }
      const after = await http().get('/audit/checkpoints').set('Authorization', `Bearer ${provincial}`);
      expect(after.body).toHaveLength(before.body.length); // nothing was stored by the refused requests
      expect((await http().post('/audit/verify').send({}).set('Authorization', `Bearer ${provincial}`)).body).toMatchObject({ ok: true, scope: 'store' });
    });

    it("a provincial auditor reads the province's cases; another province's auditor does not", async () => {
      const ok = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE }).set('Authorization', `Bearer ${provincial}`);
      expect(ok.status).toBe(200);
      const jiangsu = await token('auditor', { jurisdiction: '320000' });
      const no = await http().get(`/audit/cases/${CASE}/history`).query({ purpose: PURPOSE }).set('Authorization', `Bearer ${jiangsu}`);
      expect(no.status).toBe(403);
      expect((await http().get('/audit/read-access').query({ caseId: CASE }).set('Authorization', `Bearer ${jiangsu}`)).status).toBe(403);
    });
  });
});
