import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, assertJurisdiction } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import { DisbursementPipelines } from '../../commands/disbursement-pipelines';
import type { DisbursementConfig } from '../../config';
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
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async execute({ advanceId, decisionId, actor }: CompleteAdvancePaperworkCommand) {
    const { rows } = await this.pool.query<{ jurisdiction: string; case_id: string }>(`SELECT jurisdiction, case_id FROM ${this.s}.emergency_advances WHERE advance_id = $1`, [advanceId]);
    if (!rows[0]) throw new DomainError('advance_not_paid', 'No such emergency advance', { kind: 'not_found' });
    assertJurisdiction(actor, rows[0].jurisdiction);
    const result = await this.pipelines.emergencyAdvance.handle(
      advanceId,
      { type: 'CompleteAdvancePaperwork', data: { decisionId } },
      { actor, correlationId: rows[0].case_id, causationId: decisionId },
    );
    const late = result.state.paid !== null && (result.state.completedOn ?? '') > result.state.paid.paperworkDueOn;
    await this.pool.query(`UPDATE ${this.s}.emergency_advances SET completed_on = $2, late = $3 WHERE advance_id = $1`, [advanceId, result.state.completedOn, late]);
    return { advanceId, completedOn: result.state.completedOn, late };
  }
}
