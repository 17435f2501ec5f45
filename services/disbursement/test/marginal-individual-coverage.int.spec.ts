/**
 * 低保边缘 with a 单人保 member (eligibility's outcome MARGINAL_WITH_INDIVIDUAL_COVERAGE): the decision
 * is a LOW_INCOME_MARGINAL approval with coverage INDIVIDUAL, the member in `membersCovered` and the
 * 单人保 amount as `monthlyAmountFen`. Disbursement registers the entitlement for that member and pays
 * that amount every month as 低保 (MINIMUM_LIVING_ALLOWANCE): 单人保 is 低保 for one member ("参照单人户
 * 纳入低保"); 低保边缘 itself is a status with no allowance of its own. Real PostgreSQL.
 */
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, type AssistanceGrantedV1Recurring, type TypedIntegrationEvent } from '@sa/contracts';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { issuedPayments, paymentRunStreamId, type PaymentRunEvent } from '../src/domain';
import { toIntegrationEvent } from '../src/messaging/integration-events';
import { createDisbursementDb, type DisbursementDb } from './support/database';
import { grantedEvent } from './support/fixtures';

const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
let db: DisbursementDb;

beforeEach(async () => {
  db = await createDisbursementDb();
});
afterEach(async () => {
  await db.drop();
});

/** The marginal household's approval as eligibility publishes it: one 单人保 member (the disabled son), paid to his mother. */
function marginalWithIndividualCoverage(): TypedIntegrationEvent<'AssistanceGranted'> {
  const base = EXAMPLE_EVENT_DATA.AssistanceGranted as AssistanceGrantedV1Recurring;
  const caseId = randomUUID();
  const son = { memberId: randomUUID(), name: '张小军' };
  const mother = { memberId: randomUUID(), name: '张秀英', bankAccountRef: `acct-${caseId.slice(0, 8)}` };
  const data: AssistanceGrantedV1Recurring = {
    ...base,
    caseId,
    caseNumber: `BY-440305001-2026-${caseId.slice(0, 6)}`,
    decisionId: randomUUID(),
    program: 'LOW_INCOME_MARGINAL',
    coverage: 'INDIVIDUAL',
    membersCovered: [son],
    baseAmountFen: 62000,
    supplements: [],
    monthlyAmountFen: 62000,
    startMonth: '2026-03',
    jurisdiction: '440305001001',
    recipient: mother,
  };
  return createIntegrationEvent('AssistanceGranted', data, {
    id: randomUUID(),
    time: '2026-02-20T10:00:00+08:00',
    metadata: { ...exampleMetadata('AssistanceGranted'), correlationId: caseId },
  });
}

describe('低保边缘 household with a 单人保 member', () => {
  it('registers the entitlement for the covered member and pays the 单人保 amount monthly as 低保, to the named payee', async () => {
    const grant = marginalWithIndividualCoverage();
    const household = grantedEvent({ monthlyAmountFen: 130000 });
    const state = await db.entitlements.onAssistanceGranted(grant, db.pool);
    await db.entitlements.onAssistanceGranted(household, db.pool);
    expect(state).toMatchObject({
      registered: true,
      program: 'LOW_INCOME_MARGINAL',
      coverage: 'INDIVIDUAL',
      membersCovered: grant.data.membersCovered,
      recipient: grant.data.recipient,
    });

    const executor = db.executor();
    const started = await executor.start('440305', '2026-03', officer);
    const run = await executor.execute(started.runId);
    expect(run).toMatchObject({ status: 'FILE_WRITTEN', paymentCount: 2, totalAmountFen: 62000 + 130000 });
    expect(run.byProgram).toEqual({ MINIMUM_LIVING_ALLOWANCE: { paymentCount: 2, totalAmountFen: 192000 } });

    const [row] = await db.sql(`SELECT program, amount_fen::int AS amount, recipient->>'memberId' AS payee FROM "${db.schema}".payments WHERE case_id = $1`, [grant.data.caseId]);
    expect(row).toEqual({ program: 'MINIMUM_LIVING_ALLOWANCE', amount: 62000, payee: grant.data.recipient.memberId });

    const events = await db.store.readStream(paymentRunStreamId(started.runId));
    const batch = events.find((e) => e.type === 'PaymentBatchIssued')!;
    const issued = issuedPayments({ type: batch.type, data: batch.data } as PaymentRunEvent).find((p) => p.caseId === grant.data.caseId)!;
    expect(issued).toMatchObject({ program: 'MINIMUM_LIVING_ALLOWANCE', amountFen: 62000, decisionId: grant.data.decisionId });
    const published = [toIntegrationEvent(batch)].flat().find((e) => e?.subject === grant.data.caseId);
    expect(published).toMatchObject({ type: 'PaymentIssued', subject: grant.data.caseId, data: { program: 'MINIMUM_LIVING_ALLOWANCE', amountFen: 62000 } });
    expect(published!.metadata.correlationId).toBe(grant.data.caseId);

    const file = await readFile(join(db.bankDir, run.bankFileRefs[0]!), 'utf8');
    const line = file.split('\n').find((l) => l.includes(grant.data.caseNumber))!;
    expect(line.split(',')).toEqual(expect.arrayContaining(['62000', '620.00', 'MINIMUM_LIVING_ALLOWANCE', '2026-03', grant.data.recipient.name]));
  });

  it('keeps a 低保边缘 status-only approval (amount 0) registered and unpaid', async () => {
    const grant = marginalWithIndividualCoverage();
    const statusOnly = { ...grant, data: { ...grant.data, coverage: 'HOUSEHOLD' as const, membersCovered: [], monthlyAmountFen: 0, baseAmountFen: 0 } };
    await db.entitlements.onAssistanceGranted(statusOnly, db.pool);
    const executor = db.executor();
    const started = await executor.start('440305', '2026-03', officer);
    const run = await executor.execute(started.runId);
    expect(run).toMatchObject({ status: 'FILE_WRITTEN', paymentCount: 0, heldCount: 1 });
  });
});
