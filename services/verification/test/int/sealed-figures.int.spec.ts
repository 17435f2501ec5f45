/**
 * Issue 18, income details: the verified figures (each source's items, the aggregated facts, an objection's
 * corrected figures) are sealed under the case's data key in the event store, in verification's read models
 * (reports.report, objections.items / corrected_items) and in the HouseholdVerified integration event, on
 * real PostgreSQL with a real key store (local keyring, SM4 + HMAC-SM3). The officer's queries still answer
 * the clear figures; after the case's key is destroyed they read `已销毁` and the hash chain still verifies.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { loadConfig } from '@sa/config';
import { validateIntegrationEvent } from '@sa/contracts';
import { CRYPTO_CONFIG_SPEC, EncryptingEventStore, isCiphertext, openKeyStore, processFieldEncryptor, SHREDDED, type KeyStore } from '@sa/crypto';
import { PostgresEventStore, ProjectionProcessor, verifyStore } from '@sa/eventstore';
import { openIntegrationEvent, sealIntegrationEvent } from '@sa/messaging';
import type { Clock } from '@sa/time';
import type { SourceRecord, VerificationCommandBody } from '../../src/domain';
import { systemActor, VerificationPipeline, type CommandActor } from '../../src/commands/verification-pipeline';
import { toIntegrationEvent } from '../../src/messaging/integration-events';
import { migrateVerificationSchema, READ_MODEL_TABLES } from '../../src/read-models/migrations';
import { verificationProjections } from '../../src/read-models/verification-projection';
import { VerificationQueries } from '../../src/read-models/verification-queries';
import { dueIn5WorkingDays, IDS, monthlyIncome, openCommand, rid } from '../support/household';

jest.setTimeout(60_000);

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Monthly wages unlikely to occur by chance anywhere else: the applicant's before and after the objection, the spouse's. */
const APPLICANT_WAGES = 173519;
const APPLICANT_WAGES_CORRECTED = 91357;
const SPOUSE_WAGES = 28611;

