/**
 * The audit of a crypto-shredded case (issue 18): a decided case written through the encrypting
 * event store, its data key destroyed, then every audit read of it — history, printed report,
 * as-of state, the decision's explanation, the chain. Real AppModule, real PostgreSQL, real JWT.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import type { Decider, DomainEvent } from '@sa/decider';
import { type EventStore, handleCommand, PostgresEventStore } from '@sa/eventstore';
import { createTestApp, KEY_STORE } from '@sa/platform';
import { EncryptingEventStore, type KeyStore, SHREDDED } from '@sa/crypto';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { ensureDatabase } from '../../../libs/eventstore/test/pg-test-utils';
import { policyLineDecider, type PolicyCommand, type PolicyEvent, type PolicyLineState } from '../../eligibility/src/domain';
import { AppModule } from '../src/app.module';
import { AUDIT_CONFIG_SPEC } from '../src/config';
import { policy, policySteps, reviewCaseDecider, reviewSteps, type Step } from './support/case-fixtures';

jest.setTimeout(120_000);

const SECRET = 'audit-shred-test-secret-0123456789abcdefghij';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SUFFIX = randomBytes(4).toString('hex');
const ES_SCHEMA = `audit_shred_es_${SUFFIX}`;
const AUDIT_SCHEMA = `audit_shred_${SUFFIX}`;
const CASE = randomUUID();
const PURPOSE = '销毁后审计抽查';

describe('audit of a shredded case (real PostgreSQL, real JWT)', () => {
  let pool: Pool;
  let app: NestExpressApplication;
  let auditor: string;
  let approvalId = '';
  let approvedAmountFen = 0;

  async function append<C, E extends DomainEvent, S>(store: EventStore, streamId: string, decider: Decider<C, E, S>, steps: Step<C>[], correlationId: string) {
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
      for (const [i, e] of r.events.entries()) {
        if (e.type === 'CaseApproved') {
          approvalId = r.newEvents[i]!.eventId;
          approvedAmountFen = (e.data as { assessment: { monthlyAmountFen: number } }).assessment.monthlyAmountFen;
        }
      }
    }
  }

  const http = () => request(app.getHttpServer());
  const get = (path: string, query: Record<string, string> = {}) => http().get(path).query({ purpose: PURPOSE, ...query }).set('Authorization', `Bearer ${auditor}`);

  beforeAll(async () => {
    await ensureDatabase(DATABASE_URL);
    pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
    await PostgresEventStore.migrate(pool, ES_SCHEMA);
    ({ app } = await createTestApp({
      name: 'audit',
      configSpec: AUDIT_CONFIG_SPEC,
      imports: [AppModule],
      env: { JWT_SECRET: SECRET, DATABASE_URL, DATABASE_SCHEMA: AUDIT_SCHEMA, EVENTSTORE_SCHEMA: ES_SCHEMA, AUDIT_CHECKPOINT_INTERVAL_MS: '0', LOG_LEVEL: 'silent' },
    }));
    const keys = app.get<KeyStore>(KEY_STORE);
    const store = new EncryptingEventStore(new PostgresEventStore({ pool, schema: ES_SCHEMA }), keys.fields);
    const policyStream = `policy-${policy.policyId}`;
    await append<PolicyCommand, PolicyEvent, PolicyLineState>(store, policyStream, policyLineDecider, policySteps(), policyStream);
    await append(store, `reviewCase-${CASE}`, reviewCaseDecider, reviewSteps(CASE), CASE);
    expect(approvalId).not.toBe('');
    expect(await keys.dataKeys.shred(CASE, 'retention period ended')).toBeGreaterThan(0);
    auditor = await mintLocalToken('auditor', { secret: SECRET, sub: 'auditor-shred' });
  });

  afterAll(async () => {
    await app?.close();
    await pool?.query(`DROP SCHEMA IF EXISTS "${ES_SCHEMA}" CASCADE`);
    await pool?.query(`DROP SCHEMA IF EXISTS "${AUDIT_SCHEMA}" CASCADE`);
    await pool?.end();
  });

  it('the history answers with the fields shown as 已销毁, the recorded amount still shown; the printed report too', async () => {
    const res = await get(`/audit/cases/${CASE}/history`, { limit: '1000' });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).toContain(SHREDDED);
    const approval = res.body.entries.find((e: { eventId: string }) => e.eventId === approvalId);
    expect(approval).toMatchObject({ type: 'CaseApproved', policyVersion: policy.version });
    expect(approval.reason).toBe(SHREDDED);
    expect(approvedAmountFen).toBeGreaterThan(0);

    const html = await get(`/audit/cases/${CASE}/history`, { format: 'html' });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('案件审计报告');
    expect(html.text).toContain(SHREDDED);
  });

  it('the state as of a date answers (200) with the destroyed fields as 已销毁', async () => {
    const state = await get(`/audit/cases/${CASE}/state`, { asOf: '2026-03-16' });
    expect(state.status).toBe(200);
    expect(state.body.streams[0].state.status).toBe('APPROVED');
    expect(JSON.stringify(state.body)).toContain(SHREDDED);
  });

  it('the explanation says the re-computation cannot be done (INPUTS_DESTROYED) and still shows the recorded outcome and amount', async () => {
    const x = await get(`/audit/cases/${CASE}/decisions/${approvalId}/explanation`, { lists: 'inline' });
    expect(x.status).toBe(200);
    expect(x.body.outcome).toBe('CaseApproved');
    expect(x.body.recordedAmountFen).toBe(approvedAmountFen);
    expect(x.body.recomputation).toMatchObject({ status: 'INPUTS_DESTROYED', performed: false, consistent: null, differences: [] });
    expect(x.body.recomputation.note).toContain(SHREDDED);
    expect(x.body.decision.data.assessment.monthlyAmountFen).toBe(approvedAmountFen);
    expect(x.body.inputs.recordedAssessment.monthlyAmountFen).toBe(approvedAmountFen);
    expect(JSON.stringify(x.body.inputs)).toContain(SHREDDED);
  });

  it('the hash chain of the case and of the whole store still verifies', async () => {
    const v = await http().post('/audit/verify').query({ purpose: PURPOSE }).send({ caseId: CASE }).set('Authorization', `Bearer ${auditor}`);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true, scope: 'case' });
  });
});
