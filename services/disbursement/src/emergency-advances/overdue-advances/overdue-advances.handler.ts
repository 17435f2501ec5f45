import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import { CLOCK, shanghaiDate, WORKING_DAY_CALENDAR, type Clock, type WorkingDays } from '@sa/time';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../../config';
import { openText } from '../../read-models/sealed-columns';
import { dateOpenPaperwork } from '../../read-models/paperwork-due-dates';
import { DISBURSEMENT_MIGRATED } from '../../read-models/tokens';

/** The advances of a jurisdiction whose paperwork is overdue today. */
export class OverdueAdvancesQuery {
  constructor(readonly jurisdiction: string) {}
}

@QueryHandler(OverdueAdvancesQuery)
export class OverdueAdvancesHandler implements IQueryHandler<OverdueAdvancesQuery> {
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

  async execute({ jurisdiction }: OverdueAdvancesQuery) {
    const today = shanghaiDate(this.clock.now());
    // Due dates left open for a year whose calendar has been published since are dated first.
    await dateOpenPaperwork(this.pool, this.schema, this.calendar);
    const { rows } = await this.pool.query(
      `SELECT advance_id AS "advanceId", case_id AS "caseId", case_number AS "caseNumber", jurisdiction, amount_fen::int AS "amountFen",
              reason, to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", to_char(paperwork_due_on, 'YYYY-MM-DD') AS "paperworkDueOn"
         FROM ${this.s}.emergency_advances
        WHERE completed_on IS NULL AND paperwork_due_on < $2::date AND jurisdiction LIKE $1 || '%'
        ORDER BY paperwork_due_on, advance_id`,
      [jurisdiction, today],
    );
    // the reason is sealed in the row (issue 18): opened for the list
    return { today, items: await Promise.all(rows.map(async (r: { caseId: string; reason: string }) => ({ ...r, reason: await openText('emergency_advances.reason', r.reason, r.caseId) }))) };
  }
}
