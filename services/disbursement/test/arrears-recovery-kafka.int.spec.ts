/**
 * 补发 / 追回 over real Kafka (`bash deploy/kafka/kafka.sh up`) and real PostgreSQL, through HTTP:
 * BenefitChanged effective in a month already paid (one delivered twice) → the next run pays the arrears
 * line and offsets the overpayment (capped by the service setting, by the grant's policy cap carried by
 * AssistanceGranted v3, or by the cap of a newer policy a change was decided under, carried by BenefitChanged v5) → ArrearsPaid, PaymentIssued (ARREARS), OverpaymentRecovered on
 * `sa.disbursement.events`, valid; the household statement shows it, traced to the decision; the ended
 * case gets a repayment plan and a repayment (RepaymentPlanRecorded, OverpaymentRecovered REPAYMENT); bad
 * input to the new routes → 400 problem+json naming the field, nothing recorded.
 */
import {
  createIntegrationEvent,
  TOPICS,
  validateIntegrationEvent,
  type ArrearsPaidV1,
  type IntegrationEvent,
  type OverpaymentRecoveredV1,
  type PaymentIssuedV1,
} from '@sa/contracts';
import { assertKafkaReachable, contractsCodec, createKafka, silentLogger } from '@sa/messaging';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { entitlementStreamId } from '../src/domain';
import { amountChangedEvent, grantedEvent, suspendedEvent } from './support/fixtures';
import { eventually, startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { TopicReader } from './support/topic-reader';

jest.setTimeout(240_000);

const district = `66${String(Math.floor(Math.random() * 9000) + 1000)}`;
const community = `${district}001001`;
let t: DisbursementTestApp;
let reader: TopicReader;
let producer: Producer;
let officer: string;

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000);
  t = await startDisbursement({ kafka: true });
  reader = new TopicReader(TOPICS.disbursement);
  await reader.start();
  producer = createKafka({ clientId: 'sa-disbursement-arrears-test', logger: silentLogger }).producer({ idempotent: true });
  await producer.connect();
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-arrears-1' })}`;
});

afterAll(async () => {
  await producer?.disconnect();
  await reader?.stop();
  await t?.close();
});

const http = () => request(t.app.getHttpServer());
const publish = (events: IntegrationEvent[]) => producer.send({ topic: TOPICS.eligibility, acks: -1, messages: events.map((e) => contractsCodec.encode(e)) });
const inDistrict = <E extends IntegrationEvent>(e: E): E => ({ ...e, data: { ...(e.data as object), jurisdiction: community } }) as E;

async function runMonth(period: string): Promise<string> {
  const started = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period });
  expect(started.status).toBe(202);
  await eventually(async () => {
    const res = await http().get(`/disbursement/payment-runs/${started.body.runId}`).set('Authorization', officer);
    expect(res.body.status).toBe('FILE_WRITTEN');
  }, 60_000);
  return started.body.runId as string;
}

