/**
 * 行政复议 revokes a refusal → the approval the body orders → 补发 of the months already past, across
 * eligibility and disbursement over real Kafka and real PostgreSQL (issue #14 item 7, "late registration").
 *
 * A 低保 application refused on 16 March 2026 (its history produced by the pure decider and appended to
 * eligibility's real store). Another case of the district, approved the same day, is paid by the April and
 * May runs. On 12 June the household's 行政复议 is recorded over HTTP and the body's decision REVOKED with the
 * new decision (eligible, ¥1,300 a month): eligibility records the outcome and a CaseApproved from April (the
 * month the original application would have started), the relay publishes AssistanceGranted v2, disbursement
 * registers the entitlement and — April and May already passed by runs — determines their arrears once. The
 * June run pays ¥1,300 regular + one ARREARS line of ¥2,600 on the approval; the July run pays no arrears
 * again; both bank files pass the bank-file check. Intake (its inbox on the same topic) closed the application
 * on the refusal and reopens it on the approval: ACCEPTED, the appeal in its history, the household refused a
 * new application (409) while the approved case runs. Bad input is 400/422 problem+json naming the field, with
 * nothing appended. The auditor's history of the case shows the chain 行政复议登记 → 结果：撤销原决定 → 审批 → 待遇登记 →
 * 补发核定 from the recorded events. A second refusal revoked on 8 July (after the July run) is paid at once by a
 * 补发批次 the officer starts (supplementary run: one ARREARS line of April–July, no regular payment).
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, validateIntegrationEvent, type IntegrationEvent } from '@sa/contracts';
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
import { A, decideCase, history, notice, open, opinion, receiveFacts, submit, SYSTEM, visit } from '../../services/eligibility/src/domain/__tests__/review-case-fixtures';
import { expectBankFileOfRun } from '../../services/disbursement/test/support/bank-file-check';
import type { DisbursementDb } from '../../services/disbursement/test/support/database';
import { eventually, startDisbursement, type DisbursementTestApp } from '../../services/disbursement/test/support/disbursement-app';
import { TopicReader } from '../../services/disbursement/test/support/topic-reader';
import { entitlementStreamId } from '../../services/disbursement/src/domain';
import { caseHistory, type AuditEvent } from '../../services/audit/src/domain';
import { residentId } from '../../services/intake/test/support/fixtures';
import { startIntake, type IntakeTestApp } from '../../services/intake/test/support/intake-app';
import { completeApplicationBody, consentBody } from '../../services/intake/test/support/requests';

jest.setTimeout(300_000);

const SECRET = 'appeals-refusal-int-test-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_appeal_ref_${SUFFIX}`;
const ES_SCHEMA = `es_eligibility_appeal_ref_${SUFFIX}`;
const DISTRICT = '330106';
const number = () => `330106-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`;
/** The application intake accepted: eligibility's refused case has its id and number. */
let refusedCase: string;
let refusedNumber: string;
let intake: IntakeTestApp;
let applicationBody: ReturnType<typeof completeApplicationBody>;
let communityOfficer: string;
const refusalId = randomUUID();
const paidCase = randomUUID();
/** A second refused case whose appeal is decided after the July run: its arrears are paid by a 补发批次. */
const laterCase = randomUUID();
const laterRefusalId = randomUUID();
const clock = new AdjustableClock(new Date('2026-06-12T10:00:00+08:00'));
const RECIPIENT = { memberId: A, bankAccountRef: 'bank-account:9d2f0b', bankAccountMasked: '6222 **** **** 5678' };

let eligibility: NestExpressApplication;
let store: EventStore;
let disbursement: DisbursementTestApp;
let reader: TopicReader;
let street: string, county: string, payer: string;

const api = () => request(eligibility.getHttpServer());
const streamLength = async () => (await store.readStream(`reviewCase-${refusedCase}`)).length;

