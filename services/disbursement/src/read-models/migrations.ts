import type { Pool } from 'pg';
import { runSqlMigrations, type SqlMigration } from '@sa/database';
import { holidayCalendarsMigration } from '@sa/messaging';

/**
 * The disbursement schema: plain SQL migrations, applied in order at start-up, each once, under an
 * advisory lock. Never `synchronize`.
 *
 *   entitlements   one row per case: the folded entitlement state (JSON) the run reads amounts from
 *   payments       the payment ledger. UNIQUE (entitlement_id, period) for regular payments: the
 *                  database's second line of defence behind the payment-run decider
 *   payment_runs   progress of each run (done / total; kind MONTHLY, once per district and month, or SUPPLEMENTARY),
 *                  written with each batch, and a snapshot of the
 *                  run's folded state at a stream revision (never ahead of the stream: written after
 *                  the append), so a command on the run reads only the events after it
 *   bank_file_reads every bank-file download (GET /disbursement/payment-runs/:runId/bank-file)
 *   arrears_settlements  补发 settled by a run, one row per (entitlement, retroactive decision): never paid twice
 *   overpayment_offsets  追回 by offset, one row per (entitlement, month, overpayment, payment reduced)
 *   payment_run_file_parts  one row per batch of a run with bank-file lines: the part of the bank file it wrote
 *                  (numbered lines, count, amount, digest, part ref), in the batch's transaction
 * Every row derives from the event store (entitlement and paymentRun streams).
 */
export type { SqlMigration };

