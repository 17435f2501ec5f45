import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, Roles } from '@sa/auth';
import { LEDGER_FORMATS, LEDGER_MEDIA_TYPES, openLedgerSink, yuanText, type LedgerColumn, type LedgerFormat } from '@sa/documents';
import { ValidationProblemException } from '@sa/errors';
import type { Response } from 'express';
import { PaymentLedgerQuery, type LedgerRow } from './payment-ledger.handler';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const PROGRAMS = ['MINIMUM_LIVING_ALLOWANCE', 'EXTREME_POVERTY_SUPPORT', 'LOW_INCOME_MARGINAL', 'TEMPORARY_ASSISTANCE'];
const PROGRAM_ZH: Record<string, string> = { MINIMUM_LIVING_ALLOWANCE: '最低生活保障', EXTREME_POVERTY_SUPPORT: '特困人员救助供养', LOW_INCOME_MARGINAL: '低保边缘家庭', TEMPORARY_ASSISTANCE: '临时救助' };
const STATUS_ZH: Record<string, string> = { ISSUED: '已发放', RETURNED: '已退回', REISSUED: '已补发' };
const KIND_ZH: Record<string, string> = { REGULAR: '按月发放', REISSUE: '补发', ARREARS: '补发差额', ADVANCE: '先行救助' };
export const PAYMENT_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: '发放月份', key: 'period', width: 10 },
  { header: '社区(村)代码', key: 'jurisdiction', width: 14 },
  { header: '案件编号', key: 'caseNumber', width: 22 },
  { header: '保障类别', key: 'program', width: 16 },
  { header: '发放类型', key: 'kind', width: 10 },
  { header: '状态', key: 'status', width: 8 },
  { header: '金额(分)', key: 'amountFen', width: 12 },
  { header: '金额(元)', key: 'amountYuan', width: 12 },
  { header: '发放日期', key: 'issuedOn', width: 12 },
  { header: '付款编号', key: 'paymentId', width: 38 },
];

/**
 * 台账: the payments ledger (发放台账) by month as an .xlsx (or CSV), streamed: rows are read in keyset
 * pages and written through @sa/documents' ledger sink (exceljs' streaming WorkbookWriter, each row
 * committed; CSV with backpressure), so a ledger of any size goes out without the service's memory
 * growing. No personal data: case number, community, programme, amounts.
 */
@ApiTags('ledgers')
@Controller('disbursement/ledgers')
export class PaymentLedgerController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('payments')
  @Roles('disbursement_officer', 'county_approver', 'auditor')
  @CheckJurisdiction({ query: 'division' })
  @ApiQuery({ name: 'division', description: 'Division code (6, 9 or 12 digits) the caller covers' })
  @ApiQuery({ name: 'from', description: 'First month YYYY-MM' })
  @ApiQuery({ name: 'to', required: false, description: 'Last month YYYY-MM (default: from)' })
  @ApiQuery({ name: 'program', required: false, enum: PROGRAMS })
  @ApiQuery({ name: 'format', required: false, enum: LEDGER_FORMATS, description: 'xlsx (default) or csv' })
  @ApiProduces(LEDGER_MEDIA_TYPES.xlsx, LEDGER_MEDIA_TYPES.csv)
  @ApiOperation({ summary: '发放台账: every payment of the months, per division and programme, as a streamed .xlsx (one row per payment; amounts in fen and 元)' })
  async payments(
    @Query('division') division: string,
    @Query('from') from: string | undefined,
    @Query('to') toParam: string | undefined,
    @Query('program') program: string | undefined,
    @Query('format') formatParam: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const to = toParam ?? from;
    const problems: { field: string; message: string }[] = [];
    if (typeof from !== 'string' || !MONTH.test(from)) problems.push({ field: 'from', message: 'must be YYYY-MM' });
    if (typeof to !== 'string' || !MONTH.test(to) || (typeof from === 'string' && to < from)) problems.push({ field: 'to', message: 'must be YYYY-MM, not before from' });
    if (program !== undefined && !PROGRAMS.includes(program)) problems.push({ field: 'program', message: `must be one of ${PROGRAMS.join(', ')}` });
    const format = formatParam ?? 'xlsx';
    if (typeof format !== 'string' || !(LEDGER_FORMATS as readonly string[]).includes(format)) problems.push({ field: 'format', message: 'must be xlsx or csv' });
    if (problems.length > 0) throw new ValidationProblemException(problems);
    const fmt = format as LedgerFormat;
    res.setHeader('Content-Type', LEDGER_MEDIA_TYPES[fmt]);
    res.setHeader('Content-Disposition', `attachment; filename="payments-ledger-${division}-${from}-${to}.${fmt}"`);
    const sink = openLedgerSink(res, fmt, '发放台账', PAYMENT_LEDGER_COLUMNS);
    const pages: AsyncIterable<LedgerRow[]> = await this.queryBus.execute(new PaymentLedgerQuery(division, from!, to!, program));
    for await (const rows of pages) {
      for (const r of rows) {
        const fen = Number(r.amount_fen);
        await sink.add({
          period: r.period,
          jurisdiction: r.jurisdiction,
          caseNumber: r.case_number,
          program: PROGRAM_ZH[r.program] ?? r.program,
          kind: KIND_ZH[r.kind] ?? r.kind,
          status: STATUS_ZH[r.status] ?? r.status,
          amountFen: fen,
          amountYuan: fmt === 'csv' ? yuanText(fen) : fen / 100,
          issuedOn: String(r.issued_on),
          paymentId: r.payment_id,
        });
      }
    }
    await sink.end();
  }
}
