import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { assertJurisdiction, type Actor, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG, PageQueryDto, pageRequest } from '@sa/platform';
import { IsOptional, Matches } from 'class-validator';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../config';
import { DISBURSEMENT_MIGRATED } from '../read-models/tokens';

/** `?jurisdiction=&page=&pageSize=` (400 problem+json naming the field; unknown parameters refused by the global pipe). */
export class ListReturnedPaymentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '440305', description: "Division code (default: the caller's)" })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: 'jurisdiction must be a division code of 6, 9 or 12 digits' })
  jurisdiction?: string;
}

export interface ReturnedPaymentItem {
  paymentId: string;
  runId: string | null;
  caseId: string;
  caseNumber: string;
  period: string;
  program: string;
  amountFen: number;
  returnReason: string | null;
  returnedOn: string | null;
}

/**
 * 待重新发放: payments the bank sent back (RETURNED) and not yet reissued, oldest return first — the
 * disbursement officer's queue; each is reissued with `POST /disbursement/payments/:paymentId/reissue`.
 * No recipient here (the line, the reason, the run it belongs to).
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('disbursement/returned-payments')
export class ReturnedPaymentsController {
  private readonly s: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  @Get()
  @Roles('disbursement_officer', 'auditor')
  @ApiOperation({ summary: '待重新发放: returned payments not yet reissued, oldest return first, paged' })
  @ApiOkResponse({ description: '{ items: [{ paymentId, runId, caseId, caseNumber, period, program, amountFen, returnReason, returnedOn }], total, page, pageSize }' })
  async list(@Query() q: ListReturnedPaymentsQueryDto, @CurrentActor() actor: Actor) {
    const scope = q.jurisdiction ?? actor.jurisdiction;
    assertJurisdiction(actor, scope, 'jurisdiction');
    const { page, pageSize } = pageRequest(q);
    const where = `status = 'RETURNED' AND jurisdiction LIKE $1 || '%'`;
    const [count, { rows }] = await Promise.all([
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.payments WHERE ${where}`, [scope]),
      this.pool.query(
        `SELECT payment_id AS "paymentId", run_id AS "runId", case_id AS "caseId", case_number AS "caseNumber", period, program, amount_fen::bigint AS "amountFen",
                return_reason AS "returnReason", to_char(returned_on, 'YYYY-MM-DD') AS "returnedOn"
           FROM ${this.s}.payments WHERE ${where}
          ORDER BY returned_on NULLS LAST, payment_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        [scope],
      ),
    ]);
    const items: ReturnedPaymentItem[] = rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
    return { items, total: count.rows[0]?.n ?? 0, page, pageSize };
  }
}
