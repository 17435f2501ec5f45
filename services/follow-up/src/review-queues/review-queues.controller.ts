import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { InjectConfig } from '@sa/platform';
import type { Pool } from 'pg';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { addDays, reviewDueStatus, type ReviewDueStatus } from '../domain';
import { FOLLOW_UP_SCHEMA } from '../read-models/follow-up-database';

interface QueueRow {
  case_id: string;
  case_number: string;
  jurisdiction: string;
  program: string;
  review_class: string | null;
  review_interval_months: number;
  next_review_due_month: string;
  open_review_id: string | null;
  awaiting_verification: boolean;
}

export interface ReviewQueueItem {
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  program: string;
  reviewClass: string | null;
  nextReviewDueMonth: string;
  dueStatus: ReviewDueStatus;
  openReviewId: string | null;
  awaitingVerification: boolean;
}

/** Work queues of periodic reviews per jurisdiction: due soon (or due) and overdue, as of the clock's today. */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller('follow-up/jurisdictions/:code/reviews')
export class ReviewQueuesController {
  constructor(
    private readonly commands: FollowUpPipelines,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(FOLLOW_UP_SCHEMA) private readonly schema: string,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  @Get('due-soon')
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ param: 'code' })
  @ApiOperation({ summary: 'Periodic reviews due soon or due this month' })
  dueSoon(@Param('code') code: string): Promise<ReviewQueueItem[]> {
    return this.queue(code, (s) => s === 'DUE_SOON' || s === 'DUE');
  }

  @Get('overdue')
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ param: 'code' })
  @ApiOperation({ summary: 'Periodic reviews not completed by the end of their due month' })
  overdue(@Param('code') code: string): Promise<ReviewQueueItem[]> {
    return this.queue(code, (s) => s === 'OVERDUE');
  }

  private async queue(code: string, keep: (s: ReviewDueStatus) => boolean): Promise<ReviewQueueItem[]> {
    const { today } = this.commands.time();
    const window = this.config.FOLLOW_UP_REVIEW_DUE_SOON_DAYS;
    const { rows } = await this.pool.query<QueueRow>(
      `SELECT case_id, case_number, jurisdiction, program, review_class, review_interval_months, next_review_due_month,
              open_review_id, awaiting_verification
         FROM ${quoteIdent(this.schema)}.cases
        WHERE jurisdiction LIKE $1 || '%' AND status <> 'CLOSED' AND next_review_due_on <= $2
        ORDER BY next_review_due_on, case_number
        LIMIT 1000`,
      [code, addDays(today, window)],
    );
    return rows
      .map((r) => ({
        caseId: r.case_id,
        caseNumber: r.case_number,
        jurisdiction: r.jurisdiction,
        program: r.program,
        reviewClass: r.review_class,
        nextReviewDueMonth: r.next_review_due_month,
        dueStatus: reviewDueStatus({ nextReviewDueMonth: r.next_review_due_month, reviewIntervalMonths: r.review_interval_months }, today, window),
        openReviewId: r.open_review_id,
        awaitingVerification: r.awaiting_verification,
      }))
      .filter((item) => keep(item.dueStatus));
  }
}
