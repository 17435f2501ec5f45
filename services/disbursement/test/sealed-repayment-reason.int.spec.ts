/**
 * A repayment plan's and a repayment's reason are the officer's words (issue 18, free text: "长子住院，分期退还"):
 * sealed in the entitlement's events (RepaymentPlanRecorded, OverpaymentRepaid) and in the folded entitlement
 * (`entitlements.state`), opened for the household's statement, `已销毁` once the case's key is destroyed; the plan's
 * figures stay in clear. The statement showing them opened is a personal read (recorded in the shared read log with
 * the fields shown); showing none, or only `已销毁`, records nothing. Real PostgreSQL, the service's own key store
 * (FIELD_ENCRYPTION on).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Actor } from '@sa/auth';
import type { Pool } from 'pg';
import { isCiphertext, processFieldEncryptor, SHREDDED, type EncryptingEventStore, type KeyStore } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { KEY_STORE } from '@sa/platform';
import { EntitlementCommands } from '../src/commands/entitlement-commands';
import { startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { amountChangedEvent, grantedEvent, suspendedEvent } from './support/fixtures';

jest.setTimeout(120_000);

let t: DisbursementTestApp;
const district = '440305';
const actor = { id: 'officer-disb-rp', role: 'disbursement_officer', jurisdiction: district };
const runner: Actor = { ...actor, role: 'disbursement_officer', roles: ['disbursement_officer'] };
const planReason = '核查记录TXT-RPL4Q8 长子住院，家庭困难，分期退还';
const repaymentReason = '核查记录TXT-RPY2W6 亲属代为退还';

beforeAll(async () => {
  t = await startDisbursement({ now: '2026-03-05T09:00:00+08:00' });
  expect(processFieldEncryptor()).toBeDefined();
});
afterAll(async () => {
  await t?.close();
});

async function runMonth(period: string): Promise<void> {
  const run = await t.runs.start(district, period, runner);
  await t.runs.settled(run.runId);
}

it('seals the reasons in the events and the entitlement row, opens them for the statement, 已销毁 after shredding', async () => {
  const pool = t.app.get<Pool>(PG_POOL);
  const commands = t.app.get(EntitlementCommands);
  const g = grantedEvent({ monthlyAmountFen: 100000 });
  const { caseId, caseNumber } = g.data;
  await commands.onAssistanceGranted(g, pool);
  await runMonth('2026-03');
  const readLog = t.app.get<KeyStore>(KEY_STORE).readLog;
  const statementReads = async () => (await readLog.report({ subjects: [caseId] })).filter((r) => r.channel === 'http GET /disbursement/cases/:caseId/statement');
  const officerToken = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-disb-rp' })}`;
  // no plan yet: the statement shows no officer's words, no read is recorded
  const before = await request(t.app.getHttpServer()).get(`/disbursement/cases/${caseId}/statement`).set('Authorization', officerToken);
  expect(before.status).toBe(200);
  expect(before.body.repaymentPlans).toEqual([]);
  expect(await statementReads()).toEqual([]);
  // March was overpaid by 600 元 (a decrease from March decided afterwards), then the case ends from April
  await commands.onBenefitChanged(amountChangedEvent(caseId, caseNumber, 'DECREASE', '2026-03', 40000, 100000), pool);
  const suspension = suspendedEvent(caseId, caseNumber, '2026-04');
  await commands.onBenefitChanged({ ...suspension, id: randomUUID(), data: { ...suspension.data, decisionId: randomUUID(), changeType: 'TERMINATION' as const, writtenNoticeDueOn: '2026-04-12' } }, pool);
  const ended = (await commands.load(caseId, pool))!;
  const outstanding = ended.recoveries.reduce((s, r) => s + r.totalFen, 0);
  expect(outstanding).toBe(60000);
  const planId = randomUUID();
  const withPlan = await commands.recordRepaymentPlan(ended, { planId, instalments: [{ dueMonth: '2026-04', amountFen: outstanding }], reason: planReason }, actor, pool);
  await commands.recordRepayment(withPlan, { planId, repaymentId: randomUUID(), amountFen: outstanding, receivedOn: '2026-03-20', evidenceRef: 'doc:receipt/rp-1', reason: repaymentReason }, actor, pool);

  // stored: the row and the events hold no clear reason; the figures stay in clear
  const [row] = await t.sql<{ state: { repaymentPlans: { reason: string; totalFen: number; repayments: { reason: string; amountFen: number }[] }[] } }>(
    `SELECT state FROM "${t.schema}".entitlements WHERE case_id = $1`,
    [caseId],
  );
  const plan = row!.state.repaymentPlans[0]!;
  expect(isCiphertext(plan.reason)).toBe(true);
  expect(isCiphertext(plan.repayments[0]!.reason)).toBe(true);
  expect([plan.totalFen, plan.repayments[0]!.amountFen]).toEqual([60000, 60000]);
  const raw = await (t.store as EncryptingEventStore).raw.readAll();
  const recovery = raw.filter((e) => (e.type === 'RepaymentPlanRecorded' || e.type === 'OverpaymentRepaid') && (e.data as { caseId?: string }).caseId === caseId);
  expect(recovery.map((e) => e.type)).toEqual(['RepaymentPlanRecorded', 'OverpaymentRepaid']);
  for (const e of recovery) expect(isCiphertext((e.data as { reason: string }).reason)).toBe(true);
  expect(JSON.stringify([row, recovery.map((e) => e.data)])).not.toMatch(/TXT-RPL4Q8|TXT-RPY2W6/);

  // opened for the reader: the household's statement
  const officer = `Bearer ${await t.token('disbursement_officer', { jurisdiction: district, sub: 'officer-disb-rp' })}`;
  const statement = async () => (await request(t.app.getHttpServer()).get(`/disbursement/cases/${caseId}/statement`).set('Authorization', officer)).body as { repaymentPlans: { reason: string; repayments: { reason: string }[] }[] };
  const opened = await statement();
  expect([opened.repaymentPlans[0]!.reason, opened.repaymentPlans[0]!.repayments[0]!.reason]).toEqual([planReason, repaymentReason]);
  const stated = await request(t.app.getHttpServer()).get(`/disbursement/cases/${caseId}/statement`).query({ purpose: '追回核对' }).set('Authorization', officer);
  expect(stated.status).toBe(200);
  const reads = await statementReads();
  expect(reads.map((r) => r.purpose)).toEqual(['经办查阅', '追回核对']);
  for (const r of reads) {
    expect(r).toEqual(
      expect.objectContaining({
        actor: { id: 'officer-disb-rp', role: 'disbursement_officer', jurisdiction: district },
        subject: caseId,
        fields: ['repaymentPlans[].reason', 'repaymentPlans[].repayments[].reason'],
      }),
    );
  }
  expect((await readLog.verify()).ok).toBe(true);

  await processFieldEncryptor()!.keys.shred(caseId, 'int test: retention period ended');
  const shredded = await statement();
  expect([shredded.repaymentPlans[0]!.reason, shredded.repaymentPlans[0]!.repayments[0]!.reason]).toEqual([SHREDDED, SHREDDED]);
  expect(await statementReads()).toHaveLength(2); // 已销毁 shows no one's words: not a read
  const events = (await t.store.readAll()).filter((e) => (e.type === 'RepaymentPlanRecorded' || e.type === 'OverpaymentRepaid') && (e.data as { caseId?: string }).caseId === caseId);
  expect(events.map((e) => (e.data as { reason: string }).reason)).toEqual([SHREDDED, SHREDDED]);
});
