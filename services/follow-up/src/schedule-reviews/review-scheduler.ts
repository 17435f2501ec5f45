import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PG_POOL, quoteIdent } from '@sa/database';
import { uuidV5 } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import { SYSTEM_ACTOR, FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { addDays, membersAgeingOut, monthOf } from '../domain';
import { FOLLOW_UP_MIGRATED, FOLLOW_UP_SCHEMA } from '../read-models/follow-up-database';
import { HouseholdDirectory } from '../read-models/households';

/** Namespace of the ids the scheduler derives (a rerun derives the same review and request ids). */
const SCHEDULER_NAMESPACE = '0f6a3c52-8e1d-5b7a-9c44-6d2e1f0b8a31';

export interface SchedulerRunResult {
  reviewsOpened: string[];
  reverificationsRequested: string[];
  casesClosed: string[];
  ageOutReviews: string[];
}

/**
 * The review scheduler: on each run (and on a timer when FOLLOW_UP_SCHEDULER_ENABLED), with "today"
 * from the injectable clock,
 * - opens the periodic review of every active case whose review fell due, and asks verification to
 *   re-check the household (members with a RECERTIFICATION consent);
 * - closes tapering cases whose last taper month has passed;
 * - opens a review for a 特困 minor about to turn 18 (FOLLOW_UP_AGE_OUT_NOTICE_DAYS ahead).
 * Ids derive from the case and the due month, so overlapping runs decide nothing twice.
 */
@Injectable()
export class ReviewScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReviewScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly households: HouseholdDirectory;

  constructor(
    private readonly commands: FollowUpPipelines,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(FOLLOW_UP_SCHEMA) private readonly schema: string,
    @Inject(APP_CONFIG) private readonly config: FollowUpConfig,
    @Inject(FOLLOW_UP_MIGRATED) _migrated: unknown,
  ) {
    this.households = new HouseholdDirectory(pool, schema);
  }

  onApplicationBootstrap(): void {
    if (!this.config.FOLLOW_UP_SCHEDULER_ENABLED) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((e: Error) => this.logger.warn({ err: e.message }, 'review scheduler run failed'))
        .finally(() => (this.running = undefined));
    }, this.config.FOLLOW_UP_SCHEDULER_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<SchedulerRunResult> {
    const { now, today } = this.commands.time();
    const s = quoteIdent(this.schema);
    const result: SchedulerRunResult = { reviewsOpened: [], reverificationsRequested: [], casesClosed: [], ageOutReviews: [] };

    const due = await this.pool.query<{ case_id: string; jurisdiction: string; next_review_due_month: string }>(
      `SELECT case_id, jurisdiction, next_review_due_month FROM ${s}.cases
        WHERE status IN ('ACTIVE', 'TAPERING') AND open_review_id IS NULL AND next_review_due_on <= $1
        ORDER BY next_review_due_on, case_id`,
      [today],
    );
    for (const row of due.rows) {
      const reviewId = uuidV5(`${row.case_id}/periodic/${row.next_review_due_month}`, SCHEDULER_NAMESPACE);
      const actor = SYSTEM_ACTOR(row.jurisdiction);
      try {
        const opened = await this.commands.followUp.handle(
          row.case_id,
          { type: 'OpenPeriodicReview', data: { reviewId, dueSoonDays: this.config.FOLLOW_UP_REVIEW_DUE_SOON_DAYS } },
          { commandId: reviewId, actor, now },
        );
        if (opened.state.openReview?.reviewId !== reviewId) continue; // another review is open meanwhile
        if (opened.written) result.reviewsOpened.push(reviewId);
        const scope = await this.households.reverificationScope(row.case_id, today);
        if (!scope || scope.members.length === 0) {
          this.logger.warn({ caseId: row.case_id, reviewId }, 'no household members with a recertification consent: the officer requests re-verification');
          continue;
        }
        const requestId = uuidV5(`${reviewId}/reverification`, SCHEDULER_NAMESPACE);
        const requested = await this.commands.followUp.handle(
          row.case_id,
          {
            type: 'RequestReverification',
            data: {
              requestId,
              members: scope.members,
              consents: scope.consents,
              referenceMonths: this.config.FOLLOW_UP_REFERENCE_MONTHS,
              dueOn: addDays(today, this.config.FOLLOW_UP_REVERIFICATION_DUE_DAYS),
            },
          },
          { commandId: requestId, actor, now },
        );
        if (requested.written) result.reverificationsRequested.push(requestId);
      } catch (e) {
        this.logger.warn({ caseId: row.case_id, err: (e as Error).message }, 'could not open the periodic review');
      }
    }

    const tapers = await this.pool.query<{ case_id: string; jurisdiction: string; taper_last_month: string }>(
      `SELECT case_id, jurisdiction, taper_last_month FROM ${s}.cases WHERE status = 'TAPERING' AND taper_last_month < $1`,
      [monthOf(today)],
    );
    for (const row of tapers.rows) {
      const commandId = uuidV5(`${row.case_id}/taper-ended/${row.taper_last_month}`, SCHEDULER_NAMESPACE);
      const closed = await this.commands.followUp.handle(row.case_id, { type: 'CloseEndedTaper', data: {} }, { commandId, actor: SYSTEM_ACTOR(row.jurisdiction), now });
      if (closed.written) result.casesClosed.push(row.case_id);
    }

    // 特困: a covered minor about to turn 18 gets a review (support continues while in school).
    const tekun = await this.pool.query<{ case_id: string; jurisdiction: string }>(
      `SELECT c.case_id, c.jurisdiction FROM ${s}.cases c JOIN ${s}.case_households h USING (case_id)
        WHERE c.program = 'EXTREME_POVERTY_SUPPORT' AND c.status <> 'CLOSED'`,
    );
    for (const row of tekun.rows) {
      const { state } = await this.commands.followUp.aggregate(row.case_id);
      const members = await this.households.membersWithBirthDates(row.case_id);
      const covered = state.membersCovered.map((m) => m.memberId).filter((id) => !state.ageOutFlagged.includes(id));
      for (const m of membersAgeingOut(members, covered, today, this.config.FOLLOW_UP_AGE_OUT_NOTICE_DAYS)) {
        const reviewId = uuidV5(`${row.case_id}/age-out/${m.memberId}`, SCHEDULER_NAMESPACE);
        try {
          const flagged = await this.commands.followUp.handle(
            row.case_id,
            { type: 'FlagAgeOut', data: { memberId: m.memberId, adultOn: m.adultOn, reviewId } },
            { commandId: reviewId, actor: SYSTEM_ACTOR(row.jurisdiction), now },
          );
          if (flagged.written) result.ageOutReviews.push(reviewId);
        } catch (e) {
          this.logger.warn({ caseId: row.case_id, err: (e as Error).message }, 'could not flag the age-out review');
        }
      }
    }
    return result;
  }
}
