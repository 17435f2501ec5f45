import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import { CLOCK, shanghaiDate, WORKING_DAY_CALENDAR, type Clock, type WorkingDays } from '@sa/time';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../../config';
import { openColumn, openText } from '../../read-models/sealed-columns';
import { dateOpenPaperwork } from '../../read-models/paperwork-due-dates';
import { DISBURSEMENT_MIGRATED } from '../../read-models/tokens';
import type { Page } from '../../shared/paging';

/** CALENDAR_MISSING: paid, the paperwork due date open because its year's 节假日安排 is not published yet. */
export const ADVANCE_STATUSES = ['APPROVED', 'PAID', 'CALENDAR_MISSING', 'OVERDUE', 'COMPLETED'] as const;
export type AdvanceStatus = (typeof ADVANCE_STATUSES)[number];

/** One line of the 先行救助 list: the approval decision it traces to and, once paid, the payment. */
export interface AdvanceListItem {
  advanceId: string;
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  amountFen: number;
  advanceLimitFen: number;
  policyVersion: string;
  reason: string;
  approvalEventId: string;
  approvedBy: { id: string; role: string; jurisdiction: string };
  approvedOn: string;
  recipientName: string | null;
  bankAccountMasked: string | null;
  paymentId: string | null;
  paidOn: string | null;
  paperworkDueOn: string | null;
  /** The year whose 节假日安排 is missing while the paperwork due date is open. */
  paperworkCalendarMissing: number | null;
  completedOn: string | null;
  late: boolean | null;
  status: AdvanceStatus;
}

/** 先行救助 of a jurisdiction (already checked against the caller's), filtered, paged. */
export class ListEmergencyAdvancesQuery {
  constructor(
    readonly jurisdiction: string,
    readonly filter: { status?: AdvanceStatus; caseNumber?: string },
    readonly limit: number,
    readonly offset: number,
  ) {}
}

@QueryHandler(ListEmergencyAdvancesQuery)
export class ListEmergencyAdvancesHandler implements IQueryHandler<ListEmergencyAdvancesQuery> {
  private readonly s: string;
  private readonly schema: string;
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDays,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
    this.schema = config.DATABASE_SCHEMA;
  }

  /**
   * 先行救助 of a jurisdiction, newest approval first, paged: each approved advance with the decision it
   * traces to (approval event, approver, policy version, reason) and, once paid, its payment and the
   * paperwork deadline. status: APPROVED (to pay), PAID, OVERDUE (paperwork late), COMPLETED.
   */
  async execute({ jurisdiction, filter, limit, offset }: ListEmergencyAdvancesQuery): Promise<Page<AdvanceListItem>> {
    const today = shanghaiDate(this.clock.now());
    // Due dates left open for a year whose calendar has been published since are dated first.
    await dateOpenPaperwork(this.pool, this.schema, this.calendar);
    // One row per approval (a paid advance joins its payment); the status is computed once, for the filter and the list.
    const base = `SELECT a.advance_id AS "advanceId", a.case_id AS "caseId", a.case_number AS "caseNumber", a.jurisdiction,
                a.amount_fen::text AS "amountFen", a.advance_limit_fen::text AS "advanceLimitFen", a.policy_version AS "policyVersion",
                a.reason, a.approval_event_id AS "approvalEventId", a.approved_by AS "approvedBy", a.approved_on,
                to_char(a.approved_on, 'YYYY-MM-DD') AS "approvedOn",
                a.recipient AS "recipientSealed",
                e.payment_id AS "paymentId", to_char(e.paid_on, 'YYYY-MM-DD') AS "paidOn", to_char(e.paperwork_due_on, 'YYYY-MM-DD') AS "paperworkDueOn", e.paperwork_calendar_missing AS "paperworkCalendarMissing",
                to_char(e.completed_on, 'YYYY-MM-DD') AS "completedOn", e.late,
                CASE WHEN e.advance_id IS NULL THEN 'APPROVED' WHEN e.completed_on IS NOT NULL THEN 'COMPLETED'
                     WHEN e.paperwork_due_on IS NULL THEN 'CALENDAR_MISSING' WHEN e.paperwork_due_on < $2::date THEN 'OVERDUE' ELSE 'PAID' END AS status
           FROM ${this.s}.approved_advances a LEFT JOIN ${this.s}.emergency_advances e ON e.advance_id = a.advance_id
          WHERE a.jurisdiction LIKE $1 || '%'`;
    const params: unknown[] = [jurisdiction, today];
    const where: string[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.caseNumber) {
      params.push(filter.caseNumber);
      where.push(`"caseNumber" = $${params.length}`);
    }
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ rows }, count] = await Promise.all([
      this.pool.query(`SELECT * FROM (${base}) l ${cond} ORDER BY approved_on DESC, "advanceId" LIMIT ${limit} OFFSET ${offset}`, params),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${base}) l ${cond}`, params),
    ]);
    return {
      items: await Promise.all(
        rows.map(async ({ approved_on: _on, recipientSealed, ...r }) => {
          // the payee is sealed in the row (issue 18): opened here for the name and the masked account
          const payee = await openColumn<{ name?: string; bankAccountMasked?: string } | null>('approved_advances.recipient', recipientSealed, r.caseId);
          return {
            ...r,
            reason: await openText('approved_advances.reason', r.reason, r.caseId),
            recipientName: payee?.name ?? null,
            bankAccountMasked: payee?.bankAccountMasked ?? null,
            amountFen: Number(r.amountFen),
            advanceLimitFen: Number(r.advanceLimitFen),
            late: r.late ?? null,
          } as AdvanceListItem;
        }),
      ),
      total: count.rows[0]?.n ?? 0,
      limit,
      offset,
    };
  }
}
