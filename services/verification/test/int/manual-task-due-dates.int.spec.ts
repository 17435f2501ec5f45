/**
 * A manual task's due date past the published calendar, in-process on real PostgreSQL (no Kafka: the inbox's
 * calendar step is called as the consumer calls it): a task opened on 2026-12-29 with no 2027 calendar is due
 * on the Monday–Friday estimate, marked provisional in GET /manual-tasks; once 2027 is applied to the calendar,
 * `redateProvisionalManualTasks` re-dates it to the real working day, no longer provisional.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL, PG_POOL } from '@sa/database';
import { createTestApp } from '@sa/platform';
import { ManagedWorkingDayCalendar } from '@sa/time';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../../deploy/auth/mint-token';
import { manualTaskDue } from '../../src/commands/settings';
import { systemActor, VerificationPipeline } from '../../src/commands/verification-pipeline';
import { VERIFICATION_CONFIG_SPEC, type VerificationConfig } from '../../src/config';
import { AppModule } from '../../src/app.module';
import { redateProvisionalManualTasks } from '../../src/manual-tasks/redate-manual-tasks';
import { IDS, openCommand, RETRY, rid } from '../support/household';

jest.setTimeout(300_000);

const SECRET = 'verification-task-due-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const SCHEMA = `verification_due_${SUFFIX}`;
const ES_SCHEMA = `es_verification_due_${SUFFIX}`;
const caseId = randomUUID();
const verificationId = randomUUID();
const OPENED_AT = '2026-12-29T10:01:00+08:00';

let app: NestExpressApplication;
let officer: string;

beforeAll(async () => {
  ({ app } = await createTestApp({
    name: 'verification',
    configSpec: VERIFICATION_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      EVENTSTORE_SCHEMA: ES_SCHEMA,
      VERIFICATION_RELAY_ENABLED: 'false',
      VERIFICATION_CONSUMERS_ENABLED: 'false',
      VERIFICATION_DISPATCHER_ENABLED: 'false',
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    },
  }));
  officer = `Bearer ${await mintLocalToken('street_officer', { secret: SECRET, sub: 'officer-street-032', jurisdiction: IDS.jurisdiction.slice(0, 9) })}`;
  const open = openCommand();
  await app.get(VerificationPipeline).inBackground(verificationId, { ...open, data: { ...open.data, verificationId, caseId } } as never, {
    commandId: randomUUID(),
    caseId,
    actor: systemActor(IDS.jurisdiction),
  });
});

afterAll(async () => {
  await app?.close();
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  await pg.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await pg.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
  await pg.end();
});

const http = () => request(app.getHttpServer());

async function myTask(until: (t: { dueOn: string; dueOnProvisional: boolean }) => boolean) {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const tasks = (await http().get('/manual-tasks').query({ purpose: '信函索证' }).set('Authorization', officer).expect(200)).body.tasks as { caseId: string; dueOn: string; dueOnProvisional: boolean }[];
    const mine = tasks.find((t) => t.caseId === caseId);
    if (mine && until(mine)) return mine;
    if (Date.now() > deadline) throw new Error(`the manual task is not as expected: ${JSON.stringify(mine)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('a task opened on 2026-12-29 without a 2027 calendar is provisional; 2027 published → re-dated to the real working day', async () => {
  const calendar = new ManagedWorkingDayCalendar(undefined, 'weekdays');
  const pipeline = app.get(VerificationPipeline);
  const requestId = rid('HOUSING_FUND', IDS.spouse);
  const meta = (now: string) => ({ commandId: randomUUID(), caseId, actor: systemActor(IDS.jurisdiction), now });
  await pipeline.inBackground(verificationId, { type: 'RecordSubmission', data: { requestId, attempt: 1, submissionId: 's-due', answerDueAt: OPENED_AT } } as never, meta('2026-12-29T09:01:00+08:00'));
  // 5 working days from Tuesday 29 December, 1 January counted as a weekday: Tuesday 5 January 2027, provisional.
  const due = manualTaskDue({ VERIFICATION_MANUAL_TASK_DUE_DAYS: 5 } as VerificationConfig, OPENED_AT, calendar);
  expect(due).toEqual({ manualTaskDueOn: '2027-01-05', manualTaskDueOnProvisional: { calendarMissing: 2027, workingDays: 5 } });
  await pipeline.inBackground(verificationId, { type: 'RecordQueryFailure', data: { requestId, attempt: 1, failure: 'TIMEOUT', retry: { ...RETRY, maxAttempts: 1 }, ...due } } as never, meta(OPENED_AT));
  expect(await myTask((t) => t.dueOnProvisional)).toMatchObject({ dueOn: '2027-01-05', dueOnProvisional: true });

  calendar.apply({ year: 2027, version: 1, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkdays: [] });
  const deps = { pool: app.get<Pool>(PG_POOL), schema: SCHEMA, pipeline, calendar };
  expect(await redateProvisionalManualTasks(deps, { year: 2027, version: 1 })).toBe(1);
  expect(await myTask((t) => !t.dueOnProvisional)).toMatchObject({ dueOn: '2027-01-06', dueOnProvisional: false });
  // The same calendar again (a redelivery): nothing more to re-date.
  expect(await redateProvisionalManualTasks(deps, { year: 2027, version: 1 })).toBe(0);
});
