import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, CurrentActor, Roles, type Actor } from '@sa/auth';
import { SHREDDED } from '@sa/crypto';
import { maskResidentId } from '@sa/contracts';
import { LEDGER_FORMATS, LEDGER_MEDIA_TYPES, openLedgerSink, yuanText, type LedgerColumn, type LedgerFormat } from '@sa/documents';
import { ValidationProblemException } from '@sa/errors';
import type { Response } from 'express';
import type { LedgerMember } from '../read-models/household.projection';
import { HouseholdLedgerPagesQuery, type HouseholdLedgerQuery, type HouseholdRow } from './household-ledger.handler';

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

export { HOUSEHOLD_LEDGER_PAGE } from './household-ledger.handler';

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

export type { HouseholdRow } from './household-ledger.handler';

export type { HouseholdLedgerQuery } from './household-ledger.handler';

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
  private readonly logger = new Logger('HouseholdLedger');

  constructor(private readonly queryBus: QueryBus) {}

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
    const pages: AsyncIterable<HouseholdRow[]> = await this.queryBus.execute(new HouseholdLedgerPagesQuery(q, actor));
    for await (const page of pages) {
      for (const h of page) {
        for (const row of ledgerRows(h, q.purpose !== undefined, q.format)) await sink.add(row);
      }
    }
    await sink.end();
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
