/**
 * A lead's due date past the published calendar, over real Kafka and PostgreSQL: a lead reported on
 * 2026-12-29 with no 2027 calendar gets the Monday–Friday estimate, marked provisional (dueOnProvisional,
 * shown 暂按周一至周五推算) on the lead, the list and the overdue list; when eligibility publishes 2027
 * (HolidayCalendarPublished on `sa.eligibility.events`), intake re-dates it to the real working day
 * (LeadDueDateRedated) and it is no longer provisional.
 */
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, toKafkaMessage, TOPICS, type AssistanceRefusedV1 } from '@sa/contracts';
import { assertKafkaReachable, createKafka, silentLogger } from '@sa/messaging';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(180_000);

let t: IntakeTestApp;
let producer: Producer;
let community: string;

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000); // a missing broker fails loudly, never a silent pass
  // From the end of the topic: a 2027 calendar another test published earlier must not date this lead before the test does.
  t = await startIntake({ consumer: true, now: '2026-12-29T10:00:00+08:00', env: { INTAKE_CONSUMER_FROM_BEGINNING: 'false' } });
  producer = createKafka({ clientId: `sa-intake-lead-due-test-${randomUUID().slice(0, 8)}`, logger: silentLogger }).producer();
  await producer.connect();
  community = `Bearer ${await t.token('community_officer')}`;
});

afterAll(async () => {
  await producer?.disconnect();
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Until the consumer group has joined: probes (a refusal of a case intake does not know, a no-op) until one is in the inbox. */
async function consumerJoined(): Promise<void> {
  await eventually(async () => {
    const probe = createIntegrationEvent('AssistanceRefused', { ...EXAMPLE_EVENT_DATA.AssistanceRefused, caseId: randomUUID() } as AssistanceRefusedV1, {
      id: randomUUID(),
      time: '2026-12-29T10:00:00+08:00',
      metadata: exampleMetadata('AssistanceRefused'),
    });
    await producer.send({ topic: TOPICS.eligibility, acks: -1, messages: [toKafkaMessage(probe)] });
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".inbox`);
    return rows[0]!.n > 0 ? true : undefined;
  }, 'the consumer group to join', 90_000);
}

describe('a lead due date past the published calendar', () => {
  let leadId: string;

  it('given no 2027 calendar, a lead reported on 2026-12-29 gets the Monday–Friday estimate, marked provisional', async () => {
    await consumerJoined();
    const res = await http()
      .post('/leads')
      .set('Authorization', community)
      .send({
        source: 'HOTLINE',
        sourceRef: 'hotline-2026-1229',
        jurisdiction: '330106001001',
        subject: { name: '孙奶奶', address: '北山街道某社区5幢' },
        hardships: ['ELDERLY_LIVING_ALONE'],
        urgency: 'ROUTINE',
        description: '独居老人，暖气停了',
      });
    expect(res.status).toBe(201);
    leadId = res.body.leadId as string;
    // 3 working days: 30 and 31 December, then Friday 1 January 2027 counted as a working day (no 2027 calendar).
    expect(res.body).toMatchObject({ reportedOn: '2026-12-29', dueOn: '2027-01-01', dueOnProvisional: true });
    const lead = await http().get(`/leads/${leadId}`).set('Authorization', community);
    expect(lead.body).toMatchObject({ dueOn: '2027-01-01', dueOnProvisional: true, dueOnCalendarMissing: 2027 });
    const listed = await eventually(async () => {
      const list = await http().get('/leads').query({ jurisdiction: '330106001001' }).set('Authorization', community);
      return (list.body.items as { leadId: string }[]).find((i) => i.leadId === leadId);
    }, 'the lead in the list');
    expect(listed).toMatchObject({ dueOn: '2027-01-01', dueOnProvisional: true });
  });

  it('when 2027 is published, the lead is re-dated to the real working day and is no longer provisional', async () => {
    const published = createIntegrationEvent('HolidayCalendarPublished', { ...EXAMPLE_EVENT_DATA.HolidayCalendarPublished }, {
      id: randomUUID(),
      time: '2026-12-29T15:00:00+08:00',
      metadata: exampleMetadata('HolidayCalendarPublished'),
    });
    await producer.send({ topic: TOPICS.eligibility, acks: -1, messages: [toKafkaMessage(published)] });
    // 2027-01-01 to 03 are holidays: the third working day is Monday 4 January.
    const lead = await eventually(async () => {
      const res = await http().get(`/leads/${leadId}`).set('Authorization', community);
      return res.body.dueOnProvisional === false ? res.body : undefined;
    }, 'the lead re-dated');
    expect(lead).toMatchObject({ dueOn: '2027-01-04', dueOnProvisional: false });
    expect((lead as { history: { type: string; data: unknown }[] }).history.at(-1)).toMatchObject({
      type: 'LeadDueDateRedated',
      data: { previousDueOn: '2027-01-01', dueOn: '2027-01-04', dueOnProvisional: false, calendarYear: 2027, calendarVersion: 1 },
    });
    const listed = await eventually(async () => {
      const list = await http().get('/leads').query({ jurisdiction: '330106001001' }).set('Authorization', community);
      const item = (list.body.items as { leadId: string; dueOnProvisional: boolean }[]).find((i) => i.leadId === leadId);
      return item && !item.dueOnProvisional ? item : undefined;
    }, 'the list re-dated');
    expect(listed).toMatchObject({ dueOn: '2027-01-04', dueOnProvisional: false });
    // A lead reported now counts on the published 2027: not provisional.
    const later = await http()
      .post('/leads')
      .set('Authorization', community)
      .send({ source: 'HOTLINE', jurisdiction: '330106001001', subject: { name: '周大爷', address: '北山街道某社区6幢' }, hardships: ['ILLNESS'], urgency: 'ROUTINE', description: '病后无人照料' });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ dueOn: '2027-01-04', dueOnProvisional: false });
  });
});
