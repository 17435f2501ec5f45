/**
 * The audit schema: the read-access log (who read which case, when, why), the checkpoints, and (version 2)
 * the statistics read model (`statistics_facts`, a projection: see read-models/statistics-projection.ts).
 * Plain versioned SQL applied at start-up by @sa/database's runner (each once, under an advisory
 * lock), recorded in `<schema>.audit_migrations`. Version 1 is idempotent (IF NOT EXISTS), so a
 * schema created before the table existed is adopted as it is.
 */
import type { Pool } from 'pg';
import { runSqlMigrations, type SqlMigration } from '@sa/database';
import type { Checkpoint } from '../domain';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export const AUDIT_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'read-access log and checkpoints',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.read_access_log (
        id bigserial PRIMARY KEY,
        read_at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        actor_jurisdiction text NOT NULL,
        case_id uuid NOT NULL,
        action text NOT NULL,
        purpose text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX IF NOT EXISTS read_access_log_case ON ${s}.read_access_log (case_id, read_at);
      CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
        id bigserial PRIMARY KEY,
        global_position text,
        last_hash char(64) NOT NULL,
        event_count bigint NOT NULL,
        taken_at timestamptz NOT NULL,
        taken_by text NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('manual', 'scheduled'))
      );`,
  },
  {
    version: 2,
    name: 'statistics read model: the slim facts of the events the monthly statistics read, projection checkpoints',
    sql: (s) => `
      CREATE TABLE ${s}.statistics_facts (
        commit_position numeric(20, 0) NOT NULL,
        prepare_position numeric(20, 0) NOT NULL,
        stream_id text NOT NULL,
        type text NOT NULL,
        recorded_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (commit_position, prepare_position)
      );
      CREATE INDEX statistics_facts_recorded_at ON ${s}.statistics_facts (recorded_at);
      CREATE TABLE IF NOT EXISTS ${s}.projection_checkpoints (
        name text PRIMARY KEY,
        position text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
];

/** Applies the pending migrations of the audit schema; returns the versions applied now. */
export async function migrateAuditSchema(pool: Pool, schema: string): Promise<number[]> {
  if (!IDENT.test(schema)) throw new TypeError(`Bad schema name: ${schema}`);
  return runSqlMigrations(pool, schema, AUDIT_MIGRATIONS, { table: 'audit_migrations', lockName: 'sa-audit-migrate' });
}

export interface ReadAccess {
  actorId: string;
  actorRole: string;
  actorJurisdiction: string;
  caseId: string;
  action: string;
  purpose: string;
  detail?: Record<string, unknown>;
}

export interface ReadAccessRow extends ReadAccess {
  id: string;
  readAt: string;
}

export interface StoredCheckpoint extends Checkpoint {
  id: string;
  takenBy: string;
  trigger: 'manual' | 'scheduled';
}

export class AuditRecords {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    if (!IDENT.test(schema)) throw new TypeError(`Bad schema name: ${schema}`);
  }

  /** Reads waiting for the next insert, and its promise (see recordRead). */
  private waiting: { reads: ReadAccess[]; written: Promise<void> } | null = null;
  private writing: Promise<void> | null = null;

  /**
   * Logs a read; resolves once the row is committed (the answer is sent only after that). Concurrent reads are
   * written together: while one insert runs, the reads that arrive wait for the next, one multi-row INSERT
   * (32 auditors: one or two commits per round instead of 32; issue 20). A failed insert fails each of its reads.
   */
  recordRead(a: ReadAccess): Promise<void> {
    if (this.waiting) {
      this.waiting.reads.push(a);
      return this.waiting.written;
    }
    const reads = [a];
    const before = this.writing ?? Promise.resolve();
    const written = before
      .catch(() => undefined)
      .then(() => {
        if (this.waiting?.reads === reads) this.waiting = null;
        return this.insertReads(reads);
      });
    this.waiting = { reads, written };
    const tracked = written.finally(() => {
      if (this.writing === tracked) this.writing = null;
    });
    this.writing = tracked;
    tracked.catch(() => undefined);
    return written;
  }

  private async insertReads(reads: ReadAccess[]): Promise<void> {
    const values: unknown[] = [];
    const rows = reads.map((a, i) => {
      values.push(a.actorId, a.actorRole, a.actorJurisdiction, a.caseId, a.action, a.purpose, JSON.stringify(a.detail ?? {}));
      const b = i * 7;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
    });
    await this.pool.query(
      `INSERT INTO "${this.schema}".read_access_log (actor_id, actor_role, actor_jurisdiction, case_id, action, purpose, detail) VALUES ${rows.join(', ')}`,
      values,
    );
  }

  async reads(filter: { caseId?: string; limit?: number }): Promise<ReadAccessRow[]> {
    const { rows } = await this.pool.query<{
      id: string;
      read_at: Date;
      actor_id: string;
      actor_role: string;
      actor_jurisdiction: string;
      case_id: string;
      action: string;
      purpose: string;
      detail: Record<string, unknown>;
    }>(
      `SELECT id::text, read_at, actor_id, actor_role, actor_jurisdiction, case_id::text, action, purpose, detail
         FROM "${this.schema}".read_access_log
        WHERE ($1::uuid IS NULL OR case_id = $1::uuid)
        ORDER BY read_at DESC, id DESC
        LIMIT $2`,
      [filter.caseId ?? null, filter.limit ?? 500],
    );
    return rows.map((r) => ({
      id: r.id,
      readAt: r.read_at.toISOString(),
      actorId: r.actor_id,
      actorRole: r.actor_role,
      actorJurisdiction: r.actor_jurisdiction,
      caseId: r.case_id,
      action: r.action,
      purpose: r.purpose,
      detail: r.detail,
    }));
  }

  async saveCheckpoint(c: Checkpoint, takenBy: string, trigger: 'manual' | 'scheduled'): Promise<StoredCheckpoint> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO "${this.schema}".checkpoints (global_position, last_hash, event_count, taken_at, taken_by, trigger)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
      [c.globalPosition, c.lastHash, c.eventCount, c.takenAt, takenBy, trigger],
    );
    return { ...c, id: rows[0]!.id, takenBy, trigger };
  }

  async checkpoints(limit = 100): Promise<StoredCheckpoint[]> {
    const { rows } = await this.pool.query<{
      id: string;
      global_position: string | null;
      last_hash: string;
      event_count: string;
      taken_at: Date;
      taken_by: string;
      trigger: 'manual' | 'scheduled';
    }>(
      `SELECT id::text, global_position, last_hash, event_count::text, taken_at, taken_by, trigger
         FROM "${this.schema}".checkpoints ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      globalPosition: r.global_position,
      lastHash: r.last_hash,
      eventCount: Number(r.event_count),
      takenAt: r.taken_at.toISOString(),
      takenBy: r.taken_by,
      trigger: r.trigger,
    }));
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    return (await this.checkpoints(1))[0] ?? null;
  }
}
