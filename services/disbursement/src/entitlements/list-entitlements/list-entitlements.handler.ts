import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import { CLOCK, shanghaiDate, type Clock } from '@sa/time';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../../config';
import { amountForPeriod, type EntitlementState } from '../../domain';
import { openRows } from '../../read-models/sealed-columns';
import type { Page } from '../../shared/paging';

/** One line of 待遇名单: what is owed this month and on which decision; the payee by name and masked account only. */
export interface EntitlementListItem {
  caseId: string;
  caseNumber: string;
  program: string;
  jurisdiction: string;
  startMonth: string;
  currentMonth: string;
  status: string;
  amountFen: number;
  decisionId: string | null;
  recipientName: string | null;
  bankAccountMasked: string | null;
  pendingBankAccountChange: boolean;
  arrearsCount: number;
  recoveriesCount: number;
}

/** 待遇名单 of a jurisdiction (already checked against the caller's), by case number, paged. */
export class ListEntitlementsQuery {
  constructor(
    readonly scope: string,
    readonly caseNumber: string | undefined,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

@QueryHandler(ListEntitlementsQuery)
export class ListEntitlementsHandler implements IQueryHandler<ListEntitlementsQuery> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: DisbursementConfig,
  ) {}

  async execute({ scope, caseNumber, limit, offset }: ListEntitlementsQuery): Promise<Page<EntitlementListItem>> {
    const s = quoteIdent(this.config.DATABASE_SCHEMA);
    // district first (its index), then the jurisdiction prefix; the case number, when given, exactly.
    const params: unknown[] = [scope.slice(0, 6), scope];
    let where = `district = $1 AND jurisdiction LIKE $2 || '%'`;
    if (caseNumber !== undefined && caseNumber.trim() !== '') {
      params.push(caseNumber.trim());
      where += ` AND case_number = $3`;
    }
    const [{ rows }, count] = await Promise.all([
      this.pool.query<{ case_id: string; state: EntitlementState }>(`SELECT case_id, state FROM ${s}.entitlements WHERE ${where} ORDER BY case_number, case_id LIMIT ${limit} OFFSET ${offset}`, params),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.entitlements WHERE ${where}`, params),
    ]);
    const month = shanghaiDate(this.clock.now()).slice(0, 7);
    // the payee is sealed in the row (issue 18): opened for the list, which shows the name and the masked account
    const opened = await openRows('entitlements.state', 'state', rows);
    return {
      items: opened.map(({ state }) => {
        const current = amountForPeriod(state, month);
        return {
          caseId: state.caseId,
          caseNumber: state.caseNumber,
          program: state.program,
          jurisdiction: state.jurisdiction,
          startMonth: state.startMonth,
          currentMonth: month,
          status: current.status,
          amountFen: current.amountFen,
          decisionId: current.decisionId ?? state.decisionIds.at(-1) ?? null,
          recipientName: state.recipient?.name ?? null,
          bankAccountMasked: state.recipient?.bankAccountMasked ?? null,
          pendingBankAccountChange: Boolean(state.pendingBankAccountChange),
          arrearsCount: state.arrears.length,
          recoveriesCount: state.recoveries.length,
        };
      }),
      total: count.rows[0]?.n ?? 0,
      limit,
      offset,
    };
  }
}
