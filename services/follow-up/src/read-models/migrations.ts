import type { Pool } from 'pg';
import { runSqlMigrations, type SqlMigration } from '@sa/database';

/**
 * The follow_up schema: plain SQL migrations, applied in order at start-up, each once, under an
 * advisory lock. Never `synchronize`.
 *
 * Read models (written only by the projection, rebuildable from the event store):
 *   cases, complaints, projection_checkpoints
 * Data-comparison feeds (migration 90): member_index (resident-ID blind index → case, member; from
 *   case_households), member_index_sources (which household snapshot was indexed), data_feed_imports
 * Inbound reference data (written by the inbox consumer, in the inbox transaction):
 *   case_households   the household members and consents of ApplicationAccepted, needed to ask
 *                     verification for a re-check (AssistanceGranted does not carry them)
 * The complainant's identity is never copied into a table: it is read from the complaint stream
 * and shown per the confidentiality rule.
 */
export type { SqlMigration };

export const FOLLOW_UP_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'read models and households',
    sql: (s) => `
      CREATE TABLE ${s}.cases (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        jurisdiction text NOT NULL,
        program text NOT NULL,
        status text NOT NULL,
        review_class text,
        review_interval_months int NOT NULL,
        next_review_due_month text,
        next_review_due_on date,
        next_review_deadline date,
        open_review_id uuid,
        open_review_type text,
        open_review_opened_on date,
        awaiting_verification boolean NOT NULL DEFAULT false,
        monthly_amount_fen bigint NOT NULL,
        taper_last_month text,
        welfare_vulnerabilities jsonb,
        welfare_interval_days int,
        welfare_first_due_on date,
        last_welfare_visit_on date,
        closed_on date,
        close_reason text,
        final_note text,
        last_revision int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX cases_review_queue ON ${s}.cases (jurisdiction text_pattern_ops, status, next_review_due_on);

      CREATE TABLE ${s}.complaints (
        complaint_id uuid PRIMARY KEY,
        about text NOT NULL,
        case_id uuid,
        community text NOT NULL,
        status text NOT NULL,
        channel text NOT NULL,
        subject text NOT NULL,
        anonymous boolean NOT NULL,
        investigator_id text,
        received_on date NOT NULL,
        resolved_on date,
        outcome text,
        last_revision int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX complaints_queue ON ${s}.complaints (community text_pattern_ops, status);

      CREATE TABLE ${s}.case_households (
        case_id uuid PRIMARY KEY,
        members jsonb NOT NULL,
        consents jsonb NOT NULL,
        source_event_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE ${s}.projection_checkpoints (
        name text PRIMARY KEY,
        position text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 90,
    name: 'data-comparison feeds: resident-ID blind index of household members, import log',
    sql: (s) => `
      CREATE TABLE ${s}.member_index (
        resident_index text NOT NULL,
        case_id uuid NOT NULL,
        member_id uuid NOT NULL,
        PRIMARY KEY (resident_index, case_id, member_id)
      );
      CREATE INDEX member_index_case ON ${s}.member_index (case_id);
      CREATE TABLE ${s}.member_index_sources (
        case_id uuid PRIMARY KEY,
        source_event_id uuid NOT NULL
      );
      CREATE TABLE ${s}.data_feed_imports (
        import_id bigserial PRIMARY KEY,
        file_digest text NOT NULL,
        kind text NOT NULL,
        jurisdiction text NOT NULL,
        file_name text NOT NULL,
        result jsonb NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX data_feed_imports_digest ON ${s}.data_feed_imports (file_digest);`,
  },
  {
    // Issue 18, free text: the closing note (FollowUpClosed.finalNote, sealed in the events) was copied here in clear
    // and read by no query: not kept any more. The case view reads it from the case's (decrypted) events.
    version: 91,
    name: 'closing note no longer copied into the cases read model',
    sql: (s) => `ALTER TABLE ${s}.cases DROP COLUMN IF EXISTS final_note;`,
  },
];

/** Applies the pending migrations (@sa/database's runner); returns the versions applied now. */
export function migrateFollowUpSchema(pool: Pool, schema: string): Promise<number[]> {
  return runSqlMigrations(pool, schema, FOLLOW_UP_MIGRATIONS, { table: 'follow_up_migrations', lockName: 'sa.follow-up.migrations' });
}