async function seed(id: string, events: ReviewCaseEvent[]): Promise<void> {
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

const paymentsOf = async (caseId: string) =>
  (
    await disbursement.sql<{ period: string; kind: string; amount_fen: string; decision_id: string; run_id: string }>(
      `SELECT period, kind, amount_fen, decision_id, run_id FROM "${disbursement.schema}".payments WHERE case_id = $1 ORDER BY period, kind`,
      [caseId],
    )
  ).map((p) => ({ period: p.period, kind: p.kind, amountFen: Number(p.amount_fen), decisionId: p.decision_id, runId: p.run_id }));

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000);
  await ensureTopics(createKafka({ clientId: `appeals-ref-int-${SUFFIX}`, logger: silentLogger }), Object.values(TOPICS));
  reader = new TopicReader(TOPICS.eligibility);
  await reader.start();
  disbursement = await startDisbursement({ kafka: true, now: '2026-04-05T09:00:00+08:00' });
  // Intake: the application, submitted and accepted, before eligibility refuses it (its inbox reads the topic from the start).
  intake = await startIntake({ consumer: true, env: { INTAKE_CONSUMER_FROM_BEGINNING: 'true' } });
  communityOfficer = `Bearer ${await intake.token('community_officer')}`;
  const applicant = residentId('330106', '19680505', '472');
  applicationBody = completeApplicationBody();
  applicationBody.household.members = [{ ...applicationBody.household.members[0]!, residentId: applicant, name: '孙七' }];
  applicationBody.household.supporters = [];
  applicationBody.declaration = { ...applicationBody.declaration, income: [], assets: [] };
  applicationBody.bankAccount = { ...applicationBody.bankAccount, holderResidentId: applicant, holderName: '孙七' };
  applicationBody.identityDocuments = [{ residentId: applicant, documentRef: 'doc:id:appeal' }];
  applicationBody.consents = [consentBody(applicant)];
  const intakeApi = () => request(intake.app.getHttpServer());
  const created = await intakeApi().post('/applications').set('Authorization', communityOfficer).send(applicationBody);
  expect(created.status).toBe(201);
  ({ caseId: refusedCase, caseNumber: refusedNumber } = created.body as { caseId: string; caseNumber: string });
  expect((await intakeApi().post(`/applications/${refusedCase}/submission`).set('Authorization', communityOfficer).send({})).status).toBe(200);
  const accepted = await intakeApi().post(`/applications/${refusedCase}/acceptance`).set('Authorization', `Bearer ${await intake.token('street_officer')}`).send();
  expect(accepted.body).toMatchObject({ status: 'ACCEPTED' });
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
      KAFKA_CLIENT_ID: `sa-eligibility-appeal-ref-${SUFFIX}`,
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
  // Refused on 16 March 2026 (per-capita income above the standard by the rules).
  await seed(
    refusedCase,
    history(open({ caseId: refusedCase, caseNumber: refusedNumber }), receiveFacts(330000, { caseId: refusedCase }), visit(), opinion({ proposal: 'REFUSE' }), submit(), decideCase({ decisionId: refusalId, outcome: 'REFUSE' })),
  );
  await seed(
    laterCase,
    history(open({ caseId: laterCase, caseNumber: number() }), receiveFacts(330000, { caseId: laterCase }), visit(), opinion({ proposal: 'REFUSE' }), submit(), decideCase({ decisionId: laterRefusalId, outcome: 'REFUSE' })),
  );
  // Another case of the district, approved the same day: the April and May runs pay it.
  await seed(paidCase, history(open({ caseId: paidCase, caseNumber: number() }), receiveFacts(180000, { caseId: paidCase }), visit(), opinion(), notice(), submit(), decideCase({ decisionId: randomUUID() })));
});

afterAll(async () => {
  await reader?.stop();
  await intake?.close();
  await disbursement?.close();
  await eligibility?.close();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await client.end();
});

const outcomeBody = (n: Record<string, unknown> = {}, d: Record<string, unknown> = {}) => ({
  outcome: 'REVOKED',
  documentRef: '杭上政复决字〔2026〕第18号',
  documentDate: '2026-06-10',
  reason: '复议机关撤销不予批准决定：家庭人均收入低于当地低保标准',
  evidenceRefs: ['doc:appeal/2026/0610-decision'],
  newDecision: { eligible: true, monthlyAmountFen: 130000, recipient: RECIPIENT, ...n },
  ...d,
});

