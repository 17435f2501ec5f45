import type { Pool } from 'pg';
import { quoteIdent } from '../sql';

/**
 * Inbox tables of one service schema (idempotent DDL).
 *
 * - `inbox`: one row per (consumer group, integration event id) whose effect was committed. The
 *   row is inserted in the handler's transaction, so "row exists" ⇔ "effect applied".
 * - `inbox_case_positions`: per (consumer group, case, topic), the newest source event applied so
 *   far. "Newest" is by the event store's global position carried in the relay's `x-sa-*` headers
 *   (falling back to the Kafka offset for messages without them), so a late replay from a DLQ does
 *   not move the position back. Handlers receive the previous row as `ctx.previous` to tell how
 *   far a case has been applied (e.g. to ignore a stale event after a replay).
 */
export function inboxMigrationSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.inbox (
      consumer_group text        NOT NULL,
      event_id       text        NOT NULL,
      event_type     text        NOT NULL,
      case_id        text,
      topic          text        NOT NULL,
      partition      integer     NOT NULL,
      "offset"       bigint      NOT NULL,
      received_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id)
    );
    CREATE INDEX IF NOT EXISTS inbox_received_at_idx ON ${s}.inbox (received_at);
    CREATE TABLE IF NOT EXISTS ${s}.inbox_case_positions (
      consumer_group        text        NOT NULL,
      case_id               text        NOT NULL,
      topic                 text        NOT NULL,
      last_event_id         text        NOT NULL,
      last_event_type       text        NOT NULL,
      last_event_time       timestamptz,
      last_source_stream    text,
      last_source_revision  bigint,
      last_source_commit    bigint,
      last_source_prepare   bigint,
      last_partition        integer     NOT NULL,
      last_offset           bigint      NOT NULL,
      applied_count         bigint      NOT NULL DEFAULT 0,
      updated_at            timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, case_id, topic)
    );`;
}

/** Runs the inbox DDL under a transaction-scoped advisory lock (concurrent starts do not race). */
export async function migrateInbox(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sa.messaging.migrate:${schema}`]);
    await client.query(inboxMigrationSql(schema));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
