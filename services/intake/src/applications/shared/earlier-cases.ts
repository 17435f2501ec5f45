import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { type EarlierCase } from '../../domain';
import { INTAKE_SCHEMA } from '../../persistence/intake-database';

/**
 * Re-application: the latest case of any of the household's counted members that ended after the
 * decision (refused, terminated, withdrawn after the grant). Found in the read model (the same
 * projection transaction that released the members' reservations marked it CLOSED), then read
 * from the event store so the link carries the decision exactly as recorded.
 */
@Injectable()
export class EarlierCases {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    private readonly commands: IntakePipelines,
  ) {}

  async latestFor(hashes: string[], exceptCaseId: string): Promise<EarlierCase | undefined> {
    if (hashes.length === 0) return undefined;
    const s = quoteIdent(this.schema);
    const { rows } = await this.pool.query<{ case_id: string }>(
      `SELECT a.case_id::text AS case_id FROM ${s}.applications a
         JOIN ${s}.application_people p ON p.case_id = a.case_id
        WHERE p.resident_id_hash = ANY($1::text[]) AND a.status = 'CLOSED' AND a.case_id <> $2::uuid
        ORDER BY a.closed_decided_on DESC NULLS LAST, a.closed_on DESC, a.case_number DESC
        LIMIT 1`,
      [hashes, exceptCaseId],
    );
    if (!rows[0]) return undefined;
    const { state } = await this.commands.application.aggregate(rows[0].case_id);
    if (state.status !== 'CLOSED' || !state.closure || !state.caseId || !state.caseNumber) return undefined;
    const c = state.closure;
    return {
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      outcome: c.outcome,
      decisionId: c.decisionId,
      decidedOn: c.decidedOn,
      reason: c.reason,
      reasonCodes: c.reasonCodes,
    };
  }
}
