import { Inject, Optional } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { BLIND_INDEX_SUBJECT, blindIndexWith, ReadLog, type KeyStore, type ReadLogEntry } from '@sa/crypto';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { LedgerFormat } from '@sa/documents';
import { APP_CONFIG, KEY_STORE } from '@sa/platform';
import type { Pool } from 'pg';
import type { EligibilityConfig } from '../config';
import type { HouseholdDocument } from '../read-models/household.projection';
import { openHousehold } from '../read-models/review-case.processor';

/** Households read per query (keyset pages: memory stays flat whatever the ledger's size). */
export const HOUSEHOLD_LEDGER_PAGE = 1000;
/** Households decrypted at once within a page. */
const DECRYPT_CONCURRENCY = 16;

export interface HouseholdRow {
  case_id: string;
  case_number: string | null;
  program: string | null;
  jurisdiction: string;
  benefit_status: string | null;
  monthly_amount_fen: string | null;
  start_month: string | null;
  household_size: number | null;
  household: HouseholdDocument | null;
}

export interface HouseholdLedgerQuery {
  division: string;
  programme?: string;
  format: LedgerFormat;
  /** Stated purpose: resident IDs in full, each household's read logged. Absent: masked. */
  purpose?: string;
}

/** The households ledger's rows (checked query, caller): pages of opened households, read-logged when the query states a purpose. */
export class HouseholdLedgerPagesQuery {
  constructor(
    readonly query: HouseholdLedgerQuery,
    readonly actor: Actor,
  ) {}
}

/**
 * 台账 rows from the read models (`review_cases`, `review_case_households`) in keyset pages, returned as
 * an async iterable: each page's sealed households are opened (decrypted) — and, with a stated purpose,
 * recorded in the key store's read log — only when the caller asks for that page, so the service's
 * memory does not grow with the ledger.
 */
@QueryHandler(HouseholdLedgerPagesQuery)
export class HouseholdLedgerPagesHandler implements IQueryHandler<HouseholdLedgerPagesQuery, AsyncIterable<HouseholdRow[]>> {
  private readonly s: string;
  private readonly readLog: ReadLog;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: EligibilityConfig,
    @Optional() @Inject(KEY_STORE) private readonly keys: KeyStore | null = null,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
    // the deployment's shared read log; with field encryption off, one in the service's schema
    this.readLog = keys?.readLog ?? new ReadLog(pool, config.DATABASE_SCHEMA);
  }

  async execute({ query, actor }: HouseholdLedgerPagesQuery): Promise<AsyncIterable<HouseholdRow[]>> {
    return this.opened(query, actor);
  }

  private async *opened(q: HouseholdLedgerQuery, actor: Actor): AsyncGenerator<HouseholdRow[]> {
    const blindKey = q.purpose && this.keys ? (await this.keys.dataKeys.keyFor(BLIND_INDEX_SUBJECT)).key : undefined;
    for await (const page of this.pages(q)) {
      const opened = await this.open(page);
      if (q.purpose) await this.readLog.recordMany(opened.map((h) => this.readEntry(actor, h, q.purpose!, blindKey)));
      yield opened;
    }
  }

  /** Keyset pages of the division's approved cases (division byte order, then case id). */
  private async *pages(q: HouseholdLedgerQuery): AsyncGenerator<HouseholdRow[]> {
    const params: unknown[] = [`${q.division}%`, ...(q.programme ? [q.programme] : [])];
    const filter = `c.status = 'APPROVED' AND c.jurisdiction COLLATE "C" LIKE $1${q.programme ? ' AND c.program = $2' : ''}`;
    let after: { jurisdiction: string; caseId: string } | null = null;
    for (;;) {
      const keyset: string = after ? ` AND (c.jurisdiction COLLATE "C", c.case_id) > ($${params.length + 1} COLLATE "C", $${params.length + 2}::uuid)` : '';
      const { rows }: { rows: HouseholdRow[] } = await this.pool.query<HouseholdRow>(
        `SELECT c.case_id, c.case_number, c.program, c.jurisdiction, c.benefit_status, c.monthly_amount_fen, c.start_month, c.household_size, h.household
           FROM ${this.s}.review_cases c LEFT JOIN ${this.s}.review_case_households h USING (case_id)
          WHERE ${filter}${keyset}
          ORDER BY c.jurisdiction COLLATE "C", c.case_id LIMIT ${HOUSEHOLD_LEDGER_PAGE}`,
        after ? [...params, after.jurisdiction, after.caseId] : params,
      );
      if (rows.length > 0) yield rows;
      if (rows.length < HOUSEHOLD_LEDGER_PAGE) return;
      const last: HouseholdRow = rows[rows.length - 1]!;
      after = { jurisdiction: last.jurisdiction, caseId: last.case_id };
    }
  }

  /** Decrypts one page's households (a few at a time). */
  private async open(page: HouseholdRow[]): Promise<HouseholdRow[]> {
    const fields = this.keys?.fields;
    if (!fields) return page;
    await fields.preloadKeys(page.map((r) => r.household)); // the page's case keys in one query
    const out: HouseholdRow[] = new Array(page.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < page.length; i = next++) {
        const r = page[i]!;
        out[i] = r.household ? { ...r, household: await openHousehold(r.household, r.case_id, fields) } : r;
      }
    };
    await Promise.all(Array.from({ length: Math.min(DECRYPT_CONCURRENCY, page.length) }, worker));
    return out;
  }

  private readEntry(actor: Actor, h: HouseholdRow, purpose: string, blindKey: Buffer | undefined): ReadLogEntry {
    const ids = (h.household?.members ?? []).map((m) => m.residentId).filter((id): id is string => typeof id === 'string' && id.length === 18);
    return {
      actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
      subject: h.case_id,
      persons: blindKey ? ids.map((id) => blindIndexWith(blindKey, 'residentId', id.trim().toUpperCase())) : [],
      fields: ['household.members.name', 'household.members.residentId'],
      purpose,
      channel: 'http GET /eligibility/ledgers/households',
    };
  }
}