describe('verified figures sealed at rest and between services (issue 18)', () => {
  const suffix = randomBytes(4).toString('hex');
  const schema = `verification_seal_${suffix}`;
  const esSchema = `es_verification_seal_${suffix}`;
  const cryptoSchema = `crypto_verification_seal_${suffix}`;
  let pool: Pool;
  let raw: PostgresEventStore;
  let store: EncryptingEventStore;
  let keys: KeyStore;
  let runner: VerificationPipeline;
  let projection: ProjectionProcessor;
  let queries: VerificationQueries;
  let t = Date.parse('2025-03-04T02:00:00Z');
  const clock: Clock = { now: () => new Date(t) };
  const officer: CommandActor = { id: 'o1', role: 'street_officer', jurisdiction: IDS.jurisdiction };
  const objectionId = 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

  const run = (command: VerificationCommandBody, id: string, at: string, actor: CommandActor = systemActor(IDS.jurisdiction)) => {
    t = Date.parse(at);
    return runner.inBackground(IDS.verificationId, command, { commandId: id, caseId: IDS.caseId, actor });
  };
  const answer = async (requestId: string, n: string, records: SourceRecord[], at: string) => {
    await run({ type: 'RecordSubmission', data: { requestId, attempt: 1, submissionId: `s-${n}`, answerDueAt: '2025-03-20T10:00:00+08:00' } }, `submit-${n}`, at);
    return run({ type: 'RecordSourceResult', data: { requestId, resultId: `r-${n}`, submissionId: `s-${n}`, complete: true, records, via: 'CALLBACK' } }, `answer-${n}`, at);
  };

  /** Every figure as it would appear in a dump: the monthly value and the twelve-month total. */
  const FIGURES = [APPLICANT_WAGES, APPLICANT_WAGES_CORRECTED, SPOUSE_WAGES].flatMap((v) => [String(v), String(v * 12)]);

  beforeAll(async () => {
    pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
    const crypto = loadConfig(CRYPTO_CONFIG_SPEC, {
      KEYRING_PATH: join(mkdtempSync(join(tmpdir(), 'sa-verif-kr-')), 'keyring.json'),
      CRYPTO_SCHEMA: cryptoSchema,
    });
    keys = openKeyStore({ ...crypto, DATABASE_URL: TEST_DATABASE_URL });
    expect(processFieldEncryptor()).toBe(keys.fields); // the projection and the queries seal/open with it
    await PostgresEventStore.migrate(pool, esSchema);
    raw = new PostgresEventStore({ pool, schema: esSchema });
    store = new EncryptingEventStore(raw, keys.fields);
    await migrateVerificationSchema(pool, schema);
    runner = new VerificationPipeline(store, clock);
    projection = new ProjectionProcessor({ store, pool, schema, projections: verificationProjections(schema), logger: quiet });
    queries = new VerificationQueries(pool, schema, undefined);

    await run(openCommand({ sources: ['TAX'] }), 'open', '2025-03-04T10:00:00+08:00');
    await answer(rid('TAX', IDS.applicant), 'a', monthlyIncome('WAGES', APPLICANT_WAGES), '2025-03-05T10:00:00+08:00');
    await answer(rid('TAX', IDS.spouse), 'b', monthlyIncome('WAGES', SPOUSE_WAGES), '2025-03-05T10:00:00+08:00');
    await run(
      {
        type: 'FileObjection',
        data: {
          objectionId,
          reportVersion: 1,
          items: [{ memberId: IDS.applicant, source: 'TAX', kind: 'WAGES', note: '已离职，工资减少' }],
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
    const last = await answer(rid('TAX', IDS.applicant, 2), 'c', monthlyIncome('WAGES', APPLICANT_WAGES_CORRECTED), '2025-03-11T10:00:00+08:00');
    // Live, until it has applied the last write (a catch-up alone can stop short while another transaction of the
    // server holds back the readable end of the log).
    projection.start();
    await projection.waitFor(last.position!, 30_000);
  });

  afterAll(async () => {
    await projection?.stop();
    await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool?.query(`DROP SCHEMA IF EXISTS ${esSchema} CASCADE`);
    await pool?.query(`DROP SCHEMA IF EXISTS ${cryptoSchema} CASCADE`);
    await keys?.release();
    await pool?.end();
  });

  async function storedEvents(): Promise<{ type: string; data: Record<string, unknown>; text: string }[]> {
    const { rows } = await pool.query<{ type: string; data: Record<string, unknown>; text: string }>(
      `SELECT type, data, data::text AS text FROM ${esSchema}.events ORDER BY position`,
    );
    return rows;
  }

  async function readModelText(): Promise<string> {
    const out: string[] = [];
    for (const table of READ_MODEL_TABLES) {
      const { rows } = await pool.query<{ r: string }>(`SELECT row_to_json(x)::text AS r FROM ${schema}.${table} x`);
      out.push(...rows.map((r) => r.r));
    }
    return out.join('\n');
  }

  it('stores every source answer, report and correction with the figures sealed in the event store', async () => {
    const events = await storedEvents();
    const types = events.map((e) => e.type);
    expect(types.filter((x) => x === 'VerificationReportCompleted')).toHaveLength(2);
    expect(types).toContain('VerificationObjectionResolved');
    for (const e of events.filter((x) => ['SourceResultReceived', 'VerificationReportCompleted', 'VerificationObjectionFiled'].includes(x.type))) {
      expect(isCiphertext(e.data.items)).toBe(true);
    }
    for (const e of events.filter((x) => x.type === 'VerificationReportCompleted')) {
      expect(isCiphertext(e.data.facts)).toBe(true);
      expect(e.data.caseId).toBe(IDS.caseId); // not personal: stays queryable
    }
    const resolved = events.find((e) => e.type === 'VerificationObjectionResolved')!;
    expect(isCiphertext(resolved.data.correctedItems)).toBe(true);
    expect(isCiphertext(resolved.data.findings)).toBe(true); // free text (issue 18): the officer's findings
    const text = events.map((e) => e.text).join('\n');
    for (const figure of FIGURES) expect(text).not.toContain(figure);
    expect(text).not.toContain('已离职，工资减少');
    expect((await verifyStore(raw)).ok).toBe(true);
  });

  it('stores the reports and the objection sealed in the read models; the officer reads the clear figures', async () => {
    const { rows } = await pool.query<{ report_version: number; report: Record<string, unknown> }>(
      `SELECT report_version, report FROM ${schema}.reports ORDER BY report_version`,
    );
    expect(rows.map((r) => r.report_version)).toEqual([1, 2]);
    for (const r of rows) {
      expect([isCiphertext(r.report.items), isCiphertext(r.report.facts)]).toEqual([true, true]);
      expect(r.report.reportVersion).toBe(r.report_version);
    }
    const { rows: objections } = await pool.query<{ items: unknown; corrected_items: unknown; reason: unknown; findings: unknown }>(
      `SELECT items, corrected_items, reason, findings FROM ${schema}.objections`,
    );
    expect(objections).toHaveLength(1);
    expect([isCiphertext(objections[0]!.items), isCiphertext(objections[0]!.corrected_items)]).toEqual([true, true]);
    // free text (issue 18): the household's objection and the findings on it
    expect([isCiphertext(objections[0]!.reason), isCiphertext(objections[0]!.findings)]).toEqual([true, true]);
    const text = await readModelText();
    for (const figure of FIGURES) expect(text).not.toContain(figure);
    expect(text).not.toContain('张伟'); // the member names were sealed before (verification_members.name)

    const v1 = await queries.report(IDS.verificationId, 1);
    const items = v1!.report.items as { memberId: string; valueFen: number }[];
    expect(items.filter((i) => i.memberId === IDS.applicant).map((i) => i.valueFen)).toEqual(Array(12).fill(APPLICANT_WAGES));
    expect(items.filter((i) => i.memberId === IDS.spouse).map((i) => i.valueFen)).toEqual(Array(12).fill(SPOUSE_WAGES));
    const facts = v1!.report.facts as { monthlyIncome: { memberId: string; totalFen: number }[]; householdIncome: { totalFen: number } };
    expect(facts.monthlyIncome).toEqual(
      expect.arrayContaining([expect.objectContaining({ memberId: IDS.applicant, totalFen: APPLICANT_WAGES * 12 }), expect.objectContaining({ memberId: IDS.spouse, totalFen: SPOUSE_WAGES * 12 })]),
    );
    expect(facts.householdIncome.totalFen).toBe((APPLICANT_WAGES + SPOUSE_WAGES) * 12);
    const v2 = await queries.report(IDS.verificationId, 2);
    expect((v2!.report.facts as typeof facts).householdIncome.totalFen).toBe((APPLICANT_WAGES_CORRECTED + SPOUSE_WAGES) * 12);

    const view = await queries.view(IDS.verificationId);
    expect(view!.objections).toHaveLength(1);
    expect(view!.objections[0]!.items).toEqual([{ memberId: IDS.applicant, source: 'TAX', kind: 'WAGES', note: '已离职，工资减少' }]);
    expect(view!.objections[0]!.reason).toBe('已离职');
    expect(typeof view!.objections[0]!.findings).toBe('string');
    expect(isCiphertext(view!.objections[0]!.findings)).toBe(false);
    expect(view!.objections[0]!.correctedItems).toEqual([
      expect.objectContaining({ memberId: IDS.applicant, source: 'TAX', kind: 'WAGES', previousValueFen: APPLICANT_WAGES * 12, correctedValueFen: APPLICANT_WAGES_CORRECTED * 12 }),
    ]);
  });

  it('publishes HouseholdVerified with items and facts sealed; a consumer with the grant opens them', async () => {
    const recorded = (await store.readStream(`verification-${IDS.verificationId}`)).find((e) => e.type === 'VerificationReportCompleted')!;
    const published = toIntegrationEvent(recorded)!;
    expect(published.type).toBe('HouseholdVerified');
    const sealed = await sealIntegrationEvent(published, keys.fields);
    const data = sealed.data as Record<string, unknown>;
    expect([isCiphertext(data.items), isCiphertext(data.facts)]).toEqual([true, true]);
    expect(data.caseId).toBe(IDS.caseId);
    const wire = JSON.stringify(sealed);
    for (const figure of FIGURES) expect(wire).not.toContain(figure);
    expect(validateIntegrationEvent('HouseholdVerified', sealed.schemaVersion, sealed.data)).toMatchObject({ ok: true });
    expect((await openIntegrationEvent(sealed, keys.fields)).data).toEqual(published.data);
  });

  it('after the case key is destroyed the figures read 已销毁; versions, ids and the chain are unchanged', async () => {
    expect(await keys.dataKeys.shred(IDS.caseId, 'int test: retention period ended')).toBeGreaterThan(0);
    const v1 = await queries.report(IDS.verificationId, 1);
    expect(v1).toMatchObject({ reportVersion: 1, purpose: 'INITIAL', report: { caseId: IDS.caseId, items: SHREDDED, facts: SHREDDED } });
    const view = await queries.view(IDS.verificationId);
    expect(view!.objections[0]).toMatchObject({ items: SHREDDED, correctedItems: SHREDDED, reason: SHREDDED, findings: SHREDDED, outcome: 'UPHELD' });
    const reported = (await store.readStream(`verification-${IDS.verificationId}`)).filter((e) => e.type === 'VerificationReportCompleted');
    expect(reported.map((e) => (e.data as { items: unknown }).items)).toEqual([SHREDDED, SHREDDED]);
    expect((await verifyStore(raw)).ok).toBe(true);
  });
});
