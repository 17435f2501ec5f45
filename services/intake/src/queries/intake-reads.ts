import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import { ReadLog, type KeyStore, type RecordedRead } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { KEY_STORE } from '@sa/platform';
import type { Pool } from 'pg';
import { INTAKE_SCHEMA } from '../read-models/intake-database';

/** The purpose recorded for reads that show names in lists (the officer's case work). */
export const CASEWORK_PURPOSE = '受理经办';

export interface ShownCase {
  /** The case (key subject) whose personal data was shown. */
  subject: string;
  /** Blind indexes of the resident IDs of the persons shown. */
  persons: string[];
  fields: string[];
}

/**
 * Intake's accountable read log (`<intake schema>.read_log`, @sa/crypto ReadLog, hash-chained):
 * every intake read that shows a person's personal data — the file (masked or revealed), the work
 * queue and search lists (applicant names), overdue leads (names) — is recorded with who, when,
 * which case, which persons (blind indexes), which fields and the purpose. `GET /privacy/read-log`
 * answers "who looked at my file" from it and from the deployment's shared read log
 * (`keyStore.readLog`), where the other contexts record theirs (`@PersonalRead` routes: eligibility's
 * case file, verification, follow-up case, disbursement entitlement; the households ledger; the
 * audit CLI).
 */
@Injectable()
export class IntakeReads {
  readonly log: ReadLog;

  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(INTAKE_SCHEMA) schema: string,
    @Optional() @Inject(KEY_STORE) private readonly keys: KeyStore | null = null,
  ) {
    this.log = new ReadLog(pool, schema);
  }

  /** Every recorded read of these cases or of this person (blind index): intake's log and the shared one, oldest first. */
  async report(query: { subjects: string[]; person?: string }): Promise<RecordedRead[]> {
    const [own, shared] = await Promise.all([this.log.report(query), this.keys ? this.keys.readLog.report(query) : Promise.resolve([])]);
    return [...own, ...shared].sort((a, b) => (a.readAt < b.readAt ? -1 : a.readAt > b.readAt ? 1 : 0));
  }

  async record(actor: Actor, shown: ShownCase[], channel: string, purpose = CASEWORK_PURPOSE): Promise<void> {
    if (shown.length === 0) return;
    await this.log.recordMany(
      shown.map((s) => ({
        actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
        subject: s.subject,
        persons: s.persons,
        fields: s.fields,
        purpose,
        channel,
      })),
    );
  }

  /** A list of applications was shown: each applicant's name, per case. */
  async listed(actor: Actor, rows: { case_id: string; applicant_resident_id_hash: string }[], channel: string): Promise<void> {
    await this.record(
      actor,
      rows.map((r) => ({ subject: r.case_id, persons: [r.applicant_resident_id_hash], fields: ['applicantName'] })),
      channel,
    );
  }
}