describe('行政复议 revokes a refusal → approval from the original start month → 补发 over real Kafka and PostgreSQL', () => {
  let appealId: string;

  it('the April and May runs of the district pass before the appeal is decided (the refused case is not paid)', async () => {
    await eventually(async () => {
      const rows = await disbursement.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${disbursement.schema}".entitlements WHERE case_id = $1`, [paidCase]);
      expect(rows[0]!.n).toBe(1);
    }, 90_000);
    await runMonth('2026-04');
    await runMonth('2026-05');
    expect((await paymentsOf(paidCase)).map((p) => p.period)).toEqual(['2026-04', '2026-05']);
    expect(await paymentsOf(refusedCase)).toEqual([]);
    // intake closed the application on the refusal (eligibility's relay published it)
    const closed = await eventually(async () => {
      const res = await request(intake.app.getHttpServer()).get(`/applications/${refusedCase}`).set('Authorization', communityOfficer);
      expect(res.body.status).toBe('CLOSED');
      return res.body;
    }, 90_000);
    expect(closed.closure).toMatchObject({ outcome: 'REFUSED', decisionId: refusalId });
  });

  it('records the appeal against the refusal', async () => {
    const res = await api()
      .post(`/review-cases/${refusedCase}/appeals`)
      .set('Authorization', street)
      .send({ kind: 'ADMINISTRATIVE_REVIEW', contestedDecisionId: refusalId, filedOn: '2026-04-20', noticeReceivedOn: '2026-03-18', reason: '家庭收入核算有误，应予纳入低保' });
    expect(res.status).toBe(201);
    appealId = res.body.appealId;
    expect(res.body.appeal).toMatchObject({ contestedDecisionId: refusalId, contestedDecisionKind: 'REFUSAL', outcome: null });
  });

  it('refuses bad input naming the field (400), a missing payee or an earlier start (422), the street officer (403), appending nothing', async () => {
    const before = await streamLength();
    const url = `/review-cases/${refusedCase}/appeals/${appealId}/outcome`;
    const bad = await api()
      .post(url)
      .set('Authorization', county)
      .send(outcomeBody({ effectiveFrom: 'April', monthlyAmountFen: -5, recipient: { memberId: 'nobody', bankAccountRef: '' } }));
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    for (const field of ['effectiveFrom', 'monthlyAmountFen', 'memberId', 'bankAccountRef']) expect(JSON.stringify(bad.body)).toContain(field);
    const noPayee = await api().post(url).set('Authorization', county).send(outcomeBody({ recipient: undefined }));
    expect(noPayee.status).toBe(422);
    expect(noPayee.headers['content-type']).toContain('application/problem+json');
    expect(noPayee.body).toMatchObject({ code: 'recipient_required' });
    expect(JSON.stringify(noPayee.body)).toContain('newDecision.recipient.memberId');
    const early = await api().post(url).set('Authorization', county).send(outcomeBody({ effectiveFrom: '2026-03-01' }));
    expect(early.status).toBe(422);
    expect(JSON.stringify(early.body)).toContain('newDecision.effectiveFrom');
    const notEligible = await api().post(url).set('Authorization', county).send(outcomeBody({ eligible: false, monthlyAmountFen: undefined }));
    expect(notEligible.status).toBe(422);
    expect(notEligible.body).toMatchObject({ code: 'appeal_refusal_new_decision_not_eligible' });
    const byStreet = await api().post(url).set('Authorization', street).send(outcomeBody());
    expect(byStreet.status).toBe(403);
    expect(await streamLength()).toBe(before);
  });

  it('REVOKED: the approval from April is published as AssistanceGranted v2; the June run pays ¥1,300 and one ARREARS line of April–May, the July run no arrears again', async () => {
    const res = await api().post(`/review-cases/${refusedCase}/appeals/${appealId}/outcome`).set('Authorization', county).set('Idempotency-Key', `revoke-${appealId}`).send(outcomeBody());
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual(['AppealOutcomeRecorded', 'CaseApproved']);
    const decisionId = res.body.newDecision.decisionId as string;
    expect(res.body.newDecision).toMatchObject({
      startMonth: '2026-04',
      decidedOn: '2026-06-12',
      decidedBy: { id: 'officer-county-009', role: 'county_approver', jurisdiction: DISTRICT },
      decisionAuthority: 'COUNTY',
      assessment: { eligible: true, outcome: 'APPEAL_DECISION', monthlyAmountFen: 130000 },
      recipient: { memberId: A, bankAccountRef: RECIPIENT.bankAccountRef },
      appeal: { appealId, outcome: 'REVOKED', contestedDecisionId: refusalId, documentRef: '杭上政复决字〔2026〕第18号' },
    });
    // The chain in the case's history, with actor, reason, evidence and policy version on the decision.
    const recorded = (await store.readStream(`reviewCase-${refusedCase}`)).slice(-3).map((e) => e.type);
    expect(recorded).toEqual(['AppealFiled', 'AppealOutcomeRecorded', 'CaseApproved']);
    const approval = (await store.readStream(`reviewCase-${refusedCase}`)).at(-1)!;
    expect(approval.metadata).toMatchObject({
      actor: { id: 'officer-county-009', role: 'county_approver' },
      evidenceRefs: ['杭上政复决字〔2026〕第18号', 'doc:appeal/2026/0610-decision'],
      policyVersion: expect.stringMatching(/^330106-/),
    });

    const [published] = await reader.waitFor((e: IntegrationEvent) => e.type === 'AssistanceGranted' && (e.data as { decisionId: string }).decisionId === decisionId);
    expect(published!.schemaVersion).toBe(2);
    expect(validateIntegrationEvent('AssistanceGranted', 2, published!.data).errors).toEqual([]);
    expect(published!.data).toMatchObject({ startMonth: '2026-04', monthlyAmountFen: 130000, decidedOn: '2026-06-12', appeal: { appealId, contestedDecisionId: refusalId } });

    // Disbursement: registered from April; April and May (runs already passed) become arrears on the approval.
    await eventually(async () => {
      const [e] = await disbursement.sql<{ state: { startMonth: string; arrears: { decisionId: string; totalFen: number; months: { month: string }[] }[] } }>(
        `SELECT state FROM "${disbursement.schema}".entitlements WHERE case_id = $1`,
        [refusedCase],
      );
      expect(e!.state.startMonth).toBe('2026-04');
      expect(e!.state.arrears).toEqual([expect.objectContaining({ decisionId, totalFen: 260000 })]);
      expect(e!.state.arrears[0]!.months.map((m) => m.month)).toEqual(['2026-04', '2026-05']);
    }, 90_000);

    const juneRun = await runMonth('2026-06');
    expect(await paymentsOf(refusedCase)).toEqual([
      { period: '2026-06', kind: 'ARREARS', amountFen: 260000, decisionId, runId: juneRun },
      { period: '2026-06', kind: 'REGULAR', amountFen: 130000, decisionId, runId: juneRun },
    ]);
    // Every line of the file is a stored batch's payment with its decision (other cases of the district on the topic too).
    const juneFile = await expectBankFileOfRun(disbursement as unknown as DisbursementDb, juneRun);
    const juneRows = await disbursement.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${disbursement.schema}".payments WHERE run_id = $1`, [juneRun]);
    expect(juneFile.lines).toBe(juneRows[0]!.n);
    expect(juneFile.lines).toBeGreaterThanOrEqual(3); // at least the other case's June payment, the approval's regular payment and its arrears line

    const julyRun = await runMonth('2026-07');
    const july = (await paymentsOf(refusedCase)).filter((p) => p.period === '2026-07');
    expect(july).toEqual([{ period: '2026-07', kind: 'REGULAR', amountFen: 130000, decisionId, runId: julyRun }]);
    expect((await paymentsOf(refusedCase)).filter((p) => p.kind === 'ARREARS')).toHaveLength(1);
    const julyFile = await expectBankFileOfRun(disbursement as unknown as DisbursementDb, julyRun);
    const julyRows = await disbursement.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${disbursement.schema}".payments WHERE run_id = $1`, [julyRun]);
    expect(julyFile.lines).toBe(julyRows[0]!.n);
    const settled = await disbursement.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${disbursement.schema}".arrears_settlements WHERE case_id = $1`, [refusedCase]);
    expect(settled[0]!.n).toBe(1);

    // The auditor's history of the case (audit reads the one store; here the two contexts' stores, as recorded), in
    // Chinese: 行政复议登记 → 结果：撤销原决定 → 审批 (the approval the body ordered) → 待遇登记 → 补发核定.
    const caseEvents = [...(await store.readStream(`reviewCase-${refusedCase}`)), ...(await disbursement.store.readStream(entitlementStreamId(refusedCase)))];
    const history = caseHistory(
      caseEvents.map((e): AuditEvent => ({ ...e, metadata: e.metadata as unknown as Record<string, unknown>, recordedAt: e.recordedAt.toISOString(), position: undefined })),
    );
    const labels = history.map((h) => h.label);
    const chain = ['行政复议登记', '行政复议结果：撤销原决定', '审核确认批准（行政复议撤销不予批准决定后重新决定）', '待遇登记', '补发核定'];
    const at = chain.map((l) => labels.indexOf(l));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const arrearsEvent = caseEvents.find((e) => e.eventId === history[at[4]!]!.eventId)!;
    expect(arrearsEvent.data).toMatchObject({ decisionId, totalFen: 260000 });
    expect(history[at[2]!]!.actor).toMatchObject({ id: 'officer-county-009', role: 'county_approver' });

    // Intake: the application closed on the refusal is open again, the appeal in its history; no re-application meanwhile.
    const intakeApi = () => request(intake.app.getHttpServer());
    const reopened = await eventually(async () => {
      const res = await intakeApi().get(`/applications/${refusedCase}`).set('Authorization', communityOfficer);
      expect(res.body.status).toBe('ACCEPTED');
      return res.body;
    }, 90_000);
    expect(reopened.closure).toBeUndefined();
    expect(reopened.reopenedOnAppeal).toEqual([
      expect.objectContaining({
        revokedClosure: expect.objectContaining({ outcome: 'REFUSED', decisionId: refusalId }),
        appeal: expect.objectContaining({ appealId, outcome: 'REVOKED', contestedDecisionId: refusalId, documentRef: '杭上政复决字〔2026〕第18号' }),
        decisionId,
        decidedOn: '2026-06-12',
      }),
    ]);
    await eventually(async () => {
      const res = await intakeApi().get('/applications').query({ caseNumber: refusedNumber }).set('Authorization', communityOfficer);
      expect(res.body.items?.[0]).toMatchObject({ status: 'ACCEPTED', reopenedOnAppeal: { appealId, documentRef: '杭上政复决字〔2026〕第18号' } });
    }, 30_000);
    const reapplied = await intakeApi().post('/applications').set('Authorization', communityOfficer).send(applicationBody);
    expect(reapplied.status).toBe(409);
    expect(reapplied.body).toMatchObject({ code: 'resident_in_open_application', otherCaseNumbers: [refusedNumber] });

    // The same outcome again (same Idempotency-Key) appends nothing.
    const before = await streamLength();
    const again = await api().post(`/review-cases/${refusedCase}/appeals/${appealId}/outcome`).set('Authorization', county).set('Idempotency-Key', `revoke-${appealId}`).send(outcomeBody());
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await streamLength()).toBe(before);
  });
  it('补发批次: a refusal revoked after the July run — the officer’s supplementary run pays April–July as one ARREARS line at once, no regular payment, nothing twice', async () => {
    clock.set(new Date('2026-07-08T10:00:00+08:00'));
    const filed = await api()
      .post(`/review-cases/${laterCase}/appeals`)
      .set('Authorization', street)
      .send({ kind: 'ADMINISTRATIVE_REVIEW', contestedDecisionId: laterRefusalId, filedOn: '2026-04-20', noticeReceivedOn: '2026-03-18', reason: '家庭收入核算有误，应予纳入低保' });
    expect(filed.status).toBe(201);
    const revoked = await api()
      .post(`/review-cases/${laterCase}/appeals/${filed.body.appealId}/outcome`)
      .set('Authorization', county)
      .send(outcomeBody({}, { documentRef: '杭上政复决字〔2026〕第25号', documentDate: '2026-07-06' }));
    expect(revoked.status).toBe(201);
    const decisionId = revoked.body.newDecision.decisionId as string;
    expect(revoked.body.newDecision).toMatchObject({ startMonth: '2026-04', decidedOn: '2026-07-08' });

    // Disbursement registers it late: April–July, all passed by monthly runs, are arrears on the approval.
    await eventually(async () => {
      const [e] = await disbursement.sql<{ state: { arrears: { decisionId: string; totalFen: number; months: { month: string }[] }[] } }>(
        `SELECT state FROM "${disbursement.schema}".entitlements WHERE case_id = $1`,
        [laterCase],
      );
      expect(e!.state.arrears).toEqual([expect.objectContaining({ decisionId, totalFen: 4 * 130000 })]);
      expect(e!.state.arrears[0]!.months.map((m) => m.month)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07']);
    }, 90_000);

    // The officer does not wait for August: a 补发批次 now.
    disbursement.clock.set('2026-07-08T11:00:00+08:00');
    const http = () => request(disbursement.app.getHttpServer());
    const started = await http().post('/disbursement/payment-runs').set('Authorization', payer).send({ district: DISTRICT, period: '2026-07', kind: 'SUPPLEMENTARY' });
    expect(started.status).toBe(202);
    expect(started.body.kind).toBe('SUPPLEMENTARY');
    const suppRun = started.body.runId as string;
    await eventually(async () => {
      const res = await http().get(`/disbursement/payment-runs/${suppRun}`).set('Authorization', payer);
      expect(res.body.status).toBe('FILE_WRITTEN');
    }, 90_000);
    expect(await paymentsOf(laterCase)).toEqual([{ period: '2026-07', kind: 'ARREARS', amountFen: 4 * 130000, decisionId, runId: suppRun }]);
    // Only arrears in the supplementary run's file (the first case's arrears were settled in June: not again).
    const rows = await disbursement.sql<{ kind: string; case_id: string }>(`SELECT kind, case_id FROM "${disbursement.schema}".payments WHERE run_id = $1`, [suppRun]);
    expect(rows).toEqual([{ kind: 'ARREARS', case_id: laterCase }]);
    expect(await expectBankFileOfRun(disbursement as unknown as DisbursementDb, suppRun)).toEqual({ lines: 1, totalFen: 4 * 130000 });
  });
});
