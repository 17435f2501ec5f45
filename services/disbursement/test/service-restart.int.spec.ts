/**
 * The service resumes an unfinished payment run when it starts again: a run crashed mid-batch
 * (events appended, transaction lost) in one application instance is finished by the next one at
 * start-up, paying every entitlement exactly once.
 */
import { PG_POOL } from '@sa/database';
import request from 'supertest';
import type { Pool } from 'pg';
import { LocalDirectoryBankFileWriter } from '../src/bank/bank-file';
import { EntitlementCommands } from '../src/commands/entitlement-commands';
import { PaymentRunExecutor } from '../src/payment-runs/payment-run-executor';
import { eventually, startDisbursement, type DisbursementTestApp } from './support/disbursement-app';
import { grantedEvent } from './support/fixtures';

jest.setTimeout(90_000);

let first: DisbursementTestApp | undefined;
let second: DisbursementTestApp | undefined;
afterAll(async () => {
  await second?.close();
});

it('finishes a crashed run at the next start-up, exactly once', async () => {
  first = await startDisbursement({ keepSchemas: true });
  const pool = first.app.get<Pool>(PG_POOL);
  const entitlements = first.app.get(EntitlementCommands);
  for (let i = 0; i < 23; i++) await entitlements.onAssistanceGranted(grantedEvent({ monthlyAmountFen: 90000 + i }), pool);
  const crashing = new PaymentRunExecutor({
    pool,
    store: first.store,
    schema: first.schema,
    bankFiles: new LocalDirectoryBankFileWriter(first.bankDir),
    batchSize: 4,
    clock: first.clock,
    afterAppend: (n) => {
      if (n === 3) throw new Error('crash');
    },
  });
  const started = await crashing.start('440305', '2026-03', { id: 'o', role: 'disbursement_officer', jurisdiction: '440305' });
  await expect(crashing.execute(started.runId)).rejects.toThrow('crash');
  const schemas = { schema: first.schema, eventStoreSchema: first.eventStoreSchema };
  await first.close();

  second = await startDisbursement({ schemas });
  const officer = `Bearer ${await second.token('disbursement_officer', { jurisdiction: '440305' })}`;
  const run = await eventually(async () => {
    const res = await request(second!.app.getHttpServer()).get(`/disbursement/payment-runs/${started.runId}`).set('Authorization', officer);
    expect(res.body.status).toBe('FILE_WRITTEN');
    return res.body;
  });
  expect(run).toMatchObject({ done: 23, total: 23, paymentCount: 23 });
  const [rows] = await second.sql<{ n: number; d: number }>(`SELECT count(*)::int AS n, count(DISTINCT entitlement_id)::int AS d FROM "${second.schema}".payments`);
  expect(rows).toEqual({ n: 23, d: 23 });
});
