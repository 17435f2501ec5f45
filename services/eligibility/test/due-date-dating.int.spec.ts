/**
 * 期限补定 on the real service (AppModule, real PostgreSQL): due dates left open because 2027's
 * holiday schedule was missing — a refusal's written-notice date (decided 2026-12-29) and the
 * decision deadline of a case accepted on 2026-12-29 — sit in the `calendar-missing` queue until a
 * policy_admin publishes 2027 (`PUT /calendars/2027`); then each case records one `DueDatesDated`
 * with the dates the published calendar gives, the queue empties and the read model shows them.
 * Running the dating again records nothing. The histories are the pure decider's (fixtures'
 * 2026-only calendar), appended to the real event store.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { AdjustableClock, CLOCK, EXAMPLE_HOLIDAY_SCHEDULE_2027 } from '@sa/time';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { DueDateDating } from '../src/calendars/due-date-dating';
import { ELIGIBILITY_CONFIG_SPEC } from '../src/config';
import { AppModule } from '../src/app.module';
import type { ReviewCaseEvent } from '../src/domain';
import { decideCase, history, open, opinion, receiveFacts, submit, SYSTEM } from '../src/domain/__tests__/review-case-fixtures';

jest.setTimeout(180_000);

const SECRET = 'eligibility-dating-test-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_dating_${SUFFIX}`;
const ES_SCHEMA = `es_eligibility_dating_${SUFFIX}`;
const clock = new AdjustableClock(new Date('2026-12-30T02:00:00Z'));

let app: NestExpressApplication;
let store: EventStore;
let county: string, admin: string;

async function seed(caseId: string, events: ReviewCaseEvent[]): Promise<void> {
  await store.appendToStream(
    `reviewCase-${caseId}`,
    events.map((e) => ({
      eventId: randomUUID(),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      metadata: { correlationId: caseId, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-12-29T09:00:00+08:00' },
    })),
    { expectedRevision: 'no_stream' },
  );
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const queue = async () =>
  (await request(app.getHttpServer()).get('/review-cases/queues/calendar-missing?jurisdiction=330106').set('Authorization', `Bearer ${county}`).expect(200)).body
    .items as { caseId: string; calendarMissing: number | null; refusalNoticeDueOn: string | null; dueOn: string | null }[];

beforeAll(async () => {
  ({ app } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      EVENTSTORE_SCHEMA: ES_SCHEMA,
      JWT_SECRET: SECRET,
      ELIGIBILITY_RELAY_ENABLED: 'false',
      ELIGIBILITY_CONSUMERS_ENABLED: 'false',
      ELIGIBILITY_POLICY_SEED: 'false',
      LOG_LEVEL: 'silent',
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
  }));
  store = app.get<EventStore>(EVENT_STORE);
  county = await mintLocalToken('county_approver', { secret: SECRET, sub: 'officer-county-003', jurisdiction: '330106' });
  admin = await mintLocalToken('policy_admin', { secret: SECRET, sub: 'policy-admin-001', jurisdiction: '330000' });
});

afterAll(async () => {
  await app?.close();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await client.end();
});

describe('期限补定 when 2027 is published', () => {
  it('dates the open refusal notice and decision deadline, empties the calendar-missing queue, and records nothing on a second run', async () => {
    const refused = randomUUID();
    const accepted = randomUUID();
    await seed(
      refused,
      history(open({ caseId: refused }), receiveFacts(330000, { caseId: refused }), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }), decideCase({ outcome: 'REFUSE', recipient: null, reason: '经审核，不符合条件', on: '2026-12-29' })),
    );
    await seed(accepted, history(open({ caseId: accepted, acceptedOn: '2026-12-29', on: '2026-12-29' })));

    const before = await eventually('both cases in the calendar-missing queue', async () => {
      const items = await queue();
      return items.length === 2 ? items : undefined;
    });
    expect(before.map((i) => [i.caseId, i.calendarMissing]).sort()).toEqual([[accepted, 2027], [refused, 2027]].sort());

    const published = await request(app.getHttpServer())
      .put('/calendars/2027')
      .set('Authorization', `Bearer ${admin}`)
      .send({ holidays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.holidays], makeUpWorkdays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.makeUpWorkdays], source: 'EXAMPLE（示例）' });
    expect(published.status).toBe(200);

    await eventually('the queue to empty', async () => ((await queue()).length === 0 ? true : undefined));

    const datedOf = async (caseId: string) => (await store.readStream(`reviewCase-${caseId}`)).filter((e) => e.type === 'DueDatesDated');
    const [refusal] = await datedOf(refused);
    expect(refusal!.data).toMatchObject({
      calendarYear: 2027,
      calendarVersion: 1,
      dated: [{ kind: 'REFUSAL_NOTICE', from: '2026-12-29', workingDays: 3, dueOn: '2027-01-04' }],
      calendarMissing: null,
    });
    expect(refusal!.metadata).toMatchObject({ actor: { role: 'system' }, reason: expect.stringContaining('2027年节假日安排（第1版）') });
    const [deadline] = await datedOf(accepted);
    expect((deadline!.data as { dated: { kind: string; dueOn: string }[] }).dated.map((d) => d.kind)).toEqual(['DECISION_DEADLINE', 'INVESTIGATION_START']);

    const view = await request(app.getHttpServer()).get(`/review-cases/${accepted}`).set('Authorization', `Bearer ${county}`).expect(200);
    expect(JSON.stringify(view.body)).toContain((deadline!.data as { dated: { dueOn: string }[] }).dated[0]!.dueOn);

    const again = await app.get(DueDateDating).run();
    expect(again).toEqual([]);
    expect(await datedOf(refused)).toHaveLength(1);
    expect(await datedOf(accepted)).toHaveLength(1);
  });
});
