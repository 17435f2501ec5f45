/**
 * The read models on real PostgreSQL: given the events of a verification's life (written through the
 * real command pipeline into a PostgreSQL event store), the rows the projection produces; and a rebuild
 * from the event store yields the same rows.
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, ProjectionProcessor } from '@sa/eventstore';
import { DEFAULT_SOURCES, type SourceRecord, type VerificationCommandBody } from '../../src/domain';
import { migrateVerificationSchema, READ_MODEL_TABLES } from '../../src/read-models/migrations';
import { verificationProjections } from '../../src/read-models/verification-projection';
import type { Clock } from '@sa/time';
import { systemActor, VerificationPipeline, type CommandActor } from '../../src/commands/verification-pipeline';
import { dueIn5WorkingDays, IDS, monthlyIncome, openCommand, RETRY, rid } from '../support/household';

jest.setTimeout(60_000);

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the verification read models', () => {
  const suffix = randomBytes(4).toString('hex');
  const schema = `verification_int_${suffix}`;
  const esSchema = `es_verification_int_${suffix}`;
  let pool: Pool;
  let store: PostgresEventStore;
  let runner: VerificationPipeline;
  let projection: ProjectionProcessor;
  let t = Date.parse('2025-03-04T02:00:00Z');
  const clock: Clock = { now: () => new Date(t) };

  const officer: CommandActor = { id: 'o1', role: 'street_officer', jurisdiction: IDS.jurisdiction };
  /** Runs a command at `at` (the injected clock is moved there first: commands take their time from it). */
  const run = (command: VerificationCommandBody, id: string, at?: string, actor: CommandActor = systemActor(IDS.jurisdiction)) => {
    if (at) t = Date.parse(at);
    return runner.inBackground(IDS.verificationId, command, { commandId: id, caseId: IDS.caseId, actor });
  };

  beforeAll(async () => {
    pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
    await PostgresEventStore.migrate(pool, esSchema);
    store = new PostgresEventStore({ pool, schema: esSchema });
    await migrateVerificationSchema(pool, schema);
    runner = new VerificationPipeline(store, clock);
    projection = new ProjectionProcessor({ store, pool, schema, projections: verificationProjections(schema), logger: quiet });

    await run(openCommand(), 'open');
    let n = 0;
    for (const member of [IDS.applicant, IDS.spouse]) {
      for (const source of DEFAULT_SOURCES) {
        const requestId = rid(source, member);
        t += 1000;
        await run({ type: 'RecordSubmission', data: { requestId, attempt: 1, submissionId: `s-${++n}`, answerDueAt: '2025-03-07T10:01:00+08:00' } }, `submit-${n}`, '2025-03-04T10:01:00+08:00');
        if (source === 'HOUSING_FUND' && member === IDS.spouse) {
          await run(
            { type: 'RecordQueryFailure', data: { requestId, attempt: 1, failure: 'TIMEOUT', retry: { ...RETRY, maxAttempts: 1 }, manualTaskDueOn: dueIn5WorkingDays('2025-03-07T10:01:00+08:00') } },
            `timeout-${n}`,
            '2025-03-07T10:01:00+08:00',
          );
          continue;
        }
        const records: SourceRecord[] = source === 'TAX' ? monthlyIncome('WAGES', member === IDS.applicant ? 150000 : 30000) : [];
        await run(
          { type: 'RecordSourceResult', data: { requestId, resultId: `r-${n}`, submissionId: `s-${n}`, complete: source !== 'VEHICLES', records, via: 'CALLBACK' } },
          `answer-${n}`,
          '2025-03-05T10:00:00+08:00',
        );
        if (source === 'VEHICLES') {
          await run(
            { type: 'RecordSourceResult', data: { requestId, resultId: `r-${n}-late`, submissionId: `s-${n}`, complete: true, records: [], via: 'POLLING' } },
            `answer-${n}-late`,
            '2025-03-06T10:00:00+08:00',
          );
        }
      }
    }
  });

  afterAll(async () => {
    await projection.stop();
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS ${esSchema} CASCADE`);
    await pool.end();
  });

  async function dump(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of READ_MODEL_TABLES) {
      const { rows } = await pool.query(`SELECT * FROM ${schema}.${table} ORDER BY 1, 2`);
      out[table] = rows;
    }
    return out;
  }

  it('shows the queries, the one waiting for an officer, and no report yet', async () => {
    await projection.catchUp();
    const { rows: v } = await pool.query(`SELECT status, current_round, current_report_version, case_number FROM ${schema}.verifications`);
    expect(v).toEqual([{ status: 'OPEN', current_round: 1, current_report_version: null, case_number: IDS.caseNumber }]);
    const { rows: byStatus } = await pool.query(`SELECT status, count(*)::int AS n FROM ${schema}.verification_requests GROUP BY status ORDER BY status`);
    expect(byStatus).toEqual([
      { status: 'ANSWERED', n: 19 },
      { status: 'MANUAL', n: 1 },
    ]);
    const { rows: tasks } = await pool.query(`SELECT task_id, source, reason, status, jurisdiction, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM ${schema}.manual_tasks`);
    expect(tasks).toEqual([{ task_id: `${rid('HOUSING_FUND', IDS.spouse)}-M1`, source: 'HOUSING_FUND', reason: 'PLATFORM_TIMEOUT', status: 'OPEN', jurisdiction: IDS.jurisdiction, due_on: '2025-03-14' }]); // Friday 7 March + 5 working days
    const { rows: sub } = await pool.query(`SELECT request_id, attempt FROM ${schema}.platform_submissions WHERE submission_id = 's-1'`);
    expect(sub).toEqual([{ request_id: rid('HOUSEHOLD_REGISTRATION'), attempt: 1 }]);
    const { rows: members } = await pool.query(`SELECT name, resident_id_masked FROM ${schema}.verification_members ORDER BY name`);
    expect(members).toContainEqual({ name: '张伟', resident_id_masked: '4403**********1235' });
    const { rows: late } = await pool.query(`SELECT answers_received FROM ${schema}.verification_requests WHERE request_id = $1`, [rid('VEHICLES')]);
    expect(late[0].answers_received).toBe(2);
  });

  it('stores report version 1 as published once the officer completes the task', async () => {
    await run(
      {
        type: 'CompleteManualTask',
        data: {
          taskId: `${rid('HOUSING_FUND', IDS.spouse)}-M1`,
          outcome: 'FIGURES_ENTERED',
          records: [{ category: 'ASSET', kind: 'HOUSING_FUND', valueFen: 1234500, asOf: '2025-03-06' }],
          documentRef: 'doc:letter/1',
        },
      },
      'complete',
      '2025-03-08T10:00:00+08:00',
      officer,
    );
    await projection.catchUp();
    const { rows } = await pool.query(`SELECT report_version, purpose, report FROM ${schema}.reports`);
    expect(rows).toHaveLength(1);
    expect(rows[0].report.facts.assetTotals).toEqual([{ kind: 'HOUSING_FUND', memberIds: [IDS.spouse], totalFen: 1234500 }]);
    expect(rows[0].report.reportVersion).toBe(1);
    const { rows: v } = await pool.query(`SELECT status, current_report_version FROM ${schema}.verifications`);
    expect(v).toEqual([{ status: 'REPORTED', current_report_version: 1 }]);
  });

  it('yields the same rows when rebuilt from the event store', async () => {
    const before = await dump();
    await projection.reset();
    expect((await dump()).reports).toEqual([]);
    await projection.catchUp();
    expect(await dump()).toEqual(before);
  });

  it('follows the store live and lets a reader wait for its own write', async () => {
    projection.start();
    const result = await run(
      {
        type: 'FileObjection',
        data: {
          objectionId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
          reportVersion: 1,
          items: [{ memberId: IDS.applicant, source: 'TAX' }],
          reason: '已离职',
          evidenceRefs: ['doc:objection/1'],
          raisedOn: '2025-03-10',
          manualTaskDueOn: dueIn5WorkingDays('2025-03-10T09:00:00+08:00'),
        },
      },
      'objection',
      '2025-03-10T09:00:00+08:00',
      officer,
    );
    await projection.waitFor(result.position!);
    const { rows } = await pool.query(`SELECT status, round FROM ${schema}.objections`);
    expect(rows).toEqual([{ status: 'OPEN', round: 2 }]);
    const { rows: requests } = await pool.query(`SELECT request_id, purpose, status FROM ${schema}.verification_requests WHERE round = 2`);
    expect(requests).toEqual([{ request_id: rid('TAX', IDS.applicant, 2), purpose: 'OBJECTION', status: 'PENDING' }]);
  });
});
