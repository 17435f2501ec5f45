/**
 * Re-application over real PostgreSQL and real Kafka: intake's inbox consumes
 * `sa.eligibility.events`. An accepted application still holds its household (a second application
 * → 409); eligibility's refusal arrives → the case is CLOSED with the decision, the household is
 * released, and the new application links to the earlier case (decision, date, reason). The same
 * refusal delivered again closes nothing twice; a grant leaves a case open; a termination closes it.
 */
import {
  createIntegrationEvent,
  exampleIntegrationEvent,
  toKafkaMessage,
  TOPICS,
  type AssistanceExitedV1,
  type AssistanceGrantedV1,
  type AssistanceRefusedV1,
  type BenefitChangedV3,
} from '@sa/contracts';
import { isCiphertext } from '@sa/crypto';
import { ProjectionProcessor } from '@sa/eventstore';
import { assertKafkaReachable, createKafka, silentLogger } from '@sa/messaging';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { residentId } from './support/fixtures';
import { startIntake, type IntakeTestApp } from './support/intake-app';
import { completeApplicationBody, consentBody } from './support/requests';

jest.setTimeout(120_000);

let t: IntakeTestApp;
let producer: Producer;
let community: string;
let street: string;

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000); // a missing broker fails loudly, never a silent pass
  t = await startIntake({ consumer: true });
  producer = createKafka({ clientId: `sa-intake-reapply-test-${randomUUID().slice(0, 8)}`, logger: silentLogger }).producer();
  await producer.connect();
  community = `Bearer ${await t.token('community_officer')}`;
  street = `Bearer ${await t.token('street_officer')}`;
});

