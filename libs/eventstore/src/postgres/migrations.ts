import { createHash } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * Plain-SQL migrations of the PostgreSQL event store, applied in order by `migrate` and recorded in
 * `<schema>.schema_migrations`. Never edit an applied migration: add a new version.
 *
 * Production grants (the application role is NOT the owner of these tables, so it can neither
 * DISABLE TRIGGER nor TRUNCATE; a separate owner role runs the migrations):
 *
 *   CREATE ROLE sa_eventstore_owner NOLOGIN;            -- owns schema + tables, runs migrations
 *   CREATE ROLE sa_app LOGIN PASSWORD '…';              -- the services
 *   REVOKE ALL ON SCHEMA eventstore FROM PUBLIC;
 *   GRANT USAGE ON SCHEMA eventstore TO sa_app;
 *   GRANT SELECT, INSERT ON eventstore.events TO sa_app;               -- append-only: no UPDATE/DELETE/TRUNCATE
 *   GRANT USAGE ON SEQUENCE eventstore.events_position_seq TO sa_app;
 *   GRANT SELECT, INSERT, UPDATE ON eventstore.streams TO sa_app;      -- the mutable stream head (no DELETE)
 *   GRANT SELECT ON eventstore.schema_migrations TO sa_app;
 *   -- auditors: GRANT USAGE ON SCHEMA eventstore, SELECT ON ALL TABLES IN SCHEMA eventstore TO sa_auditor;
 *
 *   -- the app role needs no other privilege: live subscribers are woken by `SELECT pg_notify(…)`.
 *
 * On top of the grants, triggers refuse UPDATE, DELETE and TRUNCATE of `events` for every role
 * (a superuser can still bypass them; the hash chain makes that detectable: see verifyStore).
 */
export interface Migration {
  version: number;
  name: string;
  sql(schema: string, channel: string): string;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_RE.test(schema)) {
    throw new TypeError(`Invalid schema name ${JSON.stringify(schema)}: lower-case letters, digits and _ only`);
  }
}