export const DISBURSEMENT_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'entitlements, payments, payment runs',
    sql: (s) => `
      CREATE TABLE ${s}.entitlements (
        entitlement_id uuid PRIMARY KEY,
        case_id uuid NOT NULL UNIQUE,
        case_number text NOT NULL,
        program text NOT NULL,
        jurisdiction text NOT NULL,
        district char(6) NOT NULL,
        state jsonb NOT NULL,
        revision int NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX entitlements_run_order ON ${s}.entitlements (district, entitlement_id);

      CREATE TABLE ${s}.payments (
        payment_id uuid PRIMARY KEY,
        entitlement_id uuid NOT NULL,
        case_id uuid NOT NULL,
        case_number text NOT NULL,
        period char(7) NOT NULL,
        kind text NOT NULL,
        run_id uuid,
        program text NOT NULL,
        jurisdiction text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        decision_id text,
        recipient jsonb NOT NULL,
        status text NOT NULL DEFAULT 'ISSUED',
        issued_on date NOT NULL,
        bank_file_ref text,
        return_reason text,
        returned_on date,
        reissue_of uuid,
        reissued_by uuid
      );
      CREATE UNIQUE INDEX payments_once_per_entitlement_and_period ON ${s}.payments (entitlement_id, period) WHERE kind = 'REGULAR';
      CREATE INDEX payments_run ON ${s}.payments (run_id, entitlement_id);
      CREATE INDEX payments_case ON ${s}.payments (case_id, period);

      CREATE TABLE ${s}.payment_runs (
        run_id uuid PRIMARY KEY,
        district char(6) NOT NULL,
        period char(7) NOT NULL,
        status text NOT NULL,
        total int NOT NULL,
        done int NOT NULL DEFAULT 0,
        payment_count int NOT NULL DEFAULT 0,
        total_amount_fen bigint NOT NULL DEFAULT 0,
        held_count int NOT NULL DEFAULT 0,
        bank_file_refs jsonb NOT NULL DEFAULT '[]',
        last_error text,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (district, period)
      );`,
  },
  {
    version: 2,
    name: 'emergency advances',
    sql: (s) => `
      CREATE TABLE ${s}.emergency_advances (
        advance_id uuid PRIMARY KEY,
        payment_id uuid NOT NULL,
        case_id uuid NOT NULL,
        case_number text NOT NULL,
        jurisdiction text NOT NULL,
        amount_fen bigint NOT NULL,
        advance_limit_fen bigint NOT NULL,
        reason text NOT NULL,
        paid_on date NOT NULL,
        paperwork_due_on date NOT NULL,
        completed_on date,
        late boolean
      );
      CREATE INDEX emergency_advances_overdue ON ${s}.emergency_advances (jurisdiction text_pattern_ops, paperwork_due_on) WHERE completed_on IS NULL;`,
  },
  {
    version: 3,
    name: 'approved emergency advances (from eligibility), the decision each advance payment traces to',
    sql: (s) => `
      CREATE TABLE ${s}.approved_advances (
        advance_id uuid PRIMARY KEY,
        approval_event_id uuid NOT NULL,
        case_id uuid NOT NULL,
        case_number text NOT NULL,
        jurisdiction text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        advance_limit_fen bigint NOT NULL CHECK (amount_fen <= advance_limit_fen),
        policy_version text NOT NULL,
        paperwork_working_days int NOT NULL,
        recipient jsonb NOT NULL,
        reason text NOT NULL,
        approved_by jsonb NOT NULL,
        approved_on date NOT NULL
      );
      ALTER TABLE ${s}.emergency_advances ADD COLUMN approval_event_id uuid;`,
  },
  {
    version: 4,
    name: 'bank-file downloads (who read which bank file, when, and its recorded digest)',
    sql: (s) => `
      CREATE TABLE ${s}.bank_file_reads (
        read_id bigserial PRIMARY KEY,
        run_id uuid NOT NULL,
        file_ref text NOT NULL,
        sha256 text,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        actor_jurisdiction text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX bank_file_reads_run ON ${s}.bank_file_reads (run_id, read_at);`,
  },
  {
    // Numbered 40+ (issue 20): other branches add migrations in parallel.
    version: 40,
    name: 'payment-run snapshots (the folded run state and its stream revision: confirmation and reissue read only the tail)',
    sql: (s) => `
      ALTER TABLE ${s}.payment_runs ADD COLUMN snapshot jsonb, ADD COLUMN snapshot_revision bigint;`,
  },
  {
    version: 41,
    name: 'bank-file parts: each batch of a run writes its numbered bank-file lines as it commits (the file is assembled from them, the payment rows are not re-read)',
    sql: (s) => `
      CREATE TABLE ${s}.payment_run_file_parts (
        run_id uuid NOT NULL,
        batch_no int NOT NULL,
        after_cursor text NOT NULL,
        last_key text NOT NULL,
        first_seq int NOT NULL CHECK (first_seq > 0),
        line_count int NOT NULL CHECK (line_count > 0),
        amount_fen bigint NOT NULL,
        sha256 char(64) NOT NULL,
        part_ref text NOT NULL,
        PRIMARY KEY (run_id, batch_no)
      );`,
  },
  {
    // Numbered 150+ (issue 16, the workbench): other branches add migrations in parallel.
    version: 150,
    name: 'workbench lists: entitlements by case number, approved advances by jurisdiction (server-side paging of 待遇名单 and 先行救助)',
    sql: (s) => `
      CREATE INDEX entitlements_by_case_number ON ${s}.entitlements (district, case_number, case_id);
      CREATE INDEX approved_advances_by_jurisdiction ON ${s}.approved_advances (jurisdiction text_pattern_ops, approved_on DESC, advance_id);`,
  },
  {
    // Numbered 160+ (issue 14, arrears and recovery): other branches add migrations in parallel.
    version: 160,
    name: 'arrears paid once per decision, overpayment offsets (追回), the second line behind the run decider',
    sql: (s) => `
      CREATE UNIQUE INDEX payments_arrears_once_per_decision ON ${s}.payments (entitlement_id, decision_id) WHERE kind = 'ARREARS';
      CREATE TABLE ${s}.arrears_settlements (
        entitlement_id uuid NOT NULL,
        arrears_decision_id text NOT NULL,
        case_id uuid NOT NULL,
        run_id uuid NOT NULL,
        period char(7) NOT NULL,
        determined_fen bigint NOT NULL CHECK (determined_fen > 0),
        netted_fen bigint NOT NULL CHECK (netted_fen >= 0),
        paid_fen bigint NOT NULL CHECK (paid_fen >= 0 AND paid_fen + netted_fen = determined_fen),
        payment_id uuid,
        PRIMARY KEY (entitlement_id, arrears_decision_id)
      );
      CREATE INDEX arrears_settlements_case ON ${s}.arrears_settlements (case_id, period);
      CREATE TABLE ${s}.overpayment_offsets (
        entitlement_id uuid NOT NULL,
        case_id uuid NOT NULL,
        overpayment_decision_id text NOT NULL,
        against text NOT NULL CHECK (against IN ('REGULAR', 'ARREARS')),
        against_decision_id text NOT NULL,
        against_payment_id uuid NOT NULL,
        period char(7) NOT NULL,
        run_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        cap_percent int,
        PRIMARY KEY (entitlement_id, period, overpayment_decision_id, against, against_decision_id)
      );
      CREATE INDEX overpayment_offsets_case ON ${s}.overpayment_offsets (case_id, period);`,
  },
  {
    // 168 (issue 14 item 1, helper cal14): numbered apart from the arrears block so a parallel 161 does not collide.
    version: 168,
    name: "emergency advances: the paperwork due date stays open while its year's 节假日安排 is not published (never guessed)",
    sql: (s) => `
      ALTER TABLE ${s}.emergency_advances ALTER COLUMN paperwork_due_on DROP NOT NULL;
      ALTER TABLE ${s}.emergency_advances ADD COLUMN paperwork_calendar_missing int;
      ALTER TABLE ${s}.emergency_advances ADD CONSTRAINT emergency_advances_due_or_missing
        CHECK ((paperwork_due_on IS NULL) = (paperwork_calendar_missing IS NOT NULL));`,
  },
  {
    version: 170,
    name: 'supplementary runs (补发批次): payment_runs.kind; one monthly run per district and month (partial unique), supplementary runs beside it',
    sql: (s) => `
      ALTER TABLE ${s}.payment_runs ADD COLUMN kind text NOT NULL DEFAULT 'MONTHLY' CHECK (kind IN ('MONTHLY', 'SUPPLEMENTARY'));
      ALTER TABLE ${s}.payment_runs DROP CONSTRAINT IF EXISTS payment_runs_district_period_key;
      CREATE UNIQUE INDEX payment_runs_monthly_once ON ${s}.payment_runs (district, period) WHERE kind = 'MONTHLY';`,
  },
  {
    // 201 (issue 20, helper payrun): numbered apart so a parallel 17x/18x does not collide.
    // payments_case (case_id, period) took a random page per payment row (case ids are random UUIDs): at a payment
    // run's 1,000 rows per batch ~1,000 B-tree pages dirtied, each a full-page image in the WAL after a checkpoint.
    // Its one reader, the household statement, finds a case's payments by entitlement instead (an entitlement per case,
    // entitlements.case_id UNIQUE; an emergency advance's entitlement id is entitlementIdFor(case)): (entitlement_id,
    // period) is written in the run's keyset order, so a batch's rows land on a few adjacent pages.
    version: 201,
    name: 'payments by entitlement (entitlement_id, period) instead of by case: the payment run writes it in order',
    sql: (s) => `
      CREATE INDEX IF NOT EXISTS payments_by_entitlement ON ${s}.payments (entitlement_id, period);
      DROP INDEX IF EXISTS ${s}.payments_case;`,
  },
  // 10: the published holiday calendars (HolidayCalendarPublished), the working-day calendar's source.
  holidayCalendarsMigration(10),
];

/** Applies the pending migrations (@sa/database's runner); returns the versions applied now. */
export function migrateDisbursementSchema(pool: Pool, schema: string): Promise<number[]> {
  return runSqlMigrations(pool, schema, DISBURSEMENT_MIGRATIONS, { table: 'disbursement_migrations', lockName: 'sa.disbursement.migrations' });
}
