/**
 * The audit over a real PostgreSQL event store (fresh random schema, dropped afterwards): a case built
 * through the real intake and eligibility deciders with handleCommand, then history, explanation,
 * verification, checkpoints and the CLI; then a superuser alters one stored event behind the
 * append-only triggers and the audit finds exactly that event.
 */
import { policyLineDecider, type PolicyCommand, type PolicyEvent, type PolicyLineState } from '../../eligibility/src/domain';
import { applicationDecider } from '../../intake/src/domain';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import type { Decider, DomainEvent } from '@sa/decider';
import { handleCommand, PostgresEventStore } from '@sa/eventstore';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ensureDatabase } from '../../../libs/eventstore/test/pg-test-utils';
import { AuditService } from '../src/application/audit-service';
import { runCli } from '../src/cli';
import { policy, policySteps, reviewCaseDecider, reviewSteps, intakeSteps, type Step } from './support/case-fixtures';

jest.setTimeout(120_000);

const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SCHEMA = `audit_es_${randomBytes(4).toString('hex')}`;
const CASE = randomUUID();

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('audit over a real PostgreSQL event store', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let service: AuditService;
  let dir: string;
  let total = 0;

  async function append<C, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>, steps: Step<C>[], correlationId: string) {
    for (const step of steps) {
      const commandId = randomUUID();
      const r = await handleCommand({
        store,
        streamId,
        decider,
        command: step.command,
        commandId,
        metadata: {
          correlationId,
          causationId: commandId,
          actor: step.actor,
          occurredAt: step.occurredAt,
          ...(step.reason ? { reason: step.reason } : {}),
          ...(step.evidenceRefs ? { evidenceRefs: step.evidenceRefs } : {}),
          ...(step.policyVersion ? { policyVersion: step.policyVersion } : {}),
        },
        retryOnConflict: false,
      });
      total += r.newEvents.length;
    }
  }

  beforeAll(async () => {
    await ensureDatabase(DATABASE_URL);
    pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
    await PostgresEventStore.migrate(pool, SCHEMA);
    store = new PostgresEventStore({ pool, schema: SCHEMA });
    service = new AuditService({ store, pool, eventstoreSchema: SCHEMA, pageSize: 7 });
    dir = mkdtempSync(join(tmpdir(), 'sa-audit-'));
    const policyStream = `policy-${policy.policyId}`;
    await append<PolicyCommand, PolicyEvent, PolicyLineState>(policyStream, policyLineDecider, policySteps(), policyStream);
    await append(`application-${CASE}`, applicationDecider, intakeSteps(CASE), CASE);
    await append(`reviewCase-${CASE}`, reviewCaseDecider, reviewSteps(CASE), CASE);
  });

  afterAll(async () => {
    await store?.close();
    await pool?.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await pool?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const out: string[] = [];
  const cli = (...argv: string[]) => {
    out.length = 0;
    return runCli(argv, service, (s) => void out.push(s));
  };

  it('history: every event of the case from both contexts, with the decision metadata', async () => {
    const h = await service.history(CASE);
    expect(h.length).toBe(total - 1); // all but the policy event
    expect(new Set(h.map((e) => e.context))).toEqual(new Set(['intake', 'eligibility']));
    expect(h.find((e) => e.type === 'CaseApproved')).toMatchObject({
      actor: { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' },
      reason: '经审核确认，符合最低生活保障条件',
      evidenceRefs: ['doc:decision/2026/000123'],
      policyVersion: policy.version,
    });
    expect(await service.history(CASE, { types: ['ApplicationAccepted'] })).toHaveLength(1);
    expect(await cli('history', CASE)).toBe(0);
    expect(out.join('\n')).toContain('审核确认：批准');
  });

  it('state as of a date, in both modes', async () => {
    const s = await service.state(CASE, '2026-03-16', 'true');
    const rc = s.streams.find((x) => x.streamId === `reviewCase-${CASE}`)!;
    expect((rc.state as { status: string }).status).toBe('APPROVED');
    // Everything was recorded today: on 16 March 2026 the office knew nothing yet.
    const known = await service.state(CASE, '2026-03-16', 'known');
    expect(known.streams.every((x) => x.state === null)).toBe(true);
  });

  it('explanation: inputs from the history and the policy stream, re-computed without difference', async () => {
    const approval = (await service.history(CASE, { types: ['CaseApproved'] }))[0]!;
    const x = await service.explain(CASE, approval.eventId);
    expect(x.inputs.policy?.streamId).toBe(`policy-${policy.policyId}`);
    expect(x.inputs.verificationReport?.reportVersion).toBe(1);
    expect(x.inputs.homeVisits).toHaveLength(1);
    expect(x.recomputation.differences).toEqual([]);
    expect(x.recomputation).toMatchObject({ performed: true, consistent: true });
    expect(await cli('explain', CASE, approval.eventId)).toBe(0);
    expect(out.join('\n')).toContain('重新计算: 与记录一致');
  });

  it('verification of the case, a stream and the store passes; a checkpoint is taken and exported', async () => {
    expect(await service.verify({ caseId: CASE })).toMatchObject({ ok: true, checked: total - 1 });
    expect(await service.verify({ streamId: `reviewCase-${CASE}` })).toMatchObject({ ok: true });
    const whole = await eventually(() => service.verify(), (r) => r.checked === total);
    expect(whole).toMatchObject({ ok: true, checked: total });
    const file = join(dir, 'checkpoint.json');
    expect(await cli('checkpoint', '--export', file)).toBe(0);
    const cp = await eventually(() => service.checkpoint(), (c) => c.eventCount === total);
    expect(cp.eventCount).toBe(total);
    expect((await service.compareCheckpoint(cp)).ok).toBe(true);
    expect(await cli('compare-checkpoint', file)).toBe(0);
  });

  it('a superuser edit of one stored event: verification fails at exactly that event, the explanation and the checkpoint flag it', async () => {
    const file = join(dir, 'before-tamper.json');
    await eventually(() => service.checkpoint(), (c) => c.eventCount === total);
    expect(await cli('checkpoint', '--export', file)).toBe(0);

    const approval = (await service.caseEvents(CASE)).find((e) => e.type === 'CaseApproved')!;
    const client = await pool.connect();
    try {
      await client.query(`ALTER TABLE "${SCHEMA}".events DISABLE TRIGGER USER`);
      await client.query(
        `UPDATE "${SCHEMA}".events SET data = jsonb_set(data, '{assessment,monthlyAmountFen}', '150000') WHERE event_id = $1`,
        [approval.eventId],
      );
    } finally {
      await client.query(`ALTER TABLE "${SCHEMA}".events ENABLE TRIGGER USER`);
      client.release();
    }

    const expected = { streamId: `reviewCase-${CASE}`, revision: approval.revision, eventId: approval.eventId, reason: 'hash_mismatch' };
    expect(await service.verify({ caseId: CASE })).toMatchObject({ ok: false, firstBroken: expected });
    expect(await service.verify({ streamId: `reviewCase-${CASE}` })).toMatchObject({ ok: false, firstBroken: expected });
    expect(await service.verify()).toMatchObject({ ok: false, firstBroken: expected });
    expect(await cli('verify', '--case', CASE)).toBe(2);
    expect(out.join('\n')).toContain(approval.eventId);

    const x = await service.explain(CASE, approval.eventId);
    expect(x.recomputation.consistent).toBe(false);
    expect(x.recomputation.differences).toContainEqual({ field: 'assessment.monthlyAmountFen', recorded: 150000, recomputed: 130000 });

    expect(await cli('compare-checkpoint', file)).toBe(2);
    expect(out.join('\n')).toContain('检查点比对: 不一致');
  });

  it('case read cache: a case read again after an append shows the new events; 16 concurrent readers agree', async () => {
    const other = randomUUID();
    const steps = intakeSteps(other);
    await append(`application-${other}`, applicationDecider, steps.slice(0, 1), other);
    const first = await service.history(other);
    expect(first.map((e) => e.type)).toEqual(['ApplicationDrafted']);
    expect(await service.history(other)).toBe(first); // memoised on the unchanged snapshot

    await append(`application-${other}`, applicationDecider, steps.slice(1), other);
    const reads = await Promise.all(Array.from({ length: 16 }, () => service.history(other)));
    const expected = (await service.storedCaseEvents(other)).map((e) => e.eventId);
    expect(expected.length).toBeGreaterThan(1);
    for (const r of reads) expect(r.map((e) => e.eventId)).toEqual(expected);
    expect(new Set(reads).size).toBe(1); // one load, one derived result for all 16
  });

  it('case read cache: an event whose transaction began before the case was read and committed after it, with a lower position, is shown at once', async () => {
    // no row-by-row recheck within the test: only the store's mark (store-mark.ts) can notice the late event
    const marked = new AuditService({ store, pool, eventstoreSchema: SCHEMA, pageSize: 7, caseRecheckMs: 3_600_000 });
    const late = randomUUID();
    const steps = intakeSteps(late);
    await append(`application-${late}`, applicationDecider, steps.slice(0, 1), late);
    const lateEventId = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // takes its position (and its transaction id) now, commits last: below the highest position the reads below see
      await client.query(
        `INSERT INTO "${SCHEMA}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
         VALUES ($1, 0, $2, 'ApplicationNoteRecorded', 1, '{}', $3, NULL, 'late')`,
        [`applicationNote-${late}`, lateEventId, JSON.stringify({ correlationId: late })],
      );
      await append(`application-${late}`, applicationDecider, steps.slice(1, 2), late);
      const before = await marked.caseEvents(late);
      expect(before.map((e) => e.eventId)).not.toContain(lateEventId);
      expect(before).toHaveLength(2);
      expect(await marked.caseEvents(late)).toBe(before); // unchanged: served from the cache
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const after = await marked.caseEvents(late);
    expect(after.map((e) => e.eventId)).toContain(lateEventId);
    expect(after).toHaveLength(3);
    const positions = after.map((e) => Number(e.position!.split('/')[1]));
    expect(Math.min(...positions.slice(1))).toBeLessThan(Math.max(...positions)); // it really came in below the highest position
  });

  it('case read cache: a superuser edit under session_replication_role = replica (no trigger disabled) is shown within the recheck interval, and at once with caseRecheckMs 0', async () => {
    const edited = randomUUID();
    await append(`application-${edited}`, applicationDecider, intakeSteps(edited).slice(0, 1), edited);
    const exact = new AuditService({ store, pool, eventstoreSchema: SCHEMA, pageSize: 7, caseRecheckMs: 0 });
    const bounded = new AuditService({ store, pool, eventstoreSchema: SCHEMA, pageSize: 7, caseRecheckMs: 300 });
    const [first] = await exact.caseEvents(edited);
    await bounded.caseEvents(edited);
    const client = await pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE "${SCHEMA}".events SET data = jsonb_set(data, '{tampered}', 'true') WHERE event_id = $1`, [first!.eventId]);
    } finally {
      await client.query(`RESET session_replication_role`);
      client.release();
    }
    expect(((await exact.caseEvents(edited))[0]!.data as { tampered?: boolean }).tampered).toBe(true);
    const seen = await eventually(
      () => bounded.caseEvents(edited),
      (events) => (events[0]!.data as { tampered?: boolean }).tampered === true,
      5_000,
    );
    expect((seen[0]!.data as { tampered?: boolean }).tampered).toBe(true);
  });
});