/** LISTEN/NOTIFY channel of a schema (≤ 63 bytes). */
export function notifyChannel(schema: string): string {
  const channel = `sa_es_${schema}`;
  if (channel.length <= 63) return channel;
  return `sa_es_${createHash('sha1').update(schema).digest('hex').slice(0, 32)}`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, streams, append-only triggers, notification',
    sql: (schema, channel) => {
      const s = quoteIdent(schema);
      const ch = channel.replace(/'/g, "''");
      return `
-- The event log. Append-only: see the triggers below and the grants in migrations.ts / README.md.
CREATE TABLE ${s}.events (
  position       bigserial   PRIMARY KEY,
  -- Writing transaction. Readers of the global log only read rows with tx_id below the xmin of their
  -- snapshot, so a row committed late by a concurrent transaction is never skipped.
  tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id      text        NOT NULL,
  category       text        GENERATED ALWAYS AS (split_part(stream_id, '-', 1)) STORED,
  revision       bigint      NOT NULL CHECK (revision >= 0),
  event_id       uuid        NOT NULL,
  type           text        NOT NULL,
  schema_version integer     NOT NULL CHECK (schema_version >= 1),
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  prev_hash      text        NULL CHECK ((revision = 0) = (prev_hash IS NULL)),
  hash           text        NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision),
  CONSTRAINT events_stream_event_id_key UNIQUE (stream_id, event_id)
);
CREATE INDEX events_tx_position_idx ON ${s}.events (tx_id, position);
CREATE INDEX events_category_tx_position_idx ON ${s}.events (category, tx_id, position);
CREATE INDEX events_event_id_idx ON ${s}.events (event_id);

COMMENT ON TABLE ${s}.events IS
  'Append-only event log. UPDATE, DELETE and TRUNCATE are refused by trigger; the app role has SELECT, INSERT only.';

-- The mutable head of each stream: writers compare-and-set its revision to serialise appends.
CREATE TABLE ${s}.streams (
  stream_id   text        PRIMARY KEY,
  revision    bigint      NOT NULL DEFAULT -1 CHECK (revision >= -1),
  last_hash   text        NULL,
  metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION ${s}.refuse_event_mutation() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'event store is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Events are never changed or removed. Append a compensating event instead.';
END
$fn$;

CREATE TRIGGER events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_event_mutation();
CREATE TRIGGER events_refuse_truncate
  BEFORE TRUNCATE ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_event_mutation();

CREATE FUNCTION ${s}.refuse_stream_head_rewind() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'stream heads are never deleted (%.%)', TG_TABLE_SCHEMA, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'stream head of % cannot move back from revision % to %', OLD.stream_id, OLD.revision, NEW.revision
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER streams_refuse_rewind
  BEFORE UPDATE ON ${s}.streams
  FOR EACH ROW WHEN (NEW.revision < OLD.revision) EXECUTE FUNCTION ${s}.refuse_stream_head_rewind();
CREATE TRIGGER streams_refuse_delete
  BEFORE DELETE ON ${s}.streams
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_stream_head_rewind();

-- Wakes live subscribers (delivered at commit; a statement trigger so one append = one notification).
CREATE FUNCTION ${s}.notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER events_notify_appended
  AFTER INSERT ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.notify_events_appended('${ch}');
`;
    },
  },
  {
    version: 2,
    name: 'notify from the application after commit instead of a statement trigger',
    // NOTIFY takes a database-wide lock at commit: sent from every appending transaction it serialised
    // all appends (measured: half the append throughput). The store now sends one coalesced NOTIFY after
    // commit; subscribers also poll, so an append made outside the store is still seen.
    sql: (schema) => {
      const s = quoteIdent(schema);
      return `
DROP TRIGGER IF EXISTS events_notify_appended ON ${s}.events;
DROP FUNCTION IF EXISTS ${s}.notify_events_appended();
`;
    },
  },
  {
    version: 3,
    name: 'find a case across contexts: indexes on the correlation id and on the id part of the stream id',
    // The audit tooling reads every event of one case: metadata.correlationId = case id, or a stream
    // named `<category>-<caseId>`. Without these it scans the whole log.
    sql: (schema) => {
      const s = quoteIdent(schema);
      return `
CREATE INDEX IF NOT EXISTS events_correlation_id_idx ON ${s}.events ((metadata->>'correlationId'));
CREATE INDEX IF NOT EXISTS events_stream_entity_id_idx ON ${s}.events ((substr(stream_id, strpos(stream_id, '-') + 1)));
`;
    },
  },
  {
    version: 4,
    name: "find a case's regular payments inside the payment run's batch events (one PaymentBatchIssued per batch of lines)",
    // A batch event is correlated with its run, not with the cases it pays; the audit finds a case's lines by
    // containment (`data->'payments' @> [{"caseId": …}]`). Partial: only batch events are indexed.
    sql: (schema) => {
      const s = quoteIdent(schema);
      return `
CREATE INDEX IF NOT EXISTS events_payment_batch_cases_idx ON ${s}.events USING gin ((data->'payments') jsonb_path_ops) WHERE type = 'PaymentBatchIssued';
`;
    },
  },
  {
    version: 5,
    name: "an event that concerns several cases names them in metadata.caseIds: one narrow index instead of the GIN over every payment line",
    // Migration 4's GIN indexed every key path of every line of a PaymentBatchIssued (~13 entries per payment, ~13 k
    // per 1,000-line batch): about half of the batch event's write. An event that concerns several cases now carries
    // them in `metadata.caseIds` (the payment run sets it), indexed once per case (jsonb_path_ops over a string
    // array). The old index is kept only for the batch events written before (no caseIds), so that audit and the
    // personal-data report still find those; it no longer grows.
    sql: (schema) => {
      const s = quoteIdent(schema);
      return `
CREATE INDEX IF NOT EXISTS events_case_ids_idx ON ${s}.events USING gin ((metadata->'caseIds') jsonb_path_ops) WHERE metadata ? 'caseIds';
CREATE INDEX IF NOT EXISTS events_payment_batch_legacy_cases_idx ON ${s}.events USING gin ((data->'payments') jsonb_path_ops)
  WHERE type = 'PaymentBatchIssued' AND NOT (metadata ? 'caseIds');
DROP INDEX IF EXISTS ${s}.events_payment_batch_cases_idx;
`;
    },
  },
];

/**
 * Applies the pending migrations in one transaction, serialised across processes by a transaction-scoped
 * advisory lock (two processes migrating at once: the second waits, then finds nothing to do).
 * Returns the versions applied by this call.
 */
export async function migrate(pool: Pool, schema = 'eventstore'): Promise<number[]> {
  assertSchemaName(schema);
  const s = quoteIdent(schema);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sa.eventstore.migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
         version    integer     PRIMARY KEY,
         name       text        NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
    const have = new Set(done.rows.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (have.has(m.version)) continue;
      await client.query(m.sql(schema, notifyChannel(schema)));
      await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
