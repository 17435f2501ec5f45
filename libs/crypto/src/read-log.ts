import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Pool } from 'pg';
import { quoteIdent, runSqlMigrations, type SqlMigration } from '@sa/database';

/**
 * The accountable read log (PIPL arts. 45, 51): every read of a person's unmasked data is recorded
 * with who (actor, role, jurisdiction), when, whose data (the subject — in intake the case — and
 * the blind indexes of the persons shown), which fields and the stated purpose.
 *
 * Tamper-evident: entries form one hash chain (hash = sha256(JCS(entry) ‖ previous hash)), appended
 * under an advisory lock; `verify()` recomputes it. The log holds no clear personal data (persons
 * are blind indexes), so it can be kept after the data itself is shredded.
 */
export const READ_LOG_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 101,
    name: 'read log',
    sql: (s) => `
      CREATE TABLE ${s}.read_log (
        seq bigserial PRIMARY KEY,
        read_at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        actor_jurisdiction text NOT NULL,
        subject text NOT NULL,
        persons text[] NOT NULL DEFAULT '{}',
        fields text[] NOT NULL,
        purpose text NOT NULL,
        channel text NOT NULL,
        prev_hash text,
        hash text NOT NULL
      );
      CREATE INDEX read_log_subject ON ${s}.read_log (subject);
      CREATE INDEX read_log_persons ON ${s}.read_log USING gin (persons);`,
  },
];

export interface ReadLogEntry {
  actor: { id: string; role: string; jurisdiction: string };
  /** The key subject whose data was read (in intake: the case id). */
  subject: string;
  /** Blind indexes (HMAC-SM3) of the resident IDs of the persons whose data was shown. */
  persons?: string[];
  /** Which fields were shown unmasked (JSON paths or column names). */
  fields: string[];
  /** The stated purpose (e.g. 受理审核, 入户调查, 审计); required. */
  purpose: string;
  /** Where the read happened: `http GET /applications/:id`, `cli audit`, … */
  channel: string;
  /** Defaults to now. */
  readAt?: Date;
}

export interface RecordedRead extends Required<Omit<ReadLogEntry, 'readAt'>> {
  seq: number;
  readAt: string;
  hash: string;
  prevHash: string | null;
}

export class MissingPurposeError extends Error {
  constructor() {
    super('a stated purpose is required to read personal data');
    this.name = 'MissingPurposeError';
  }
}

function entryHash(e: Omit<RecordedRead, 'seq' | 'hash'>): string {
  const text = canonicalize({
    readAt: e.readAt,
    actor: e.actor,
    subject: e.subject,
    persons: e.persons,
    fields: e.fields,
    purpose: e.purpose,
    channel: e.channel,
    prevHash: e.prevHash,
  })!;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ReadLog {
  private readonly s: string;
  private migrated?: Promise<unknown>;

  constructor(
    private readonly pool: Pool,
    private readonly schema = 'crypto',
  ) {
    this.s = quoteIdent(schema);
  }

  migrate(): Promise<unknown> {
    this.migrated ??= runSqlMigrations(this.pool, this.schema, READ_LOG_MIGRATIONS, { table: 'read_log_migrations', lockName: 'sa.crypto.read-log' });
    return this.migrated;
  }

  async record(entry: ReadLogEntry): Promise<RecordedRead> {
    return (await this.recordMany([entry]))[0]!;
  }

  /** Several reads (e.g. one list shown), chained in order, in one transaction. */
  async recordMany(entries: readonly ReadLogEntry[]): Promise<RecordedRead[]> {
    for (const entry of entries) if (!entry.purpose || !entry.purpose.trim()) throw new MissingPurposeError();
    if (entries.length === 0) return [];
    await this.migrate();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sa.crypto.read-log:${this.schema}`]);
      const { rows } = await client.query<{ hash: string }>(`SELECT hash FROM ${this.s}.read_log ORDER BY seq DESC LIMIT 1`);
      let prevHash: string | null = rows[0]?.hash ?? null;
      const out: RecordedRead[] = [];
      for (const entry of entries) {
        const base = {
          readAt: (entry.readAt ?? new Date()).toISOString(),
          actor: { id: entry.actor.id, role: entry.actor.role, jurisdiction: entry.actor.jurisdiction },
          subject: entry.subject,
          persons: [...(entry.persons ?? [])].sort(),
          fields: [...entry.fields].sort(),
          purpose: entry.purpose.trim(),
          channel: entry.channel,
          prevHash,
        };
        const hash = entryHash(base);
        const res = await client.query<{ seq: string }>(
          `INSERT INTO ${this.s}.read_log (read_at, actor_id, actor_role, actor_jurisdiction, subject, persons, fields, purpose, channel, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`,
          [base.readAt, base.actor.id, base.actor.role, base.actor.jurisdiction, base.subject, base.persons, base.fields, base.purpose, base.channel, base.prevHash, hash],
        );
        out.push({ ...base, seq: Number(res.rows[0]!.seq), hash });
        prevHash = hash;
      }
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** "Who looked at my file": every read of a subject or of a person (blind index), oldest first. */
  async report(query: { subjects?: string[]; person?: string }): Promise<RecordedRead[]> {
    await this.migrate();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.s}.read_log WHERE subject = ANY($1::text[]) OR ($2::text IS NOT NULL AND $2 = ANY(persons)) ORDER BY seq`,
      [query.subjects ?? [], query.person ?? null],
    );
    return rows.map(toRecorded);
  }

  /** Recomputes the chain; returns the first broken sequence number, or null when intact. */
  async verify(): Promise<{ ok: boolean; checked: number; brokenAt: number | null }> {
    await this.migrate();
    const { rows } = await this.pool.query(`SELECT * FROM ${this.s}.read_log ORDER BY seq`);
    let prev: string | null = null;
    let checked = 0;
    for (const row of rows) {
      const r = toRecorded(row);
      const { seq, hash, ...rest } = r;
      if (r.prevHash !== prev || entryHash(rest) !== hash) return { ok: false, checked, brokenAt: seq };
      prev = hash;
      checked++;
    }
    return { ok: true, checked, brokenAt: null };
  }
}

function toRecorded(row: Record<string, unknown>): RecordedRead {
  return {
    seq: Number(row.seq),
    readAt: (row.read_at as Date).toISOString(),
    actor: { id: row.actor_id as string, role: row.actor_role as string, jurisdiction: row.actor_jurisdiction as string },
    subject: row.subject as string,
    persons: row.persons as string[],
    fields: row.fields as string[],
    purpose: row.purpose as string,
    channel: row.channel as string,
    prevHash: (row.prev_hash as string | null) ?? null,
    hash: row.hash as string,
  };
}
