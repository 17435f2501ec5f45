import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent } from '@sa/database';
import { ProjectionProcessor } from '@sa/eventstore';
import type { Pool } from 'pg';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { earlierCaseOf, type EarlierCase } from '../../domain';
import { INTAKE_SCHEMA } from '../../read-models/intake-database';

/** How many of the household's latest cases are read to find the one that ended last. */
const CANDIDATES = 5;
/** How long a lookup waits for the read model to reach the end of the log before it reads what is there. */
const CATCH_UP_MS = 3_000;

/**
 * Re-application: the latest case of any of the household's counted members that ended — closed
 * after eligibility's decision (refused, terminated, withdrawn after the grant), not accepted at
 * intake (不予受理), or withdrawn at intake once submitted. The household's latest cases are found in
 * the read model (their rows exist from the draft on), then each is read from the event store, newest
 * first, so the link carries the decision exactly as recorded (`earlierCaseOf`) even when the read
 * model has not yet seen the end (a withdrawal releases the household at once, before its projection).
 * The read model is first brought up to the log's end (at most CATCH_UP_MS): a case drafted, submitted
 * and withdrawn a moment ago may not have its rows yet, and the new case must still link to it.
 */
@Injectable()
export class EarlierCases {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    private readonly commands: IntakePipelines,
    private readonly projections: ProjectionProcessor,
  ) {}

  /** Read-your-writes for the lookup: the projection applies what the log holds now (bounded; it goes on in the background). */
  private async caughtUp(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CATCH_UP_MS)));
    await Promise.race([this.projections.catchUp().catch(() => 0), waited]);
    clearTimeout(timer);
  }

  async latestFor(hashes: string[], exceptCaseId: string): Promise<EarlierCase | undefined> {
    if (hashes.length === 0) return undefined;
    await this.caughtUp();
    const s = quoteIdent(this.schema);
    const { rows } = await this.pool.query<{ case_id: string }>(
      `SELECT a.case_id::text AS case_id FROM ${s}.applications a
        WHERE a.case_id <> $2::uuid
          AND EXISTS (SELECT 1 FROM ${s}.application_people p WHERE p.case_id = a.case_id AND p.resident_id_hash = ANY($1::text[]))
        ORDER BY a.drafted_on DESC, a.case_number DESC
        LIMIT ${CANDIDATES}`,
      [hashes, exceptCaseId],
    );
    for (const row of rows) {
      const { state } = await this.commands.application.aggregate(row.case_id);
      const earlier = earlierCaseOf(state);
      if (earlier) return earlier;
    }
    return undefined;
  }
}