describe('arrears and recovery over real Kafka and PostgreSQL', () => {
  const up = grantedEvent({ community, monthlyAmountFen: 130000 });
  const down = grantedEvent({ community, monthlyAmountFen: 130000 });
  const increase = inDistrict(amountChangedEvent(up.data.caseId, up.data.caseNumber, 'INCREASE', '2026-03', 150000));
  const decrease = inDistrict(amountChangedEvent(down.data.caseId, down.data.caseNumber, 'DECREASE', '2026-03', 30000));
  // Decided under a policy capping 追回 at 20 % (overpaymentRecovery.monthlyCapPercent): AssistanceGranted v3 carries it.
  const capped = grantedEvent({ community, monthlyAmountFen: 130000, recoveryCapPercent: 20 });
  const cappedDecrease = inDistrict(amountChangedEvent(capped.data.caseId, capped.data.caseNumber, 'DECREASE', '2026-03', 30000));
  // Granted under a policy without a cap (the service's 30 % applies), then changed under a newer policy capping 追回 at
  // 20 %: BenefitChanged v5 carries it and the entitlement's cap follows the newest policy.
  const newer = grantedEvent({ community, monthlyAmountFen: 130000 });
  const newerDecrease = inDistrict(amountChangedEvent(newer.data.caseId, newer.data.caseNumber, 'DECREASE', '2026-03', 30000, 130000, { recoveryCapPercent: 20, policyVersion: '440305-2026-07' }));
  let aprilRun: string;

  it('pays the arrears in the next run and offsets the overpayment, published and traced to the decisions', async () => {
    expect(capped.schemaVersion).toBe(3);
    expect([newer.schemaVersion, newerDecrease.schemaVersion]).toEqual([1, 5]);
    await publish([up, down, capped, newer]);
    await eventually(async () => {
      expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".entitlements WHERE district = $1`, [district]))[0]!.n).toBe(4);
    }, 90_000);
    await runMonth('2026-03');
    await publish([increase, decrease, increase, cappedDecrease, newerDecrease]); // the increase delivered twice
    await eventually(async () => {
      const rows = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".inbox WHERE event_id::text = ANY($1::text[])`, [[increase.id, decrease.id]]);
      expect(rows[0]!.n).toBe(2);
      const [e] = await t.sql<{ state: { recoveries: unknown[] } }>(`SELECT state FROM "${t.schema}".entitlements WHERE case_id = $1`, [down.data.caseId]);
      expect(e!.state.recoveries).toHaveLength(1);
      const [c] = await t.sql<{ state: { recoveries: unknown[]; recoveryCapPercent?: number } }>(`SELECT state FROM "${t.schema}".entitlements WHERE case_id = $1`, [capped.data.caseId]);
      expect(c!.state).toMatchObject({ recoveries: [expect.anything()], recoveryCapPercent: 20 });
      const [n] = await t.sql<{ state: { recoveries: unknown[]; recoveryCapPercent?: number; recoveryCapPolicyVersion?: string } }>(`SELECT state FROM "${t.schema}".entitlements WHERE case_id = $1`, [newer.data.caseId]);
      expect(n!.state).toMatchObject({ recoveries: [expect.anything()], recoveryCapPercent: 20, recoveryCapPolicyVersion: '440305-2026-07' });
    }, 90_000);

    t.clock.set('2026-04-05T09:00:00+08:00');
    aprilRun = await runMonth('2026-04');

    const [arrears] = await reader.waitFor((e) => e.type === 'ArrearsPaid' && (e.data as ArrearsPaidV1).caseId === up.data.caseId);
    const [line] = await reader.waitFor((e) => e.type === 'PaymentIssued' && (e.data as PaymentIssuedV1).caseId === up.data.caseId && (e.data as PaymentIssuedV1).kind === 'ARREARS');
    const [offset] = await reader.waitFor((e) => e.type === 'OverpaymentRecovered' && (e.data as OverpaymentRecoveredV1).caseId === down.data.caseId);
    for (const e of [arrears!, line!, offset!]) expect(validateIntegrationEvent(e.type as 'ArrearsPaid', e.schemaVersion, e.data).errors).toEqual([]);
    expect(arrears!.data).toMatchObject({ decisionId: increase.data.decisionId, runId: aprilRun, determinedFen: 20000, nettedFen: 0, amountFen: 20000, paymentMonth: '2026-04' });
    expect(line!.data).toMatchObject({ decisionId: increase.data.decisionId, amountFen: 20000, runId: aprilRun, paymentId: (arrears!.data as ArrearsPaidV1).paymentId });
    expect(offset!.data).toMatchObject({ overpaymentDecisionId: decrease.data.decisionId, method: 'OFFSET', against: 'REGULAR', amountFen: 9000, outstandingFen: 91000, capPercent: 30 });
    // The same overpayment on the case decided under the 20 % policy: 20 % of ¥300.00 = ¥60.00, not the service's 30 %.
    const [cappedOffset] = await reader.waitFor((e) => e.type === 'OverpaymentRecovered' && (e.data as OverpaymentRecoveredV1).caseId === capped.data.caseId);
    expect(validateIntegrationEvent('OverpaymentRecovered', cappedOffset!.schemaVersion, cappedOffset!.data).errors).toEqual([]);
    expect(cappedOffset!.data).toMatchObject({ overpaymentDecisionId: cappedDecrease.data.decisionId, method: 'OFFSET', against: 'REGULAR', amountFen: 6000, outstandingFen: 94000, capPercent: 20 });
    // Granted without a cap, changed under the newer 20 % policy (v5): the next offset is 20 % of ¥300.00 = ¥60.00, not 30 %.
    const [newerOffset] = await reader.waitFor((e) => e.type === 'OverpaymentRecovered' && (e.data as OverpaymentRecoveredV1).caseId === newer.data.caseId);
    expect(validateIntegrationEvent('OverpaymentRecovered', newerOffset!.schemaVersion, newerOffset!.data).errors).toEqual([]);
    expect(newerOffset!.data).toMatchObject({ overpaymentDecisionId: newerDecrease.data.decisionId, method: 'OFFSET', against: 'REGULAR', amountFen: 6000, outstandingFen: 94000, capPercent: 20 });
    for (const e of [arrears!, line!, offset!]) expect(e.metadata.correlationId).toBe(e.subject);
    // Once: the redelivered increase determined nothing more, the run paid one arrears line.
    expect(await t.sql(`SELECT count(*)::int AS n FROM "${t.schema}".payments WHERE kind = 'ARREARS'`)).toEqual([{ n: 1 }]);
  });

  it('shows the statement per month, each payment traced to its decision', async () => {
    const res = await http().get(`/disbursement/cases/${up.data.caseId}/statement`).set('Authorization', officer);
    expect(res.status).toBe(200);
    const april = res.body.months.find((m: { month: string }) => m.month === '2026-04');
    expect(april).toMatchObject({ regularFen: 150000, arrearsPaidFen: 20000, offsetFen: 0, netPaidFen: 170000, returnedFen: 0, outstandingOverpaymentFen: 0 });
    expect(april.payments.find((p: { kind: string }) => p.kind === 'ARREARS')).toMatchObject({ decisionId: increase.data.decisionId, amountFen: 20000, runId: aprilRun });
    expect(res.body.arrears).toEqual([expect.objectContaining({ decisionId: increase.data.decisionId, determinedFen: 20000, settled: expect.objectContaining({ paidFen: 20000, runId: aprilRun }) })]);

    const other = await http().get(`/disbursement/cases/${down.data.caseId}/statement`).set('Authorization', officer);
    expect(other.body.months.find((m: { month: string }) => m.month === '2026-04')).toMatchObject({ regularFen: 30000, offsetFen: 9000, netPaidFen: 21000, outstandingOverpaymentFen: 91000 });
    expect(other.body).toMatchObject({ outstandingOverpaymentFen: 91000, recoveryCapPercent: 30, recoveryCapSource: 'SERVICE_DEFAULT' });

    const underPolicy = await http().get(`/disbursement/cases/${capped.data.caseId}/statement`).set('Authorization', officer);
    expect(underPolicy.body.months.find((m: { month: string }) => m.month === '2026-04')).toMatchObject({ regularFen: 30000, offsetFen: 6000, netPaidFen: 24000, outstandingOverpaymentFen: 94000 });
    expect(underPolicy.body).toMatchObject({ outstandingOverpaymentFen: 94000, recoveryCapPercent: 20, recoveryCapSource: 'POLICY' });

    const changedUnderNewer = await http().get(`/disbursement/cases/${newer.data.caseId}/statement`).set('Authorization', officer);
    expect(changedUnderNewer.body.months.find((m: { month: string }) => m.month === '2026-04')).toMatchObject({ regularFen: 30000, offsetFen: 6000, netPaidFen: 24000, outstandingOverpaymentFen: 94000 });
    expect(changedUnderNewer.body).toMatchObject({ recoveryCapPercent: 20, recoveryCapSource: 'POLICY' });
  });

  it('refuses bad input to the new routes naming the field, recording nothing', async () => {
    const before = (await t.store.readStream(entitlementStreamId(down.data.caseId))).length;
    const badId = await http().get('/disbursement/cases/not-a-uuid/statement').set('Authorization', officer);
    expect(badId.status).toBe(400);
    expect(badId.headers['content-type']).toContain('application/problem+json');
    const plan = await http()
      .post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans`)
      .set('Authorization', officer)
      .send({ instalmentCount: 0, firstDueMonth: '2026-13', reason: '' });
    expect(plan.status).toBe(400);
    expect(plan.headers['content-type']).toContain('application/problem+json');
    for (const field of ['instalmentCount', 'firstDueMonth', 'reason']) expect(JSON.stringify(plan.body)).toContain(field);
    const neither = await http().post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans`).set('Authorization', officer).send({ reason: '分期' });
    expect(neither.status).toBe(400);
    expect(JSON.stringify(neither.body)).toContain('instalments');
    const stillPaid = await http()
      .post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans`)
      .set('Authorization', officer)
      .send({ instalmentCount: 2, firstDueMonth: '2026-05', reason: '分期退还' });
    expect(stillPaid.status).toBe(409);
    expect(stillPaid.body).toMatchObject({ code: 'case_not_ended' });
    const repay = await http()
      .post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans/${randomUUID()}/repayments`)
      .set('Authorization', officer)
      .send({ amountFen: -5, receivedOn: '2026-04-31x', evidenceRef: '', reason: '退款' });
    expect(repay.status).toBe(400);
    for (const field of ['amountFen', 'receivedOn', 'evidenceRef']) expect(JSON.stringify(repay.body)).toContain(field);
    expect((await t.store.readStream(entitlementStreamId(down.data.caseId))).length).toBe(before);
  });

  it('records a repayment plan once the case has ended, and the repayments under it, published', async () => {
    const suspension = suspendedEvent(down.data.caseId, down.data.caseNumber, '2026-05');
    const termination = createIntegrationEvent(
      'BenefitChanged',
      { ...suspension.data, decisionId: randomUUID(), changeType: 'TERMINATION', writtenNoticeDueOn: '2026-05-12', jurisdiction: community },
      { id: randomUUID(), time: suspension.time, metadata: suspension.metadata },
    );
    await publish([termination]);
    await eventually(async () => {
      const [e] = await t.sql<{ state: { timeline: { kind: string }[] } }>(`SELECT state FROM "${t.schema}".entitlements WHERE case_id = $1`, [down.data.caseId]);
      expect(e!.state.timeline.at(-1)!.kind).toBe('TERMINATED');
    }, 90_000);
    const planId = randomUUID();
    const created = await http()
      .post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans`)
      .set('Authorization', officer)
      .send({ planId, instalmentCount: 3, firstDueMonth: '2026-05', reason: '终止保障后多发待遇，分3期退还' });
    expect(created.status).toBe(201);
    expect(created.body.plan).toMatchObject({ planId, totalFen: 91000, instalments: [{ dueMonth: '2026-05', amountFen: 30334 }, { dueMonth: '2026-06', amountFen: 30333 }, { dueMonth: '2026-07', amountFen: 30333 }] });
    const repaymentId = randomUUID();
    const body = { repaymentId, amountFen: 30334, receivedOn: '2026-05-08', evidenceRef: 'doc:receipt/2026/0508', reason: '第1期退款' };
    const repaid = await http().post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans/${planId}/repayments`).set('Authorization', officer).send(body);
    expect(repaid.status).toBe(201);
    expect(repaid.body).toMatchObject({ balanceFen: 60666 });
    const again = await http().post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans/${planId}/repayments`).set('Authorization', officer).send(body);
    expect(again.body).toMatchObject({ balanceFen: 60666 }); // the same repayment is recorded once
    const tooMuch = await http()
      .post(`/disbursement/entitlements/${down.data.caseId}/repayment-plans/${planId}/repayments`)
      .set('Authorization', officer)
      .send({ ...body, repaymentId: randomUUID(), amountFen: 60667 });
    expect(tooMuch.status).toBe(422);
    expect(JSON.stringify(tooMuch.body)).toContain('amountFen');

    const [plan] = await reader.waitFor((e) => e.type === 'RepaymentPlanRecorded' && e.subject === down.data.caseId);
    const repayments = await reader.waitFor((e) => e.type === 'OverpaymentRecovered' && (e.data as OverpaymentRecoveredV1).method === 'REPAYMENT' && e.subject === down.data.caseId);
    for (const e of [plan!, ...repayments]) expect(validateIntegrationEvent(e.type as 'RepaymentPlanRecorded', e.schemaVersion, e.data).errors).toEqual([]);
    expect(plan!.data).toMatchObject({ planId, totalFen: 91000, recordedBy: { id: 'officer-arrears-1', role: 'disbursement_officer' } });
    expect(repayments.map((e) => e.data)).toEqual([expect.objectContaining({ repaymentId, amountFen: 30334, outstandingFen: 60666, evidenceRef: 'doc:receipt/2026/0508' })]);
    expect(repayments[0]!.metadata.actor).toMatchObject({ id: 'officer-arrears-1', role: 'disbursement_officer' });
    const statement = await http().get(`/disbursement/cases/${down.data.caseId}/statement`).set('Authorization', officer);
    expect(statement.body.months.find((m: { month: string }) => m.month === '2026-05')).toMatchObject({ repaidFen: 30334, outstandingOverpaymentFen: 60666 });
  });

  it('补发批次: a supplementary run an officer starts over HTTP pays arrears determined after the month’s run, once, published; bad input names the field', async () => {
    // April was paid at ¥1,500 by April's run; on 20 April a decision raises it to ¥1,700 from April: ¥200 owed now.
    t.clock.set('2026-04-20T09:00:00+08:00');
    const again = inDistrict(amountChangedEvent(up.data.caseId, up.data.caseNumber, 'INCREASE', '2026-04', 170000, 150000));
    await publish([again]);
    await eventually(async () => {
      const [e] = await t.sql<{ state: { arrears: { decisionId: string }[] } }>(`SELECT state FROM "${t.schema}".entitlements WHERE case_id = $1`, [up.data.caseId]);
      expect(e!.state.arrears.map((a) => a.decisionId)).toContain(again.data.decisionId);
    }, 90_000);

    const runsBefore = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".payment_runs WHERE district = $1`, [district]);
    const bad = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-04', kind: 'EXTRA' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('kind');
    const nextMonth = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-05', kind: 'SUPPLEMENTARY' });
    expect(nextMonth.status).toBe(422);
    expect(JSON.stringify(nextMonth.body)).toContain('period');
    expect(await t.sql(`SELECT count(*)::int AS n FROM "${t.schema}".payment_runs WHERE district = $1`, [district])).toEqual(runsBefore);

    const started = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-04', kind: 'SUPPLEMENTARY' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ kind: 'SUPPLEMENTARY', period: '2026-04' });
    const suppRun = started.body.runId as string;
    expect(suppRun).not.toBe(aprilRun);
    await eventually(async () => {
      const res = await http().get(`/disbursement/payment-runs/${suppRun}`).set('Authorization', officer);
      expect(res.body).toMatchObject({ status: 'FILE_WRITTEN', kind: 'SUPPLEMENTARY', paymentCount: 1, totalAmountFen: 20000 });
    }, 60_000);
    const [paid] = await reader.waitFor((e) => e.type === 'ArrearsPaid' && (e.data as ArrearsPaidV1).decisionId === again.data.decisionId);
    expect(validateIntegrationEvent('ArrearsPaid', paid!.schemaVersion, paid!.data).errors).toEqual([]);
    expect(paid!.data).toMatchObject({ runId: suppRun, amountFen: 20000, paymentMonth: '2026-04' });
    const rows = await t.sql<{ run_id: string; decision_id: string; amount_fen: string }>(
      `SELECT run_id, decision_id, amount_fen FROM "${t.schema}".payments WHERE case_id = $1 AND kind = 'ARREARS' ORDER BY run_id = $2`,
      [up.data.caseId, suppRun],
    );
    expect(rows).toEqual([
      { run_id: aprilRun, decision_id: increase.data.decisionId, amount_fen: '20000' },
      { run_id: suppRun, decision_id: again.data.decisionId, amount_fen: '20000' },
    ]);
    // no regular payment in the supplementary run
    expect(await t.sql(`SELECT count(*)::int AS n FROM "${t.schema}".payments WHERE run_id = $1 AND kind = 'REGULAR'`, [suppRun])).toEqual([{ n: 0 }]);
    // The bank confirms the file (nothing returned): the run completes and its arrears line is PAID, as a regular line would be.
    const confirmed = await http().post(`/disbursement/payment-runs/${suppRun}/bank-confirmation`).set('Authorization', officer).send({ returnFile: 'payment_id,reason_code,bank_message\n', confirmedOn: '2026-04-21' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'COMPLETED', kind: 'SUPPLEMENTARY' });
    expect(await t.sql(`SELECT status FROM "${t.schema}".payments WHERE run_id = $1`, [suppRun])).toEqual([{ status: 'PAID' }]);
  });
});
