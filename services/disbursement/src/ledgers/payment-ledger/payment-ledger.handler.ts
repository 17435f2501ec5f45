import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../../config';
import { DISBURSEMENT_MIGRATED } from '../../read-models/tokens';

export interface LedgerRow {
  payment_id: string;
  period: string;
  jurisdiction: string;
  case_number: string;
  program: string;
  kind: string;
  status: string;
  amount_fen: string;
  issued_on: string;
}

/** Rows read per query (keyset pagination: memory stays flat whatever the size). */
export const LEDGER_PAGE = 2000;

/** The payments of the months `from`..`to` in `division` (already checked), optionally of one programme. */
export class PaymentLedgerQuery {
  constructor(
    readonly division: string,
    readonly from: string,
    readonly to: string,
    readonly program: string | undefined,
  ) {}
}

/** The ledger's rows in (period, payment id) order, page by page (keyset): an async iterable the controller streams out. */
@QueryHandler(PaymentLedgerQuery)
export class PaymentLedgerHandler implements IQueryHandler<PaymentLedgerQuery, AsyncIterable<LedgerRow[]>> {
  private readonly s: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async execute({ division, from, to, program }: PaymentLedgerQuery): Promise<AsyncIterable<LedgerRow[]>> {
    const { pool, s } = this;
    return (async function* pages() {
      let after: { period: string; paymentId: string } | null = null;
      const params: unknown[] = [`${division}%`, from, to, ...(program ? [program] : [])];
      const filter = `jurisdiction LIKE $1 AND period BETWEEN $2 AND $3${program ? ' AND program = $4' : ''}`;
      for (;;) {
        const keyset: string = after ? ` AND (period, payment_id) > ($${params.length + 1}, $${params.length + 2}::uuid)` : '';
        const { rows }: { rows: LedgerRow[] } = await pool.query<LedgerRow>(
          `SELECT payment_id, period, jurisdiction, case_number, program, kind, status, amount_fen, to_char(issued_on, 'YYYY-MM-DD') AS issued_on
             FROM ${s}.payments WHERE ${filter}${keyset} ORDER BY period, payment_id LIMIT ${LEDGER_PAGE}`,
          after ? [...params, after.period, after.paymentId] : params,
        );
        if (rows.length > 0) yield rows;
        if (rows.length < LEDGER_PAGE) break;
        const last: LedgerRow = rows[rows.length - 1]!;
        after = { period: last.period, paymentId: last.payment_id };
      }
    })();
  }
}
