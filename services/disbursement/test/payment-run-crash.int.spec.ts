/**
 * A payment-run executor in a child process, SIGKILLed half-way (possibly between a batch's
 * event-store append and its COMMIT), then resumed by a new executor: every entitlement is paid
 * exactly once, and the event store and the payments table agree.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { issuedPayments, paymentRunStreamId, type PaymentRunEvent } from '../src/domain';
import { expectBankFileOfRun } from './support/bank-file-check';
import { createDisbursementDb, DATABASE_URL, type DisbursementDb } from './support/database';
import { grantedEvent } from './support/fixtures';

jest.setTimeout(120_000);

let db: DisbursementDb;
beforeAll(async () => {
  db = await createDisbursementDb('disb_crash');
});
afterAll(async () => {
  await db.drop();
});

const root = join(__dirname, '..', '..', '..');

it('a run killed half-way with SIGKILL and resumed pays every entitlement exactly once', async () => {
  for (let i = 0; i < 60; i++) await db.entitlements.onAssistanceGranted(grantedEvent({ monthlyAmountFen: 100000 + i }), db.pool);
  const started = await db.executor().start('440305', '2026-03', { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' });

  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'run-executor-child.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(root, 'tsconfig.json'),
        CHILD_DATABASE_URL: DATABASE_URL,
        CHILD_SCHEMA: db.schema,
        CHILD_ES_SCHEMA: db.eventStoreSchema,
        CHILD_BANK_DIR: db.bankDir,
        CHILD_RUN_ID: started.runId,
        CHILD_BATCH: '5',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/batch 4\n/.test(out)) {
        // Kill inside the next batch's window between append and COMMIT (the child pauses there 40 ms).
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 20);
      }
    });
    child.on('exit', () => reject(new Error(`child exited before it was killed: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');

  const [mid] = await db.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${db.schema}".payments`);
  expect(mid!.n).toBeGreaterThanOrEqual(20);
  expect(mid!.n).toBeLessThan(60);

  const state = await db.executor({ batchSize: 7 }).execute(started.runId);
  expect(state).toMatchObject({ status: 'FILE_WRITTEN', paymentCount: 60, done: 60 });
  const [rows] = await db.sql<{ n: number; distinct: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT entitlement_id)::int AS distinct FROM "${db.schema}".payments WHERE period = '2026-03'`,
  );
  expect(rows).toEqual({ n: 60, distinct: 60 });
  const events = await db.store.readStream(paymentRunStreamId(started.runId));
  const issued = events.flatMap((e) => issuedPayments({ type: e.type, data: e.data } as PaymentRunEvent)).map((p) => p.entitlementId);
  expect(issued).toHaveLength(60);
  expect(new Set(issued).size).toBe(60);
  // the bank file, assembled from the parts both executors stored: each payment once, numbered 1..60
  expect(await expectBankFileOfRun(db, started.runId)).toMatchObject({ lines: 60, totalFen: state.totalAmountFen });
});
