import type { Pool } from 'pg';
import { runSqlMigrations, type SqlMigration } from '@sa/database';
import { holidayCalendarsMigration } from '@sa/messaging';

/**
 * The verification schema: plain SQL migrations, applied in order at start-up, each once, under an
 * advisory lock (several instances may start together). Never `synchronize`.
 *
 * Every table is a read model written only by the projection (rebuildable from the event store);
 * the inbox and relay-checkpoint tables belong to @sa/messaging and migrate themselves.
 */
export type { SqlMigration };

export const VERIFICATION_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'read models',
    sql: (s) => `
      CREATE TABLE ${s}.verifications (
        verification_id uuid PRIMARY KEY,
        case_id uuid NOT NULL UNIQUE,
        case_number text NOT NULL,
        jurisdiction text NOT NULL,
        status text NOT NULL,
        current_round int,
        current_purpose text,
        current_report_version int,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_revision int NOT NULL
      );
      CREATE INDEX verifications_jurisdiction ON ${s}.verifications (jurisdiction text_pattern_ops, status);

      CREATE TABLE ${s}.verification_members (
        verification_id uuid NOT NULL,
        member_id text NOT NULL,
        name text NOT NULL,
        resident_id_masked text,
        in_household boolean NOT NULL,
        PRIMARY KEY (verification_id, member_id)
      );

      CREATE TABLE ${s}.verification_rounds (
        verification_id uuid NOT NULL,
        round int NOT NULL,
        purpose text NOT NULL,
        status text NOT NULL,
        reference_from text NOT NULL,
        reference_to text NOT NULL,
        sources jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        due_on date,
        reverification_request_id text,
        objection_id text,
        report_version int,
        not_queried jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (verification_id, round)
      );

      CREATE TABLE ${s}.verification_requests (
        verification_id uuid NOT NULL,
        request_id text NOT NULL,
        round int NOT NULL,
        member_id text NOT NULL,
        source text NOT NULL,
        purpose text NOT NULL,
        consent_id text NOT NULL,
        status text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        current_submission_id text,
        next_attempt_at timestamptz,
        submitted_at timestamptz,
        answer_due_at timestamptz,
        last_failure text,
        last_failure_detail text,
        answers_received int NOT NULL DEFAULT 0,
        records_received int NOT NULL DEFAULT 0,
        settled_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (verification_id, request_id)
      );
      CREATE INDEX verification_requests_due ON ${s}.verification_requests (next_attempt_at) WHERE status = 'PENDING';
      CREATE INDEX verification_requests_out ON ${s}.verification_requests (submitted_at) WHERE status IN ('SUBMITTED', 'PARTIAL');

      CREATE TABLE ${s}.platform_submissions (
        submission_id text PRIMARY KEY,
        verification_id uuid NOT NULL,
        request_id text NOT NULL,
        attempt int NOT NULL,
        source text NOT NULL,
        submitted_at timestamptz NOT NULL
      );

      CREATE TABLE ${s}.manual_tasks (
        verification_id uuid NOT NULL,
        task_id text NOT NULL,
        request_id text NOT NULL,
        round int NOT NULL,
        case_id uuid NOT NULL,
        case_number text NOT NULL,
        jurisdiction text NOT NULL,
        member_id text NOT NULL,
        source text NOT NULL,
        purpose text NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        due_on date NOT NULL,
        closed_at timestamptz,
        completed_by text,
        outcome text,
        document_ref text,
        PRIMARY KEY (verification_id, task_id)
      );
      CREATE INDEX manual_tasks_queue ON ${s}.manual_tasks (jurisdiction text_pattern_ops, status, due_on);

      CREATE TABLE ${s}.reports (
        verification_id uuid NOT NULL,
        report_version int NOT NULL,
        case_id uuid NOT NULL,
        round int NOT NULL,
        purpose text NOT NULL,
        completed_at timestamptz NOT NULL,
        objection_id text,
        reverification_request_id text,
        report jsonb NOT NULL,
        PRIMARY KEY (verification_id, report_version)
      );

      CREATE TABLE ${s}.objections (
        objection_id text PRIMARY KEY,
        verification_id uuid NOT NULL,
        report_version int NOT NULL,
        round int NOT NULL,
        status text NOT NULL,
        reason text NOT NULL,
        evidence_refs jsonb NOT NULL,
        items jsonb NOT NULL,
        raised_on date NOT NULL,
        filed_by text NOT NULL,
        outcome text,
        findings text,
        resolved_on date,
        corrected_report_version int,
        corrected_items jsonb
      );
      CREATE INDEX objections_verification ON ${s}.objections (verification_id);

      CREATE TABLE ${s}.projection_checkpoints (
        name text PRIMARY KEY,
        position text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  // 10: the published holiday calendars (HolidayCalendarPublished), the working-day calendar's source.
  holidayCalendarsMigration(10),
  {
    version: 27,
    name: 'a manual-task due date counted Monday–Friday through a year nobody published (暂按周一至周五推算), re-dated once it is',
    sql: (s) => `ALTER TABLE ${s}.manual_tasks ADD COLUMN due_on_provisional boolean NOT NULL DEFAULT false;`,
  },
];

/** The read-model tables, for a rebuild (TRUNCATE) of the projection. */
export const READ_MODEL_TABLES = [
  'verifications',
  'verification_members',
  'verification_rounds',
  'verification_requests',
  'platform_submissions',
  'manual_tasks',
  'reports',
  'objections',
] as const;

/** Applies the pending migrations (@sa/database's runner); returns the versions applied now. */
export function migrateVerificationSchema(pool: Pool, schema: string): Promise<number[]> {
  return runSqlMigrations(pool, schema, VERIFICATION_MIGRATIONS, { table: 'verification_migrations', lockName: 'sa.verification.migrations' });
}
