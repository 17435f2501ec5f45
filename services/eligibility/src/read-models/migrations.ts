import type { MigrationInterface, QueryRunner } from 'typeorm';

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'eligibility';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Bad schema name ${schema}`);
  return `"${schema}"`;
}

/** Read models of the eligibility service: the case list / queues and the projection checkpoint. */
export class EligibilityReadModels1767225600000 implements MigrationInterface {
  name = 'EligibilityReadModels1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${s}.review_cases (
        case_id                     uuid        PRIMARY KEY,
        case_number                 text,
        program                     text,
        jurisdiction                text,
        status                      text        NOT NULL,
        applicant_masked            text,
        household_size              int,
        conflict_of_interest        boolean     NOT NULL DEFAULT false,
        accepted_on                 date,
        due_on                      date,
        deadline_working_days       int,
        deadline_extended           boolean     NOT NULL DEFAULT false,
        investigation_start_due_on  date,
        investigation_started_on    date,
        verification_reports        int         NOT NULL DEFAULT 0,
        home_visits                 int         NOT NULL DEFAULT 0,
        round                       int         NOT NULL DEFAULT 0,
        proposal                    text,
        proposed_amount_fen         bigint,
        notice_last_day             date,
        open_objections             int         NOT NULL DEFAULT 0,
        decided_on                  date,
        decision_id                 uuid,
        decided_overdue             boolean,
        monthly_amount_fen          bigint,
        start_month                 text,
        policy_version              text,
        refusal_notice_due_on       date,
        benefit_status              text,
        redetermination_open        boolean     NOT NULL DEFAULT false,
        revision                    int         NOT NULL,
        updated_at                  timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS review_cases_jurisdiction_idx ON ${s}.review_cases (jurisdiction text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS review_cases_status_due_idx ON ${s}.review_cases (status, due_on)`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${s}.projection_checkpoints (
        name        text        PRIMARY KEY,
        position    text        NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.projection_checkpoints`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.review_cases`);
  }
}

/**
 * `calendar_missing`: the year whose holiday schedule is missing while a deadline of the case (the
 * decision deadline, a refusal's or a benefit change's written notice) is open; null otherwise.
 */
export class ReviewCaseCalendarMissing1796515200000 implements MigrationInterface {
  name = 'ReviewCaseCalendarMissing1796515200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.review_cases ADD COLUMN IF NOT EXISTS calendar_missing int`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS review_cases_calendar_missing_idx ON ${s}.review_cases (calendar_missing) WHERE calendar_missing IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.review_cases_calendar_missing_idx`);
    await queryRunner.query(`ALTER TABLE ${s}.review_cases DROP COLUMN IF EXISTS calendar_missing`);
  }
}

/**
 * Households ledger (台账, issue 17; migration "110" of the parallel numbering): `review_case_households`
 * holds each case's members as one sealed JSON document (names and resident IDs under the case's data
 * key), written by the case-list projection; `review_cases_ledger_order` serves the ledger's keyset
 * pages (division prefix with byte order, then case id).
 */
export class HouseholdLedger1796515200110 implements MigrationInterface {
  name = 'HouseholdLedger1796515200110';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${s}.review_case_households (
        case_id     uuid        PRIMARY KEY,
        household   jsonb       NOT NULL,
        revision    int         NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS review_cases_ledger_order ON ${s}.review_cases ((jurisdiction COLLATE "C"), case_id) WHERE status = 'APPROVED'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX IF EXISTS ${s}.review_cases_ledger_order`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.review_case_households`);
  }
}

/**
 * Caseload impact of a draft standard (issue #14 item 6): one row per evaluation and one per case it
 * evaluated, written once by the impact service together with the `PolicyImpactEvaluated` event, so the
 * per-case list is paged and exported without recomputing. Not a projection of the case streams: the
 * rows are the result of a computation over them on a given day (like a report), kept for the proposals.
 */
export class PolicyImpacts1796515200200 implements MigrationInterface {
  name = 'PolicyImpacts1796515200200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${s}.policy_impacts (
        impact_id       uuid        PRIMARY KEY,
        jurisdiction    text        NOT NULL,
        policy_version  text        NOT NULL,
        draft_digest    text        NOT NULL,
        summary         jsonb       NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS policy_impacts_version_idx ON ${s}.policy_impacts (policy_version, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${s}.policy_impact_cases (
        impact_id     uuid   NOT NULL,
        case_id       uuid   NOT NULL,
        case_number   text   NOT NULL,
        jurisdiction  text   NOT NULL,
        program       text   NOT NULL,
        outcome       text   NOT NULL,
        before_fen    bigint NOT NULL,
        after_fen     bigint NOT NULL,
        explanation   jsonb  NOT NULL,
        PRIMARY KEY (impact_id, case_id)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS policy_impact_cases_outcome_idx ON ${s}.policy_impact_cases (impact_id, outcome, case_number, case_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.policy_impact_cases`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.policy_impacts`);
  }
}

export const ELIGIBILITY_MIGRATIONS = [EligibilityReadModels1767225600000, ReviewCaseCalendarMissing1796515200000, HouseholdLedger1796515200110, PolicyImpacts1796515200200];