afterAll(async () => {
  await producer?.disconnect();
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A household of its own (so runs never collide), submitted and accepted. */
async function acceptedApplication(seq: string): Promise<{ caseId: string; caseNumber: string; body: ReturnType<typeof completeApplicationBody> }> {
  const applicant = residentId('330106', '19700101', seq);
  const body = completeApplicationBody();
  body.household.members = [{ ...body.household.members[0]!, residentId: applicant, name: '赵六' }];
  body.household.supporters = [];
  body.declaration = { ...body.declaration, income: [], assets: [] };
  body.bankAccount = { ...body.bankAccount, holderResidentId: applicant, holderName: '赵六' };
  body.identityDocuments = [{ residentId: applicant, documentRef: 'doc:id:reapply' }];
  body.consents = [consentBody(applicant)];
  const created = await http().post('/applications').set('Authorization', community).send(body);
  expect(created.status).toBe(201);
  const { caseId, caseNumber } = created.body as { caseId: string; caseNumber: string };
  expect((await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({})).status).toBe(200);
  const accepted = await http().post(`/applications/${caseId}/acceptance`).set('Authorization', street).send();
  expect(accepted.body).toMatchObject({ status: 'ACCEPTED' });
  return { caseId, caseNumber, body };
}

async function publishRefusal(caseId: string, caseNumber: string, id: string = randomUUID()) {
  const example = exampleIntegrationEvent('AssistanceRefused');
  const data: AssistanceRefusedV1 = {
    ...(example.data as AssistanceRefusedV1),
    caseId,
    caseNumber,
    decisionId: randomUUID(),
    decidedOn: '2026-03-20',
    noticeDueOn: '2026-03-25',
    reasons: [{ code: 'INCOME_ABOVE_STANDARD', description: '家庭人均月收入 1100 元，高于低保标准 1000 元' }],
  };
  const event = createIntegrationEvent('AssistanceRefused', data, { id, time: '2026-03-20T15:30:00+08:00', metadata: { ...example.metadata, correlationId: caseId } });
  await producer.send({ topic: TOPICS.eligibility, messages: [toKafkaMessage(event)] });
  return event;
}

const closedEvents = async (caseId: string) =>
  (await t.store.readStream(`application-${caseId}`)).filter((e) => e.type === 'ApplicationClosedAfterDecision');

describe('re-application after a refusal, over real Kafka', () => {
  it('a refused household is released and its new application links to the earlier case, once', async () => {
    const first = await acceptedApplication('311');
    // while the case is open the household cannot apply again
    const again = await http().post('/applications').set('Authorization', community).send(first.body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'resident_in_open_application', otherCaseNumbers: [first.caseNumber] });

    const refusal = await publishRefusal(first.caseId, first.caseNumber);
    const closed = await eventually(async () => {
      const res = await http().get(`/applications/${first.caseId}`).set('Authorization', community);
      return res.body.status === 'CLOSED' ? res.body : undefined;
    }, 'the refused case to close');
    expect(closed.closure).toMatchObject({
      outcome: 'REFUSED',
      decisionId: (refusal.data as AssistanceRefusedV1).decisionId,
      decidedOn: '2026-03-20',
      reason: '家庭人均月收入 1100 元，高于低保标准 1000 元',
      reasonCodes: ['INCOME_ABOVE_STANDARD'],
      sourceEventId: refusal.id,
    });
    // the closure's reason (the refusal's written reasons, free text) is sealed in the event (ApplicationClosedAfterDecision,
    // PERSONAL_EVENT_FIELDS) and in the read model's closed_reason column (issue 18)
    const [stored] = await t.sql<{ reason: string }>(
      `SELECT data->>'reason' AS reason FROM "${t.eventStoreSchema}".events WHERE stream_id = $1 AND type = 'ApplicationClosedAfterDecision'`,
      [`application-${first.caseId}`],
    );
    expect(isCiphertext(stored!.reason)).toBe(true);
    const closedReason = await eventually(async () => {
      const [r] = await t.sql<{ closed_reason: string | null }>(`SELECT closed_reason FROM "${t.schema}".applications WHERE case_id = $1`, [first.caseId]);
      return r?.closed_reason ?? undefined;
    }, 'the closure in the read model');
    expect(isCiphertext(closedReason)).toBe(true);
    expect(closedReason).not.toContain('1100');

    // the reservation goes with the projection of the closure; then the household may apply again
    const second = await eventually(async () => {
      const res = await http().post('/applications').set('Authorization', community).send(first.body);
      return res.status === 201 ? res : undefined;
    }, 'the household to be free to apply again');
    const earlierCase = {
      caseId: first.caseId,
      caseNumber: first.caseNumber,
      outcome: 'REFUSED',
      decisionId: (refusal.data as AssistanceRefusedV1).decisionId,
      decidedOn: '2026-03-20',
      reason: '家庭人均月收入 1100 元，高于低保标准 1000 元',
      reasonCodes: ['INCOME_ABOVE_STANDARD'],
    };
    expect(second.body.earlierCase).toEqual(earlierCase);
    expect(second.body.previousCaseId).toBe(first.caseId);
    const view = await http().get(`/applications/${second.body.caseId}`).set('Authorization', street);
    expect(view.body).toMatchObject({ status: 'DRAFT', previousCaseId: first.caseId, earlierCase });
    // the officer's search lists the new case with its link (read model)
    const listed = await eventually(async () => {
      const res = await http().get('/applications').query({ caseNumber: second.body.caseNumber }).set('Authorization', community);
      return res.body.items?.[0];
    }, 'the new case in the read model');
    expect(listed).toMatchObject({ caseId: second.body.caseId, previousCaseId: first.caseId, previousOutcome: 'REFUSED' });
    const [row] = await t.sql<{ earlier_case_id: string }>(`SELECT earlier_case_id::text FROM "${t.schema}".applications WHERE case_id = $1`, [second.body.caseId]);
    expect(row?.earlier_case_id ?? (await eventually(async () => {
      const [r] = await t.sql<{ earlier_case_id: string | null }>(`SELECT earlier_case_id::text FROM "${t.schema}".applications WHERE case_id = $1`, [second.body.caseId]);
      return r?.earlier_case_id ?? undefined;
    }, 'the read model link'))).toBe(first.caseId);

    // the same refusal again (a redelivery, same event id), then a later decision on the same case
    // (same key, so the same partition, consumed after it): nothing is closed twice
    await publishRefusal(first.caseId, first.caseNumber, refusal.id);
    const later = await publishRefusal(first.caseId, first.caseNumber);
    const inboxed = async (id: string) =>
      Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM "${t.schema}".inbox WHERE event_id = $1`, [id]))[0]?.n);
    await eventually(async () => ((await inboxed(later.id)) === 1 ? true : undefined), 'the later decision to be consumed');
    expect(await inboxed(refusal.id)).toBe(1);
    expect(await closedEvents(first.caseId)).toHaveLength(1);
    expect((await http().get(`/applications/${first.caseId}`).set('Authorization', community)).body.closure.sourceEventId).toBe(refusal.id);
  });

  it('a refusal revoked on appeal (AssistanceGranted v2 with the appeal) reopens the closed case: ACCEPTED, the appeal in its history, the household held again', async () => {
    const first = await acceptedApplication('388');
    const refusal = await publishRefusal(first.caseId, first.caseNumber);
    const refusalId = (refusal.data as AssistanceRefusedV1).decisionId;
    await eventually(async () => {
      const res = await http().get(`/applications/${first.caseId}`).set('Authorization', community);
      return res.body.status === 'CLOSED' ? true : undefined;
    }, 'the refused case to close');

    const appeal = {
      appealId: randomUUID(),
      kind: 'ADMINISTRATIVE_REVIEW' as const,
      outcome: 'REVOKED' as const,
      contestedDecisionId: refusalId,
      documentRef: '西政复决字〔2026〕12号',
      documentDate: '2026-05-08',
    };
    const example = exampleIntegrationEvent('AssistanceGranted', randomUUID());
    const data = { ...(example.data as AssistanceGrantedV1), caseId: first.caseId, caseNumber: first.caseNumber, decisionId: randomUUID(), decidedOn: '2026-05-12', startMonth: '2026-04', appeal };
    const granted = createIntegrationEvent('AssistanceGranted', data as unknown as AssistanceGrantedV1, {
      id: randomUUID(),
      time: '2026-05-12T10:00:00+08:00',
      schemaVersion: 2,
      metadata: { ...example.metadata, correlationId: first.caseId },
    });
    // the appeal is decided weeks later: the reopened case is in that day's work queue (accepted today)
    const acceptedDay = t.clock.now();
    t.clock.set('2026-05-12T10:00:00+08:00');
    await producer.send({ topic: TOPICS.eligibility, messages: [toKafkaMessage(granted)] });

    const reopened = await eventually(async () => {
      const res = await http().get(`/applications/${first.caseId}`).set('Authorization', community);
      return res.body.status === 'ACCEPTED' ? res.body : undefined;
    }, 'the case to reopen on appeal');
    expect(reopened.closure).toBeUndefined();
    expect(reopened.reopenedOnAppeal).toEqual([
      {
        revokedClosure: expect.objectContaining({ outcome: 'REFUSED', decisionId: refusalId, sourceEventId: refusal.id }),
        appeal,
        decisionId: data.decisionId,
        decidedOn: '2026-05-12',
        reopenedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
    ]);
    // the officer's list (read model) shows it open again, with the appeal
    const listed = await eventually(async () => {
      const res = await http().get('/applications').query({ caseNumber: first.caseNumber }).set('Authorization', community);
      const item = res.body.items?.[0];
      return item?.status === 'ACCEPTED' ? item : undefined;
    }, 'the reopened case in the read model');
    expect(listed).toMatchObject({ caseId: first.caseId, reopenedOnAppeal: { appealId: appeal.appealId, documentRef: appeal.documentRef } });
    expect(listed.reopenedOnAppeal.reopenedOn).toBe('2026-05-12');
    const queue = await http().get('/work-queue').query({ jurisdiction: '330106001', queue: 'acceptedToday', pageSize: 200 }).set('Authorization', street);
    expect(queue.status).toBe(200);
    expect(queue.body.date).toBe('2026-05-12');
    expect(queue.body.items).toContainEqual(expect.objectContaining({ caseId: first.caseId, status: 'ACCEPTED', reopenedOnAppeal: expect.objectContaining({ appealId: appeal.appealId }) }));
    // the household cannot apply again while the approved case runs
    const again = await http().post('/applications').set('Authorization', community).send(first.body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'resident_in_open_application', otherCaseNumbers: [first.caseNumber] });
    // the same approval redelivered reopens nothing twice
    await producer.send({ topic: TOPICS.eligibility, messages: [toKafkaMessage(granted)] });
    const later = await publishRefusal(randomUUID(), '330106-2026-999999'); // a later message on the topic, for a case intake never had
    const inboxed = async (id: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM "${t.schema}".inbox WHERE event_id = $1`, [id]))[0]?.n);
    await eventually(async () => ((await inboxed(later.id)) === 1 ? true : undefined), 'a later message to be consumed');
    expect((await t.store.readStream(`application-${first.caseId}`)).filter((e) => e.type === 'ApplicationReopenedOnAppeal')).toHaveLength(1);
    t.clock.set(acceptedDay);
  });

  it('a termination closes the case as TERMINATED; a withdrawal after the grant as WITHDRAWN; a grant leaves it open', async () => {
    const terminated = await acceptedApplication('333');
    const withdrawn = await acceptedApplication('344');
    const granted = await acceptedApplication('355');
    const change = exampleIntegrationEvent('BenefitChanged');
    const termination = (caseId: string, caseNumber: string, code: BenefitChangedV3['reason']['code'], description: string) => {
      const { taperSchedule: _t, ...base } = change.data as BenefitChangedV3;
      return createIntegrationEvent(
        'BenefitChanged',
        { ...base, caseId, caseNumber, decisionId: randomUUID(), changeType: 'TERMINATION', writtenNoticeDueOn: '2025-10-23', reason: { code, description } } as BenefitChangedV3,
        { id: randomUUID(), time: '2026-03-20T15:30:00+08:00', metadata: { ...change.metadata, correlationId: caseId } },
      );
    };
    const grant = exampleIntegrationEvent('AssistanceGranted', randomUUID());
    await producer.send({
      topic: TOPICS.eligibility,
      messages: [
        toKafkaMessage(
          createIntegrationEvent('AssistanceGranted', { ...grant.data, caseId: granted.caseId, caseNumber: granted.caseNumber }, {
            id: grant.id,
            time: '2026-03-20T15:30:00+08:00',
            metadata: { ...grant.metadata, correlationId: granted.caseId },
          }),
        ),
        toKafkaMessage(termination(terminated.caseId, terminated.caseNumber, 'MEMBER_DECEASED', '唯一家庭成员死亡')),
        toKafkaMessage(termination(withdrawn.caseId, withdrawn.caseNumber, 'HOUSEHOLD_REQUEST', '申请人书面申请撤回')),
      ],
    });
    const outcomeOf = async (caseId: string) => {
      const res = await http().get(`/applications/${caseId}`).set('Authorization', community);
      return res.body.closure?.outcome as string | undefined;
    };
    expect(await eventually(() => outcomeOf(terminated.caseId), 'the termination')).toBe('TERMINATED');
    expect(await eventually(() => outcomeOf(withdrawn.caseId), 'the withdrawal')).toBe('WITHDRAWN');
    const res = await http().get(`/applications/${granted.caseId}`).set('Authorization', community);
    expect(res.body.status).toBe('ACCEPTED');
  });

  it('the end of a taper (AssistanceExited TAPER_ENDED on sa.follow-up.events) closes the case as TERMINATED and releases the household', async () => {
    const tapered = await acceptedApplication('366');
    const exited = (caseId: string, caseNumber: string, reason: AssistanceExitedV1['reason']) => {
      const example = exampleIntegrationEvent('AssistanceExited');
      return createIntegrationEvent(
        'AssistanceExited',
        { ...(example.data as AssistanceExitedV1), caseId, caseNumber, reason, decisionId: randomUUID(), exitedOn: '2026-07-01', finalNote: '渐退期满，退出低保' },
        { id: randomUUID(), time: '2026-07-01T09:00:00+08:00', metadata: { ...example.metadata, correlationId: caseId } },
      );
    };
    await producer.send({
      topic: TOPICS['follow-up'],
      messages: [toKafkaMessage(exited(tapered.caseId, tapered.caseNumber, 'TAPER_ENDED'))],
    });
    const closure = async (caseId: string) => (await http().get(`/applications/${caseId}`).set('Authorization', community)).body.closure as { outcome: string; reason: string } | undefined;
    expect(await eventually(() => closure(tapered.caseId), 'the end of the taper')).toMatchObject({ outcome: 'TERMINATED', reason: '渐退期满，退出低保' });
    expect((await closedEvents(tapered.caseId))[0]!.data).toMatchObject({ reasonCodes: ['TAPER_ENDED'], decidedOn: '2026-07-01' });
    // the reservation goes with the projection of the closure; then the household may apply again
    const again = await eventually(async () => {
      const res = await http().post('/applications').set('Authorization', community).send(tapered.body);
      return res.status === 201 ? res : undefined;
    }, 'the household to be free to apply again');
    expect(again.body.earlierCase).toMatchObject({ caseId: tapered.caseId, outcome: 'TERMINATED' });
  });

  it('an application withdrawn at intake (its own event) frees the household, and the new one links to it with the reason; a withdrawn draft links nothing', async () => {
    const first = await acceptedApplication('377');
    const withdrawal = await http()
      .post(`/applications/${first.caseId}/withdrawal`)
      .set('Authorization', community)
      .send({ reason: 'MOVED_AWAY', note: '迁往外省', requestedBy: 'APPLICANT', documentRef: 'doc:withdrawal:reapply' });
    expect(withdrawal.status).toBe(200);
    const second = await eventually(async () => {
      const res = await http().post('/applications').set('Authorization', community).send(first.body);
      return res.status === 201 ? res : undefined;
    }, 'the household to be free after the withdrawal');
    expect(second.body).toMatchObject({
      previousCaseId: first.caseId,
      earlierCase: { caseId: first.caseId, caseNumber: first.caseNumber, outcome: 'WITHDRAWN', reason: '撤回申请：户籍迁出本辖区（迁往外省）', reasonCodes: ['MOVED_AWAY'] },
    });
    expect(second.body.earlierCase).not.toHaveProperty('decisionId');
    // while the new application is open the household is a duplicate again
    const dup = await http().post('/applications').set('Authorization', community).send(first.body);
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'resident_in_open_application', otherCaseNumbers: [second.body.caseNumber] });

    // the new one is withdrawn as a draft: a third application still links to the submitted first case
    const draftWithdrawn = await http()
      .post(`/applications/${second.body.caseId}/withdrawal`)
      .set('Authorization', community)
      .send({ reason: 'APPLICANT_REQUEST', requestedBy: 'APPLICANT' });
    expect(draftWithdrawn.status).toBe(200);
    const third = await eventually(async () => {
      const res = await http().post('/applications').set('Authorization', community).send(first.body);
      return res.status === 201 ? res : undefined;
    }, 'the household to be free after the draft is withdrawn');
    expect(third.body).toMatchObject({ previousCaseId: first.caseId, earlierCase: { outcome: 'WITHDRAWN' } });
  });
  it('a re-application links to a case withdrawn a moment ago even when the read model has not seen that case yet', async () => {
    // The live projection is stopped: the first case's rows are not in the read model when the household applies again.
    const projections = t.app.get(ProjectionProcessor);
    await projections.stop();
    try {
      const first = await acceptedApplication('378');
      const withdrawal = await http()
        .post(`/applications/${first.caseId}/withdrawal`)
        .set('Authorization', community)
        .send({ reason: 'MOVED_AWAY', note: '迁往外省', requestedBy: 'APPLICANT', documentRef: 'doc:withdrawal:reapply-2' });
      expect(withdrawal.status).toBe(200);
      const second = await http().post('/applications').set('Authorization', community).send(first.body);
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ previousCaseId: first.caseId, earlierCase: { caseId: first.caseId, outcome: 'WITHDRAWN', reasonCodes: ['MOVED_AWAY'] } });
    } finally {
      projections.start();
    }
  });
});
