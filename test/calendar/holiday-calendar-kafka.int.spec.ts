/**
 * The holiday calendar as managed, published data (issue #14 item 1), over real PostgreSQL and real
 * Kafka: a policy_admin publishes 2027's schedule through eligibility's HTTP API
 * (`PUT /calendars/2027`); the relay publishes `HolidayCalendarPublished` on `sa.eligibility.events`;
 * intake's inbox keeps it and its lead deadlines change — a lead reported on 2026-12-29 is due
 * 2027-01-01 (Monday–Friday guessed) before, 2027-01-04 after (元旦 off), 2027-01-05 after a correction
 * that adds 2027-01-04. Bad input is 400 naming the field, and records nothing.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import { assertKafkaReachable, createKafka, ensureTopics, silentLogger } from '@sa/messaging';
import { TOPICS } from '@sa/contracts';
import { createTestApp } from '@sa/platform';
import { AdjustableClock, CLOCK, EXAMPLE_HOLIDAY_SCHEDULE_2027 } from '@sa/time';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../deploy/auth/mint-token';
import { AppModule as EligibilityApp } from '../../services/eligibility/src/app.module';
import { ELIGIBILITY_CONFIG_SPEC } from '../../services/eligibility/src/config';
import { startIntake, type IntakeTestApp } from '../../services/intake/test/support/intake-app';

jest.setTimeout(180_000);

const SECRET = 'calendar-int-test-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `eligibility_cal_${SUFFIX}`;
const ES_SCHEMA = `es_eligibility_cal_${SUFFIX}`;
const DECEMBER_29 = '2026-12-29T10:00:00+08:00';

let eligibility: NestExpressApplication;
let intake: IntakeTestApp;
const clock = new AdjustableClock(new Date(DECEMBER_29));
let admin: string;
let officer: string;
let community: string;

const api = () => request(eligibility.getHttpServer());
const put = (year: string, body: unknown, t = admin) => api().put(`/calendars/${year}`).set('Authorization', `Bearer ${t}`).send(body as object);

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A lead reported today at intake; its outcome is due INTAKE_LEAD_DUE_WORKING_DAYS (3) working days later. */
async function leadDueOn(): Promise<string> {
  const res = await request(intake.app.getHttpServer())
    .post('/leads')
    .set('Authorization', `Bearer ${community}`)
    .send({
      source: 'HOTLINE',
      jurisdiction: '330106001001',
      subject: { name: '赵大爷', address: '北山街道某社区3幢' },
      hardships: ['ELDERLY_LIVING_ALONE'],
      urgency: 'ROUTINE',
      description: '独居老人，行动不便',
    });
  expect(res.status).toBe(201);
  return res.body.dueOn as string;
}

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000);
  const kafka = createKafka({ clientId: `calendar-int-test-${SUFFIX}`, logger: silentLogger });
  await ensureTopics(kafka, Object.values(TOPICS));
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
      KAFKA_CLIENT_ID: `sa-eligibility-cal-${SUFFIX}`,
      ELIGIBILITY_RELAY_ENABLED: 'true',
      ELIGIBILITY_CONSUMERS_ENABLED: 'false',
      ELIGIBILITY_PROJECTIONS_ENABLED: 'false',
      ELIGIBILITY_POLICY_SEED: 'false',
      LOG_LEVEL: 'silent',
    },
    override: (b) => b.overrideProvider(CLOCK).useValue(clock),
  }));
  // A new consumer group at the end of the topic: only this test's calendar counts.
  intake = await startIntake({ consumer: true, now: DECEMBER_29, env: { INTAKE_CONSUMER_FROM_BEGINNING: 'false' } });
  const groupId = `sa-intake-t-${intake.schema.slice('intake_t_'.length)}`;
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await eventually('intake to join its consumer group', async () => {
    const { groups } = await kafkaAdmin.describeGroups([groupId]);
    return groups[0]?.state === 'Stable' && groups[0].members.length > 0 ? true : undefined;
  });
  await kafkaAdmin.disconnect();
  admin = await mintLocalToken('policy_admin', { secret: SECRET, sub: 'policy-admin-001', jurisdiction: '330000' });
  officer = await mintLocalToken('street_officer', { secret: SECRET, sub: 'officer-street-001', jurisdiction: '330106001' });
  community = await intake.token('community_officer', { jurisdiction: '330106001001' });
});

afterAll(async () => {
  await intake?.close();
  await eligibility?.close();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await client.end();
});

