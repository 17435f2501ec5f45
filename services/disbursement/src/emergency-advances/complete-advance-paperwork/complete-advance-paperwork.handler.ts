import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, assertJurisdiction } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { APP_CONFIG } from '@sa/platform';
import { WORKING_DAY_CALENDAR, type WorkingDays } from '@sa/time';
import type { Pool } from 'pg';
import { DisbursementPipelines } from '../../commands/disbursement-pipelines';
import type { DisbursementConfig } from '../../config';
import { paperworkDueDate } from '../../read-models/paperwork-due-dates';
import { DISBURSEMENT_MIGRATED } from '../../read-models/tokens';

/** 补办手续: the paperwork of a paid advance is complete (the temporary-assistance decision `decisionId`). */
export class CompleteAdvancePaperworkCommand {
  constructor(
    readonly advanceId: string,
    readonly decisionId: string,
    readonly actor: Actor,
  ) {}
}

/** The paperwork completed today (late when after its due date); the advance leaves the overdue list. */
@CommandHandler(CompleteAdvancePaperworkCommand)
export class CompleteAdvancePaperworkHandler implements ICommandHandler<CompleteAdvancePaperworkCommand> {
  private readonly s: string;
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly pipelines: DisbursementPipelines,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDays,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async execute({ advanceId, decisionId, actor }: CompleteAdvancePaperworkCommand) {
    const { rows } = await this.pool.query<{ jurisdiction: string; case_id: string; paid_on: string; days: number; due_on: string | null }>(
      `SELECT e.jurisdiction, e.case_id, to_char(e.paid_on, 'YYYY-MM-DD') AS paid_on, a.paperwork_working_days AS days, to_char(e.paperwork_due_on, 'YYYY-MM-DD') AS due_on
         FROM ${this.s}.emergency_advances e JOIN ${this.s}.approved_advances a ON a.advance_id = e.advance_id WHERE e.advance_id = $1`,
      [advanceId],
    );
    const row = rows[0];
    if (!row) throw new DomainError('advance_not_paid', 'No such emergency advance', { kind: 'not_found' });
    assertJurisdiction(actor, row.jurisdiction);
    // The due date as the calendar knows it now (the read model's, dated since, or counted again; null while its year
    // is missing): the decider uses it only when the payment left the date open.
    const dated = { paperworkDueOn: row.due_on ?? paperworkDueDate(this.calendar, row.paid_on, row.days).dueOn };
    const result = await this.pipelines.emergencyAdvance.handle(
      advanceId,
      { type: 'CompleteAdvancePaperwork', data: { decisionId, ...dated } },
      { actor, correlationId: row.case_id, causationId: decisionId },
    );
    const dueOn = result.state.paid?.paperworkDueOn ?? result.state.completion?.paperworkDueOn ?? null;
    const late = result.state.completion?.late ?? null;
    await this.pool.query(
      `UPDATE ${this.s}.emergency_advances SET completed_on = $2, late = $3,
              paperwork_due_on = COALESCE(paperwork_due_on, $4::date), paperwork_calendar_missing = CASE WHEN COALESCE(paperwork_due_on, $4::date) IS NULL THEN paperwork_calendar_missing END
        WHERE advance_id = $1`,
      [advanceId, result.state.completedOn, late, dueOn],
    );
    return { advanceId, completedOn: result.state.completedOn, late, paperworkDueOn: dueOn };
  }
}
