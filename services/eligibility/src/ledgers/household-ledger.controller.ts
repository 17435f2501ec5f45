import { Controller, Get, Inject, Logger, Optional, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, CurrentActor, Roles, type Actor } from '@sa/auth';
import { BLIND_INDEX_SUBJECT, blindIndexWith, ReadLog, SHREDDED, type KeyStore, type ReadLogEntry } from '@sa/crypto';
import { maskResidentId } from '@sa/contracts';
import { PG_POOL, quoteIdent } from '@sa/database';
import { LEDGER_FORMATS, LEDGER_MEDIA_TYPES, openLedgerSink, yuanText, type LedgerColumn, type LedgerFormat } from '@sa/documents';
import { ValidationProblemException } from '@sa/errors';
import { APP_CONFIG, KEY_STORE } from '@sa/platform';
import type { Response } from 'express';
import type { Pool } from 'pg';
import type { EligibilityConfig } from '../config';
import type { HouseholdDocument, LedgerMember } from '../read-models/household.projection';
import { openHousehold } from '../read-models/review-case.processor';

export const PROGRAMMES = ['MINIMUM_LIVING_ALLOWANCE', 'EXTREME_POVERTY_SUPPORT', 'LOW_INCOME_MARGINAL', 'TEMPORARY_ASSISTANCE'];
const PROGRAMME_ZH: Record<string, string> = { MINIMUM_LIVING_ALLOWANCE: '最低生活保障', EXTREME_POVERTY_SUPPORT: '特困人员救助供养', LOW_INCOME_MARGINAL: '低保边缘家庭', TEMPORARY_ASSISTANCE: '临时救助' };
const BENEFIT_ZH: Record<string, string> = { ACTIVE: '在保', SUSPENDED: '暂停发放', TAPERING: '渐退', TERMINATED: '已停保' };
const RELATION_ZH: Record<string, string> = {
  APPLICANT: '本人',
  SPOUSE: '配偶',
  CHILD: '子女',
  CHILD_IN_LAW: '子女配偶',
  PARENT: '父母',
  PARENT_IN_LAW: '配偶父母',
  GRANDPARENT: '祖父母',
  GRANDCHILD: '孙子女',
  SIBLING: '兄弟姐妹',
  OTHER: '其他',
};

/** Households read per query (keyset pages: memory stays flat whatever the ledger's size). */
export const HOUSEHOLD_LEDGER_PAGE = 1000;
/** Households decrypted at once within a page. */
const DECRYPT_CONCURRENCY = 16;

/** The read-log purpose must be stated in words (2–200 characters), as for other unmasked reads. */
const PURPOSE_MIN = 2;
const PURPOSE_MAX = 200;

/** `330106199001011234` → `3301**********1234` (first four, last four), as intake masks it. */
export { maskResidentId };

export const HOUSEHOLD_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: '社区(村)代码', key: 'division', width: 14 },
  { header: '案件编号', key: 'caseNumber', width: 22 },
  { header: '保障类别', key: 'programme', width: 16 },
  { header: '保障状态', key: 'status', width: 10 },
  { header: '月保障金额(元)', key: 'amountYuan', width: 14 },
  { header: '起始月份', key: 'startMonth', width: 10 },
  { header: '家庭人口', key: 'householdSize', width: 8 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'residentId', width: 20 },
  { header: '与户主关系', key: 'relation', width: 12 },
  { header: '是否保障对象', key: 'covered', width: 12 },
  { header: '案件ID', key: 'caseId', width: 38 },
];

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

/** Checks the query: 400 problem+json naming each bad field. */
export function householdLedgerQuery(raw: { division?: unknown; programme?: unknown; format?: unknown; purpose?: unknown }): HouseholdLedgerQuery {
  const problems: { field: string; message: string }[] = [];
  const division = raw.division;
  if (typeof division !== 'string' || !/^(\d{6}|\d{9}|\d{12})$/.test(division)) problems.push({ field: 'division', message: 'must be a division code of 6, 9 or 12 digits' });
  const programme = raw.programme;
  if (programme !== undefined && (typeof programme !== 'string' || !PROGRAMMES.includes(programme))) problems.push({ field: 'programme', message: `must be one of ${PROGRAMMES.join(', ')}` });
  const format = raw.format ?? 'xlsx';
  if (typeof format !== 'string' || !(LEDGER_FORMATS as readonly string[]).includes(format)) problems.push({ field: 'format', message: 'must be xlsx or csv' });
  let purpose: string | undefined;
  if (raw.purpose !== undefined) {
    purpose = typeof raw.purpose === 'string' ? raw.purpose.trim() : '';
    if (purpose.length < PURPOSE_MIN || purpose.length > PURPOSE_MAX || [...purpose].some((ch) => ch.charCodeAt(0) < 0x20)) {
      problems.push({ field: 'purpose', message: 'must state the purpose of showing resident IDs in full (2–200 characters), e.g. ?purpose=年度核查' });
    }
  }
  if (problems.length > 0) throw new ValidationProblemException(problems);
  return { division: division as string, format: format as LedgerFormat, ...(programme ? { programme: programme as string } : {}), ...(purpose ? { purpose } : {}) };
}