const schedule2027 = {
  holidays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.holidays],
  makeUpWorkdays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.makeUpWorkdays],
  source: 'EXAMPLE（示例，非国务院办公厅通知）',
};

describe('the holiday calendar published by a policy_admin reaches intake over Kafka', () => {
  it('refuses bad input with 400 naming the field, and records nothing', async () => {
    const cases: [string, unknown, string[]][] = [
      ['2027', { ...schedule2027, holidays: ['2027-01-01', '2028-01-01'] }, ['holidays[1]']],
      ['2027', { ...schedule2027, makeUpWorkdays: ['2027-01-02'] }, ['makeUpWorkdays']],
      ['2027', { ...schedule2027, makeUpWorkdays: ['2027-01-04'] }, ['makeUpWorkdays[0]']],
      ['2027', { ...schedule2027, holidays: [] }, ['holidays']],
      ['2027', { ...schedule2027, holidays: 'soon' }, ['holidays']],
      ['2027', { ...schedule2027, source: undefined }, ['source']],
      ['2027', { ...schedule2027, colour: 'red' }, ['colour']],
      ['27', schedule2027, ['year']],
      ['2027', [1, 2], ['']],
    ];
    for (const [year, body, fields] of cases) {
      const res = await put(year, body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(fields);
    }
    expect((await put('2027', schedule2027, officer)).status).toBe(403);
    const store = eligibility.get<EventStore>(EVENT_STORE);
    expect(await store.readAll({ filter: { streamCategories: ['holidayCalendar'] } })).toEqual([]);
    expect((await api().get('/calendars/2027').set('Authorization', `Bearer ${officer}`)).status).toBe(404);
  });

  it('publishing 2027 moves intake’s lead deadline from a Monday–Friday guess to the published days; a correction moves it again', async () => {
    expect(await leadDueOn()).toBe('2027-01-01'); // 2027 unknown: 12-30, 12-31, 01-01 counted as working days

    const ready = await api().get('/health/ready').expect(200);
    expect(ready.body.warnings?.holidayCalendar).toMatch(/^calendar_missing: 2027/);

    const first = await put('2027', schedule2027);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ year: 2027, calendarId: 'CN-2027', version: 1, supersedesVersion: null, written: true });
    expect((await put('2027', schedule2027)).body).toMatchObject({ version: 1, written: false }); // a retry records nothing

    await eventually('intake to count with the published 2027', async () => {
      const due = await leadDueOn();
      return due === '2027-01-04' ? due : undefined;
    });
    const readyAfter = await api().get('/health/ready').expect(200);
    expect(readyAfter.body.warnings?.holidayCalendar).toBeUndefined();

    // a correction without a reason is refused; with one it is version 2, superseding version 1
    const correction = { ...schedule2027, holidays: [...schedule2027.holidays, '2027-01-04'] };
    const noReason = await put('2027', correction);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const second = await put('2027', { ...correction, reason: '示例更正：1月4日调休放假', corrects: 1 });
    expect(second.body).toMatchObject({ version: 2, supersedesVersion: 1, written: true });
    expect((await put('2027', { ...correction, reason: '再次更正', corrects: 1 })).status).toBe(409);

    await eventually('intake to count with version 2', async () => {
      const due = await leadDueOn();
      return due === '2027-01-05' ? due : undefined;
    });
    const rows = await intake.sql<{ version: number }>(`SELECT version FROM "${intake.schema}".holiday_calendars WHERE year = 2027 ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual([1, 2]);

    const history = await api().get('/calendars/2027').set('Authorization', `Bearer ${officer}`).expect(200);
    expect(history.body).toMatchObject({ year: 2027, currentVersion: 2, source: 'published' });
    expect(history.body.versions.map((v: { version: number; supersededBy: number | null; inForce: boolean }) => [v.version, v.supersededBy, v.inForce])).toEqual([
      [1, 2, false],
      [2, null, true],
    ]);
    expect(history.body.versions[1]).toMatchObject({ reason: '示例更正：1月4日调休放假', publishedBy: { id: 'policy-admin-001', role: 'policy_admin' } });
    const years = await api().get('/calendars').set('Authorization', `Bearer ${officer}`).expect(200);
    expect(years.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ year: 2026, source: 'bundled' }),
        expect.objectContaining({ year: 2027, source: 'published', version: 2, versionCount: 2 }),
      ]),
    );
  });
});
