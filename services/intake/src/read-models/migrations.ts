import type { Pool } from 'pg';
import { runSqlMigrations, type SqlMigration } from '@sa/database';
import { holidayCalendarsMigration } from '@sa/messaging';

/**
 * The intake schema: plain SQL migrations, applied in order at start-up, each once, under an
 * advisory lock (several instances may start together). Never `synchronize`.
 *
 * Command-side tables (strongly consistent, written by command handlers):
 *   resident_reservations  one open application per resident (PK on the keyed hash)
 *   case_numbers, case_number_counters   human-readable case numbers per district and year
 * Read models (written only by the projection, rebuildable from the event store):
 *   applications, application_people, leads, declared_relatives, projection_checkpoints
 */
export type { SqlMigration };

export const INTAKE_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'command-side tables',
    sql: (s) => `
      CREATE TABLE ${s}.resident_reservations (
        resident_id_hash text PRIMARY KEY,
        case_id uuid NOT NULL,
        reserved_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX resident_reservations_case ON ${s}.resident_reservations (case_id);

      CREATE TABLE ${s}.case_number_counters (
        district char(6) NOT NULL,
        year int NOT NULL,
        last_sequence int NOT NULL,
        PRIMARY KEY (district, year)
      );
      CREATE TABLE ${s}.case_numbers (
        case_id uuid PRIMARY KEY,
        district char(6) NOT NULL,
        year int NOT NULL,
        sequence int NOT NULL,
        case_number text NOT NULL UNIQUE,
        allocated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (district, year, sequence)
      );`,
  },
  {
    version: 2,
    name: 'read models',
    sql: (s) => `
      CREATE TABLE ${s}.applications (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL UNIQUE,
        jurisdiction text NOT NULL,
        status text NOT NULL,
        program text NOT NULL,
        channel text NOT NULL,
        applicant_name text NOT NULL,
        applicant_resident_id_masked text NOT NULL,
        applicant_resident_id_hash text NOT NULL,
        household_size int NOT NULL,
        drafted_on date NOT NULL,
        submitted_on date,
        notice_date date,
        accepted_on date,
        closed_on date,
        outstanding_items jsonb NOT NULL DEFAULT '[]',
        conflict_of_interest boolean NOT NULL DEFAULT false,
        lead_id uuid,
        last_revision int NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX applications_queue ON ${s}.applications (jurisdiction text_pattern_ops, status);
      CREATE INDEX applications_name ON ${s}.applications (applicant_name);

      CREATE TABLE ${s}.application_people (
        case_id uuid NOT NULL REFERENCES ${s}.applications (case_id) ON DELETE CASCADE,
        resident_id_hash text NOT NULL,
        resident_id_masked text NOT NULL,
        name text NOT NULL,
        relation text NOT NULL,
        PRIMARY KEY (case_id, resident_id_hash)
      );
      CREATE INDEX application_people_hash ON ${s}.application_people (resident_id_hash);
      CREATE INDEX application_people_masked ON ${s}.application_people (resident_id_masked);

      CREATE TABLE ${s}.leads (
        lead_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        jurisdiction text NOT NULL,
        source text NOT NULL,
        status text NOT NULL,
        urgency text NOT NULL,
        subject_name text NOT NULL,
        hardships jsonb NOT NULL,
        reported_on date NOT NULL,
        due_on date NOT NULL,
        last_outcome_on date,
        converted_case_number text,
        last_revision int NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX leads_overdue ON ${s}.leads (jurisdiction text_pattern_ops, status, due_on);

      CREATE TABLE ${s}.declared_relatives (
        resident_id_hash text NOT NULL,
        officer_id text NOT NULL,
        officer_name text NOT NULL,
        official_role text NOT NULL,
        officer_jurisdiction text NOT NULL,
        relation text NOT NULL,
        PRIMARY KEY (resident_id_hash, officer_id)
      );

      CREATE TABLE ${s}.projection_checkpoints (
        name text PRIMARY KEY,
        position text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 3,
    name: 're-application: how a case ended after the decision, and the earlier case of a new one',
    sql: (s) => `
      ALTER TABLE ${s}.applications
        ADD COLUMN closed_outcome text,
        ADD COLUMN closed_decision_id uuid,
        ADD COLUMN closed_decided_on date,
        ADD COLUMN closed_reason text,
        ADD COLUMN earlier_case_id uuid;
      CREATE INDEX applications_closed ON ${s}.applications (status) WHERE status = 'CLOSED';`,
  },
  {
    version: 4,
    name: 'personal columns encrypted (issue 18): names stored as ciphertext, looked up by a blind index',
    sql: (s) => `
      DROP INDEX IF EXISTS ${s}.applications_name;
      ALTER TABLE ${s}.applications ADD COLUMN applicant_name_index text;
      CREATE INDEX applications_name_index ON ${s}.applications (applicant_name_index);`,
  },
  {
    version: 20,
    name: 're-application after a case ended at intake: how the earlier case ended, on the new case row',
    sql: (s) => `ALTER TABLE ${s}.applications ADD COLUMN earlier_case_outcome text;`,
  },
  {
    version: 23,
    name: 'a case closed on a refusal and reopened by the appeal that revoked it (AssistanceGranted v2)',
    sql: (s) => `
      ALTER TABLE ${s}.applications
        ADD COLUMN reopened_appeal_id uuid,
        ADD COLUMN reopened_appeal_document text,
        ADD COLUMN reopened_on date;`,
  },
  {
    version: 27,
    name: 'a lead due date counted Monday–Friday through a year nobody published (暂按周一至周五推算), re-dated once it is',
    sql: (s) => `ALTER TABLE ${s}.leads ADD COLUMN due_on_provisional boolean NOT NULL DEFAULT false;
      CREATE INDEX leads_due_provisional ON ${s}.leads (lead_id) WHERE due_on_provisional;`,
  },
  // 10: the published holiday calendars (HolidayCalendarPublished), the working-day calendar's source.
  holidayCalendarsMigration(10),
];

/** Applies the pending migrations (@sa/database's runner); returns the versions applied now. */
export function migrateIntakeSchema(pool: Pool, schema: string): Promise<number[]> {
  return runSqlMigrations(pool, schema, INTAKE_MIGRATIONS, { table: 'intake_migrations', lockName: 'sa.intake.migrations' });
}
