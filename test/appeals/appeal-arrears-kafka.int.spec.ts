/**
 * 行政复议 → changed decision → 补发, across eligibility and disbursement over real Kafka and real
 * PostgreSQL (issue #14 item 7). An approved 低保 case (¥1,300 a month from April 2026, its history
 * produced by the pure decider and appended to eligibility's real store) is published by the relay as
 * AssistanceGranted; disbursement registers it and pays April and May. The household's 行政复议 is
 * recorded over HTTP (`POST /review-cases/:id/appeals`), then the body's decision CHANGED (¥1,500 from
 * April, `POST …/appeals/:appealId/outcome`): eligibility records the outcome and a BenefitChangeDecided
 * linked to the appeal, the relay publishes BenefitChanged v4 (trigger APPEAL), disbursement determines the arrears of
 * April and May (2 × ¥200) through its one retroactive path and the June run pays them. Bad input is
 * 400/422 problem+json naming the field, with nothing appended; two concurrent appeals: one 201, one 409.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, validateIntegrationEvent, type BenefitChangedV3, type IntegrationEvent } from '@sa/contracts';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { assertKafkaReachable, createKafka, ensureTopics, silentLogger } from '@sa/messaging';
import { createTestApp } from '@sa/platform';
import { AdjustableClock, CLOCK } from '@sa/time';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../deploy/auth/mint-token';
import { AppModule as EligibilityApp } from '../../services/eligibility/src/app.module';
import { ELIGIBILITY_CONFIG_SPEC } from '../../services/eligibility/src/config';
import type { ReviewCaseEvent } from '../../services/eligibility/src/domain';
import { DEFAULT_POLICY_VERSION } from '../../services/eligibility/src/domain/policy-catalogue/default-policy';
import { A, decideCase, history, notice, open, opinion, receiveFacts, submit, SYSTEM, visit } from '../../services/eligibility/src/domain/__tests__/review-case-fixtures';
import { eventually, startDisbursement, type DisbursementTestApp } from '../../services/disbursement/test/support/disbursement-app';
import { TopicReader } from '../../services/disbursement/test/support/topic-reader';

jest.setTimeout(300_000);

const SECRET = 'appeals-int-test-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_appeal_${SUFFIX}`;
const ES_SCHEMA = `es_eligibility_appeal_${SUFFIX}`;
const DISTRICT = '330106';
const caseId = randomUUID();
const caseNumber = `330106-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`;
const approvalId = randomUUID();
const clock = new AdjustableClock(new Date('2026-06-12T10:00:00+08:00'));

let eligibility: NestExpressApplication;
let store: EventStore;
let disbursement: DisbursementTestApp;
let reader: TopicReader;
let street: string, county: string, payer: string;

const api = () => request(eligibility.getHttpServer());
const streamLength = async () => (await store.readStream(`reviewCase-${caseId}`)).length;

async function seed(events: ReviewCaseEvent[], id = caseId): Promise<void> {
  await store.appendToStream(
    `reviewCase-${id}`,
    events.map((e) => ({
      eventId: randomUUID(),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      metadata: { correlationId: id, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-03-16T09:00:00+08:00' },
    })),
    { expectedRevision: 'no_stream' },
  );
}

async function runMonth(period: string): Promise<string> {
  disbursement.clock.set(`${period}-05T09:00:00+08:00`);
  const started = await request(disbursement.app.getHttpServer()).post('/disbursement/payment-runs').set('Authorization', payer).send({ district: DISTRICT, period });
  expect(started.status).toBe(202);
  await eventually(async () => {
    const res = await request(disbursement.app.getHttpServer()).get(`/disbursement/payment-runs/${started.body.runId}`).set('Authorization', payer);
    expect(res.body.status).toBe('FILE_WRITTEN');
  }, 90_000);
  return started.body.runId as string;
}

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000);
  await ensureTopics(createKafka({ clientId: `appeals-int-${SUFFIX}`, logger: silentLogger }), Object.values(TOPICS));
  reader = new TopicReader(TOPICS.eligibility);
  await reader.start();
  disbursement = await startDisbursement({ kafka: true, now: '2026-04-05T09:00:00+08:00' });
  ({ app: eligibility } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [EligibilityApp],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      EVENTSTORE_SCHEMA: ES_SCHEMA,
      JWT_SECRET: SECRET,
      KAFKA_CLIENT_ID: `sa-eligibility-appeal-${SUFFIX}`,
      ELIGIBILITY_RELAY_ENABLED: 'true',
      ELIGIBILITY_CONSUMERS_ENABLED: 'false',
      ELIGIBILITY_PROJECTIONS_ENABLED: 'false',
      LOG_LEVEL: 'silent',
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
  }));
  store = eligibility.get<EventStore>(EVENT_STORE);
  street = `Bearer ${await mintLocalToken('street_officer', { secret: SECRET, sub: 'officer-street-001', jurisdiction: '330106001' })}`;
  county = `Bearer ${await mintLocalToken('county_approver', { secret: SECRET, sub: 'officer-county-009', jurisdiction: DISTRICT })}`;
  payer = `Bearer ${await disbursement.token('disbursement_officer', { jurisdiction: DISTRICT, sub: 'officer-pay-1' })}`;
  // The worked example approved on 16 March 2026: ¥1,300 a month from April.
  await seed(
    history(
      open({ caseId, caseNumber }),
      receiveFacts(180000, { caseId }),
      visit(),
      opinion(),
      notice(),
      submit(),
      decideCase({ decisionId: approvalId }),
    ),
  );
});

afterAll(async () => {
  await reader?.stop();
  await disbursement?.close();
  await eligibility?.close();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await client.end();
});

const appealBody = (d: Record<string, unknown> = {}) => ({
  kind: 'ADMINISTRATIVE_REVIEW',
  contestedDecisionId: approvalId,
  filedOn: '2026-04-20',
  noticeReceivedOn: '2026-03-18',
  reason: '家庭实际支出未计入，保障金额偏低',
  evidenceRefs: ['doc:appeal/2026/0420'],
  ...d,
});

describe('行政复议 → changed decision → 补发 over real Kafka and PostgreSQL', () => {
  let appealId: string;

  it('the approval reaches disbursement, which pays April and May at ¥1,300', async () => {
    await eventually(async () => {
      const rows = await disbursement.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${disbursement.schema}".entitlements WHERE case_id = $1`, [caseId]);
      expect(rows[0]!.n).toBe(1);
    }, 90_000);
    await runMonth('2026-04');
    await runMonth('2026-05');
    const paid = await disbursement.sql<{ period: string; amount_fen: string }>(
      `SELECT period, amount_fen FROM "${disbursement.schema}".payments WHERE case_id = $1 ORDER BY period`,
      [caseId],
    );
    expect(paid.map((p) => [p.period, Number(p.amount_fen)])).toEqual([
      ['2026-04', 130000],
      ['2026-05', 130000],
    ]);
  });

  it('refuses bad input naming the field, and a late filing naming the limit, appending nothing', async () => {
    const before = await streamLength();
    const bad = await api()
      .post(`/review-cases/${caseId}/appeals`)
      .set('Authorization', street)
      .send(appealBody({ kind: 'COMPLAINT', filedOn: '2026-04-31x', contestedDecisionId: 'nope', reason: '' }));
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    for (const field of ['kind', 'filedOn', 'contestedDecisionId', 'reason']) expect(JSON.stringify(bad.body)).toContain(field);
    const late = await api().post(`/review-cases/${caseId}/appeals`).set('Authorization', street).send(appealBody({ filedOn: '2026-05-20' }));
    expect(late.status).toBe(422);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(late.body).toMatchObject({ code: 'appeal_time_limit_passed' });
    expect(JSON.stringify(late.body)).toContain('filedOn');
    expect(late.body.detail ?? late.body.title).toContain('自收到决定之日起60日内');
    const unknown = await api().post(`/review-cases/${caseId}/appeals`).set('Authorization', street).send(appealBody({ contestedDecisionId: randomUUID() }));
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.body)).toContain('contestedDecisionId');
    const auditor = `Bearer ${await mintLocalToken('auditor', { secret: SECRET, sub: 'auditor-001', jurisdiction: DISTRICT })}`;
    const wrongRole = await api().post(`/review-cases/${caseId}/appeals`).set('Authorization', auditor).send(appealBody());
    expect(wrongRole.status).toBe(403);
    expect(await streamLength()).toBe(before);
  });

  it('records the appeal once: two concurrent filings on the same revision, one 201 and one 409', async () => {
    const etag = (await api().get(`/review-cases/${caseId}`).set('Authorization', street)).headers.etag as string;
    const [a, b] = await Promise.all(
      [randomUUID(), randomUUID()].map((id) => api().post(`/review-cases/${caseId}/appeals`).set('Authorization', street).set('If-Match', etag).send(appealBody({ appealId: id }))),
    );
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    const winner = a!.status === 201 ? a! : b!;
    appealId = winner.body.appealId;
    expect(winner.body.appeal).toMatchObject({ kind: 'ADMINISTRATIVE_REVIEW', contestedDecisionId: approvalId, lastDayToFile: '2026-05-18', late: false, outcome: null });
    expect(winner.headers.etag).toBe(`"${winner.body.revision}"`);
  });

  it('an outcome with bad input is refused naming the field; CHANGED without the new decision too', async () => {
    const before = await streamLength();
    const bad = await api()
      .post(`/review-cases/${caseId}/appeals/${appealId}/outcome`)
      .set('Authorization', county)
      .send({ outcome: 'PARTLY', documentRef: '', documentDate: '10 June', reason: '变更', newDecision: { effectiveFrom: '2026-04', eligible: true, monthlyAmountFen: 1.5 } });
    expect(bad.status).toBe(400);
    for (const field of ['outcome', 'documentRef', 'documentDate', 'effectiveFrom', 'monthlyAmountFen']) expect(JSON.stringify(bad.body)).toContain(field);
    const missing = await api()
      .post(`/review-cases/${caseId}/appeals/${appealId}/outcome`)
      .set('Authorization', county)
      .send({ outcome: 'CHANGED', documentRef: '杭上政复决字〔2026〕第12号', documentDate: '2026-06-10', reason: '变更原决定' });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'appeal_new_decision_required' });
    expect(JSON.stringify(missing.body)).toContain('newDecision');
    expect(await streamLength()).toBe(before);
  });

  it('CHANGED: the new decision is published as BenefitChanged and disbursement pays the arrears of April and May in June', async () => {
    const res = await api()
      .post(`/review-cases/${caseId}/appeals/${appealId}/outcome`)
      .set('Authorization', county)
      .set('Idempotency-Key', `appeal-outcome-${appealId}`)
      .send({
        outcome: 'CHANGED',
        documentRef: '杭上政复决字〔2026〕第12号',
        documentDate: '2026-06-10',
        reason: '复议机关变更原决定：月保障金额应为1500元',
        newDecision: { effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 150000 },
      });
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual(['AppealOutcomeRecorded', 'BenefitChangeDecided']);
    const decisionId = res.body.newDecision.decisionId as string;
    expect(res.body.newDecision).toMatchObject({
      changeType: 'INCREASE',
      effectiveMonth: '2026-04',
      previousMonthlyAmountFen: 130000,
      monthlyAmountFen: 150000,
      decidedBy: { id: 'officer-county-009', role: 'county_approver', jurisdiction: DISTRICT },
      policyVersion: expect.stringMatching(/^330106-/),
      appeal: { appealId, kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', contestedDecisionId: approvalId, documentRef: '杭上政复决字〔2026〕第12号' },
    });

    // The chain in the case's own history, with actor, reason, evidence and policy version on the decision.
    const events = await api().get(`/review-cases/${caseId}/events`).set('Authorization', county);
    expect(events.status).toBe(200);
    const types = (events.body as { type: string }[]).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['AppealFiled', 'AppealOutcomeRecorded', 'BenefitChangeDecided']);
    const recorded = (await store.readStream(`reviewCase-${caseId}`)).at(-1)!;
    expect(recorded.metadata).toMatchObject({
      actor: { id: 'officer-county-009', role: 'county_approver', jurisdiction: DISTRICT },
      reason: '复议机关变更原决定：月保障金额应为1500元',
      evidenceRefs: ['杭上政复决字〔2026〕第12号'],
      policyVersion: expect.stringMatching(/^330106-/),
    });

    // Published: BenefitChanged, valid, traced to the appeal.
    const [published] = await reader.waitFor((e: IntegrationEvent) => e.type === 'BenefitChanged' && (e.data as BenefitChangedV3).decisionId === decisionId);
    expect(validateIntegrationEvent('BenefitChanged', published!.schemaVersion, published!.data).errors).toEqual([]);
    // BenefitChanged v4: a change an appeal caused carries trigger APPEAL and the appeal.
    expect(published!.schemaVersion).toBe(4);
    expect(published!.data).toMatchObject({
      changeType: 'INCREASE',
      effectiveMonth: '2026-04',
      monthlyAmountFen: 150000,
      trigger: { kind: 'APPEAL', refId: appealId },
      appeal: { appealId, kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', contestedDecisionId: approvalId, documentRef: '杭上政复决字〔2026〕第12号' },
    });

    // Disbursement: the one retroactive path determines 2 × ¥200 and the June run pays them with ¥1,500.
    await eventually(async () => {
      const [e] = await disbursement.sql<{ state: { arrears: { decisionId: string; totalFen: number }[] } }>(
        `SELECT state FROM "${disbursement.schema}".entitlements WHERE case_id = $1`,
        [caseId],
      );
      expect(e!.state.arrears).toEqual([expect.objectContaining({ decisionId, totalFen: 40000 })]);
    }, 90_000);
    const juneRun = await runMonth('2026-06');
    const june = await disbursement.sql<{ kind: string; amount_fen: string; run_id: string }>(
      `SELECT kind, amount_fen, run_id FROM "${disbursement.schema}".payments WHERE case_id = $1 AND period = '2026-06' ORDER BY kind`,
      [caseId],
    );
    expect(june.map((p) => [p.kind, Number(p.amount_fen), p.run_id])).toEqual([
      ['ARREARS', 40000, juneRun],
      ['REGULAR', 150000, juneRun],
    ]);

    // The same outcome again (same Idempotency-Key) appends nothing.
    const before = await streamLength();
    const again = await api()
      .post(`/review-cases/${caseId}/appeals/${appealId}/outcome`)
      .set('Authorization', county)
      .set('Idempotency-Key', `appeal-outcome-${appealId}`)
      .send({
        outcome: 'CHANGED',
        documentRef: '杭上政复决字〔2026〕第12号',
        documentDate: '2026-06-10',
        reason: '复议机关变更原决定：月保障金额应为1500元',
        newDecision: { effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 150000 },
      });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await streamLength()).toBe(before);
  });
});

describe('一事一议 over HTTP: temporary assistance above the usual cap, decided collectively', () => {
  const taCase = randomUUID();
  const taNumber = `330106-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`;
  const approvers = [
    { id: 'officer-county-001', name: '王某某', position: '局长' },
    { id: 'officer-county-002', name: '刘某某', position: '分管副局长' },
    { id: 'officer-county-005', name: '陈某某', position: '社会救助科科长' },
  ];
  const decision = (collectiveDecision: Record<string, unknown>) => ({
    outcome: 'APPROVE',
    recipient: { memberId: A, bankAccountRef: 'bank-account:7c1e9a', bankAccountMasked: '6222 **** **** 1234' },
    reason: '经审核确认，符合临时救助条件',
    collectiveDecision: {
      amountFen: 2_500_000,
      approvers,
      meetingOn: '2026-06-11',
      minutesRef: 'doc:minutes/2026/局务会-23',
      reason: '自付医疗费用超过常规救助上限，经局务会集体研究一事一议',
      ...collectiveDecision,
    },
  });
  const decide = (body: unknown) => api().post(`/review-cases/${taCase}/decision`).set('Authorization', county).send(body as object);
  const length = async () => (await store.readStream(`reviewCase-${taCase}`)).length;

  beforeAll(async () => {
    await seed(
      history(
        open({ caseId: taCase, caseNumber: taNumber, program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type: 'EXPENDITURE', requestedAmountFen: 2_600_000, emergencyAdvanceRequested: false } }),
        receiveFacts(180000, { caseId: taCase }),
        visit(),
        opinion(),
        notice(),
        submit(),
      ),
      taCase,
    );
  });

  it('refuses bad input naming the field, and a policy without a 一事一议 ceiling, appending nothing', async () => {
    const before = await length();
    const bad = await decide(decision({ amountFen: -1, approvers: [{ id: 'officer-county-001', name: '' }], meetingOn: '11 June', minutesRef: '' }));
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    for (const field of ['amountFen', 'name', 'meetingOn', 'minutesRef']) expect(JSON.stringify(bad.body)).toContain(field);
    const noCeiling = await decide(decision({}));
    expect(noCeiling.status).toBe(422);
    expect(noCeiling.body).toMatchObject({ code: 'collective_decision_not_in_policy' });
    expect(JSON.stringify(noCeiling.body)).toContain('collectiveDecision');
    expect(await length()).toBe(before);
  });

  it('with the ceiling published: over it refused naming it, too few approvers refused, then decided and recorded with every approver', async () => {
    const admin = `Bearer ${await mintLocalToken('policy_admin', { secret: SECRET, sub: 'policy-admin-001', jurisdiction: DISTRICT })}`;
    const p = DEFAULT_POLICY_VERSION;
    const published = await api()
      .post(`/policies/${p.policyId}/versions`)
      .set('Authorization', admin)
      .send({
        ...p,
        version: '330106-2026-06',
        effectiveFrom: '2026-06-01',
        parameters: { ...p.parameters, temporaryAssistance: { ...p.parameters.temporaryAssistance, collectiveDecision: { ceilingFen: 3_000_000 } } },
        reason: '增设一事一议救助上限',
      });
    expect(published.status).toBe(201);
    const invalid = await api()
      .post(`/policies/${p.policyId}/versions`)
      .set('Authorization', admin)
      .send({ ...p, version: '330106-2026-07', effectiveFrom: '2026-07-01', parameters: { ...p.parameters, temporaryAssistance: { ...p.parameters.temporaryAssistance, collectiveDecision: { ceilingFen: 100, minimumApprovers: 1 } } } });
    expect(invalid.status).toBe(400);
    for (const field of ['collectiveDecision.ceilingFen', 'collectiveDecision.minimumApprovers']) expect(JSON.stringify(invalid.body)).toContain(field);

    const before = await length();
    // The catalogue sees the new version once it has read the policy stream (a refused command appends nothing, so it can be asked again).
    const over = await eventually(async () => {
      const res = await decide(decision({ amountFen: 3_100_000 }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'collective_decision_over_ceiling' });
      return res;
    }, 30_000);
    expect(over.body.detail ?? over.body.title).toContain('一事一议救助上限¥30,000.00');
    const two = await decide(decision({ approvers: approvers.slice(0, 2) }));
    expect(two.status).toBe(422);
    expect(two.body).toMatchObject({ code: 'collective_decision_approvers_required' });
    expect(await length()).toBe(before);

    const ok = await decide(decision({}));
    expect(ok.status).toBe(201);
    const [approved] = (await store.readStream(`reviewCase-${taCase}`)).slice(-1);
    expect(approved!.type).toBe('CaseApproved');
    expect(approved!.data).toMatchObject({
      policyVersion: '330106-2026-06',
      assessment: { monthlyAmountFen: 2_500_000, temporary: { capFen: 1_800_000, grantableFen: 2_500_000 } },
      collectiveDecision: { amountFen: 2_500_000, approvers, meetingOn: '2026-06-11', minutesRef: 'doc:minutes/2026/局务会-23', usualCapFen: 1_800_000, ceilingFen: 3_000_000, minimumApprovers: 3 },
    });
    // Published as AssistanceGranted; disbursement registers the total decided collectively.
    await eventually(async () => {
      const [e] = await disbursement.sql<{ state: unknown }>(`SELECT state FROM "${disbursement.schema}".entitlements WHERE case_id = $1`, [taCase]);
      expect(JSON.stringify(e!.state)).toContain('2500000');
    }, 90_000);
  });
});
