/**
 * Disbursement over real Kafka (`bash deploy/kafka/kafka.sh up`) and real PostgreSQL:
 * AssistanceGranted on `sa.eligibility.events` (one of them delivered twice) → entitlements →
 * two concurrent starts of the month's run → every entitlement paid exactly once → bank file →
 * return file with one closed account → account correction → reissue; PaymentIssued,
 * PaymentReturned and PaymentRunCompleted arrive on `sa.disbursement.events` and validate.
 */
import { TOPICS, validateIntegrationEvent, type IntegrationEvent, type PaymentIssuedV1 } from '@sa/contracts';
import { assertKafkaReachable, contractsCodec, createKafka, silentLogger } from '@sa/messaging';
import type { Producer } from 'kafkajs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { grantedEvent } from './support/fixtures';
import { eventually, startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { TopicReader } from './support/topic-reader';

jest.setTimeout(180_000);

// A district of its own, so that other grants on the shared topic do not join this run.
const district = `65${String(Math.floor(Math.random() * 9000) + 1000)}`;
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
  producer = createKafka({ clientId: 'sa-disbursement-test-producer', logger: silentLogger }).producer({ idempotent: true });
  await producer.connect();
  officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district })}`;
});

afterAll(async () => {
  await producer?.disconnect();
  await reader?.stop();
  await t?.close();
});

const http = () => request(t.app.getHttpServer());
const publish = (events: IntegrationEvent[]) =>
  producer.send({ topic: TOPICS.eligibility, acks: -1, messages: events.map((e) => contractsCodec.encode(e)) });

describe('disbursement over real Kafka and PostgreSQL', () => {
  const grants = Array.from({ length: 5 }, (_, i) => grantedEvent({ community, monthlyAmountFen: 130000 + i * 100 }));
  const later = grantedEvent({ community, startMonth: '2026-04' });
  let runId: string;
  let returnedPaymentId: string;

  it('turns AssistanceGranted events (one delivered twice) into one entitlement each', async () => {
    await publish([...grants, grants[0]!, later]);
    await eventually(async () => {
      const rows = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".entitlements WHERE district = $1`, [district]);
      expect(rows[0]!.n).toBe(6);
    }, 90_000);
    const [inbox] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".inbox WHERE event_id = $1`, [grants[0]!.id]);
    expect(inbox!.n).toBe(1);
  });

  it('refuses a run outside the officer’s district', async () => {
    const res = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district: '110101', period: '2026-03' });
    expect(res.status).toBe(403);
  });

  it('refuses a malformed period naming the field', async () => {
    const res = await http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-13' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('period');
  });

  it('runs the month in the background: two concurrent starts, each entitlement paid exactly once', async () => {
    const [a, b] = await Promise.all([
      http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-03' }),
      http().post('/disbursement/payment-runs').set('Authorization', officer).send({ district, period: '2026-03' }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.runId).toBe(b.body.runId);
    runId = a.body.runId;
    expect(a.body.total).toBe(6);
    const done = await eventually(async () => {
      const res = await http().get(`/disbursement/payment-runs/${runId}`).set('Authorization', officer);
      expect(res.body.status).toBe('FILE_WRITTEN');
      return res.body;
    });
    expect(done).toMatchObject({ done: 6, total: 6, paymentCount: 5, heldCount: 1, totalAmountFen: 5 * 130000 + 1000 });
    const dup = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${t.schema}".payments WHERE period = '2026-03' GROUP BY entitlement_id HAVING count(*) > 1`,
    );
    expect(dup).toEqual([]);

    const file = (await readFile(join(t.bankDir, done.bankFileRefs[0]), 'utf8')).trimEnd().split('\n');
    expect(file).toHaveLength(7); // header, 5 payments, trailer
    expect(file[6]).toBe(`T,5,,,,,${5 * 130000 + 1000},${((5 * 130000 + 1000) / 100).toFixed(2)},,,${runId}`);
  });

  it('imports the return file with one closed account and completes the run', async () => {
    const [row] = await t.sql<{ payment_id: string }>(`SELECT payment_id FROM "${t.schema}".payments WHERE case_id = $1`, [grants[1]!.data.caseId]);
    returnedPaymentId = row!.payment_id;
    const res = await http()
      .post(`/disbursement/payment-runs/${runId}/bank-confirmation`)
      .set('Authorization', officer)
      .send({ returnFile: `payment_id,reason_code,bank_message\n${returnedPaymentId},ACCOUNT_CLOSED,账户已销户\n`, confirmedOn: '2026-03-06' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('COMPLETED');
    const [p] = await t.sql(`SELECT status, return_reason FROM "${t.schema}".payments WHERE payment_id = $1`, [returnedPaymentId]);
    expect(p).toEqual({ status: 'RETURNED', return_reason: 'ACCOUNT_CLOSED' });
  });

  it('refuses to reissue before the account is corrected, then reissues once to the corrected account', async () => {
    const early = await http().post(`/disbursement/payments/${returnedPaymentId}/reissue`).set('Authorization', officer).send({});
    expect(early.status).toBe(422);
    expect(JSON.stringify(early.body)).toContain('bank_account_not_corrected');

    const caseId = grants[1]!.data.caseId;
    const requested = await http()
      .post(`/disbursement/entitlements/${caseId}/bank-account-changes`)
      .set('Authorization', officer)
      .send({
        memberId: grants[1]!.data.recipient.memberId,
        name: grants[1]!.data.recipient.name,
        bankAccountRef: 'acct-corrected-0001',
        householdRequestRef: 'doc:payee-change/0001',
        reason: '原账户已销户',
      });
    expect(requested.status).toBe(201);
    const second = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-second' })}`;
    const corrected = await http().post(`/disbursement/entitlements/${caseId}/bank-account-changes/${requested.body.pending.changeId}/approval`).set('Authorization', second).send({});
    expect(corrected.status).toBe(200);

    const reissued = await http().post(`/disbursement/payments/${returnedPaymentId}/reissue`).set('Authorization', officer).send({});
    expect(reissued.status).toBe(201);
    expect(reissued.body).toMatchObject({ reissueOfPaymentId: returnedPaymentId, recipient: { bankAccountRef: 'acct-corrected-0001' } });
    const file = await readFile(join(t.bankDir, reissued.body.bankFileRef), 'utf8');
    expect(file).toContain('acct-corrected-0001');

    const again = await http().post(`/disbursement/payments/${returnedPaymentId}/reissue`).set('Authorization', officer).send({});
    expect(again.status).toBe(409);
  });

  it('publishes PaymentIssued, PaymentReturned and PaymentRunCompleted, each valid against its schema', async () => {
    const regular = await reader.waitFor((e) => e.type === 'PaymentIssued' && (e.data as PaymentIssuedV1).runId === runId && (e.data as PaymentIssuedV1).kind === 'REGULAR', 5);
    expect(new Set(regular.map((e) => e.id)).size).toBe(5);
    const [returned] = await reader.waitFor((e) => e.type === 'PaymentReturned' && (e.data as { paymentId: string }).paymentId === returnedPaymentId);
    const [completed] = await reader.waitFor((e) => e.type === 'PaymentRunCompleted' && e.subject === runId);
    const [reissue] = await reader.waitFor((e) => e.type === 'PaymentIssued' && (e.data as PaymentIssuedV1).reissueOfPaymentId === returnedPaymentId);
    for (const e of [...regular, returned!, completed!, reissue!]) {
      expect(validateIntegrationEvent(e.type as 'PaymentIssued', e.schemaVersion, e.data).errors).toEqual([]);
    }
    expect(completed!.data).toMatchObject({ paymentCount: 5, heldCount: 1, jurisdiction: district, paymentMonth: '2026-03' });
    expect(reissue!.subject).toBe(grants[1]!.data.caseId);
    // One command on the run records events of several cases: each carries its case as correlation id.
    expect(returned!.subject).toBe(grants[1]!.data.caseId);
    for (const e of [...regular, returned!, reissue!]) expect({ type: e.type, correlationId: e.metadata.correlationId }).toEqual({ type: e.type, correlationId: e.subject });
    expect(completed!.metadata.correlationId).toBe(runId);
  });
});