/**
 * 台账: the households ledger (救助对象台账) — every household with an approved case in the division,
 * one row per member, with its current benefit (programme, monthly amount in 元 from fen, start month,
 * status) — as a streamed .xlsx (exceljs WorkbookWriter) or CSV. Rows come from the read models
 * (`review_cases`, `review_case_households`) in keyset pages; each page's sealed households are
 * opened (decrypted) and written before the next page is read, so the service's memory does not grow
 * with the ledger. Resident IDs are masked unless the caller states a purpose; then every household
 * shown is recorded in the key store's read log (actor, case, persons by blind index, purpose).
 */
@ApiTags('ledgers')
@Controller('eligibility/ledgers')
export class HouseholdLedgerController {
  private readonly s: string;
  private readonly logger = new Logger('HouseholdLedger');
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

  @Get('households')
  @Roles('street_reviewer', 'county_approver', 'auditor')
  @CheckJurisdiction({ query: 'division' })
  @ApiQuery({ name: 'division', description: 'Division code (6, 9 or 12 digits) the caller covers: county, street or community' })
  @ApiQuery({ name: 'programme', required: false, enum: PROGRAMMES })
  @ApiQuery({ name: 'format', required: false, enum: LEDGER_FORMATS, description: 'xlsx (default) or csv' })
  @ApiQuery({ name: 'purpose', required: false, description: 'Stated purpose: resident IDs shown in full, each household recorded in the read log; masked without it' })
  @ApiProduces(LEDGER_MEDIA_TYPES.xlsx, LEDGER_MEDIA_TYPES.csv)
  @ApiOperation({ summary: '救助对象台账: households with members and current benefit, per division and programme, streamed as .xlsx or CSV (resident IDs masked unless ?purpose=, which is logged)' })
  async households(
    @Query('division') division: unknown,
    @Query('programme') programme: unknown,
    @Query('format') format: unknown,
    @Query('purpose') purpose: unknown,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    const q = householdLedgerQuery({ division, programme, format, purpose });
    res.setHeader('Content-Type', LEDGER_MEDIA_TYPES[q.format]);
    res.setHeader('Content-Disposition', `attachment; filename="households-ledger-${q.division}${q.programme ? `-${q.programme}` : ''}.${q.format}"`);
    if (q.purpose) {
      this.logger.log({ audit: 'personal-data-reveal', ledger: 'households', division: q.division, actorId: actor.id, role: actor.role, jurisdiction: actor.jurisdiction, purpose: q.purpose }, 'households ledger with resident IDs in full');
    }
    const sink = openLedgerSink(res, q.format, '救助对象台账', HOUSEHOLD_LEDGER_COLUMNS);
    const blindKey = q.purpose && this.keys ? (await this.keys.dataKeys.keyFor(BLIND_INDEX_SUBJECT)).key : undefined;
    for await (const page of this.pages(q)) {
      const opened = await this.open(page);
      if (q.purpose) await this.readLog.recordMany(opened.map((h) => this.readEntry(actor, h, q.purpose!, blindKey)));
      for (const h of opened) {
        for (const row of ledgerRows(h, q.purpose !== undefined, q.format)) await sink.add(row);
      }
    }
    await sink.end();
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

/** The ledger rows of one household: one per member (a household whose members are unknown: one row). */
export function ledgerRows(h: HouseholdRow, revealed: boolean, format: LedgerFormat): Record<string, string | number | null>[] {
  const fen = h.monthly_amount_fen === null ? null : Number(h.monthly_amount_fen);
  const base = {
    division: h.jurisdiction,
    caseNumber: h.case_number,
    programme: h.program ? (PROGRAMME_ZH[h.program] ?? h.program) : null,
    status: h.benefit_status ? (BENEFIT_ZH[h.benefit_status] ?? h.benefit_status) : h.program === 'TEMPORARY_ASSISTANCE' ? '一次性救助' : null,
    // exact text in CSV ("1040.50"); a number in the workbook (summable)
    amountYuan: fen === null ? null : format === 'csv' ? yuanText(fen) : fen / 100,
    startMonth: h.start_month,
    householdSize: h.household_size,
    caseId: h.case_id,
  };
  const members: LedgerMember[] = h.household?.members.filter((m) => m.included) ?? [];
  if (members.length === 0) return [{ ...base, name: null, residentId: null, relation: null, covered: null }];
  return members.map((m) => ({
    ...base,
    name: m.name,
    residentId: m.residentId === undefined ? null : m.residentId === SHREDDED || !revealed ? maskShown(m.residentId) : m.residentId,
    relation: RELATION_ZH[m.relation] ?? m.relation,
    covered: m.covered ? '是' : '否',
  }));
}

const maskShown = (id: string) => (id === SHREDDED ? SHREDDED : maskResidentId(id));
