import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectConfig, type Page, type PageRequest } from '@sa/platform';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { addDays, reviewDueStatus, type ReviewDueStatus } from '../domain';
import { FollowUpQueries } from '../read-models/follow-up-queries';

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

export class ListReviewQueueQuery {
  constructor(
    readonly code: string,
    /** DUE_SOON: due soon or due this month; OVERDUE: not completed by the end of the due month. */
    readonly queue: 'DUE_SOON' | 'OVERDUE',
    readonly page: PageRequest,
  ) {}
}

/** A work queue of periodic reviews in a jurisdiction, as of the clock's today; earliest due first, paged. */
@QueryHandler(ListReviewQueueQuery)
export class ListReviewQueueHandler implements IQueryHandler<ListReviewQueueQuery> {
  constructor(
    private readonly commands: FollowUpPipelines,
    private readonly queries: FollowUpQueries,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  async execute({ code, queue, page }: ListReviewQueueQuery): Promise<Page<ReviewQueueItem>> {
    const { today } = this.commands.time();
    const window = this.config.FOLLOW_UP_REVIEW_DUE_SOON_DAYS;
    const rows = await this.queries.reviewQueue(code, queue, today, addDays(today, window), page);
    return {
      ...rows,
      items: rows.items.map((r) => ({
        caseId: r.case_id,
        caseNumber: r.case_number,
        jurisdiction: r.jurisdiction,
        program: r.program,
        reviewClass: r.review_class,
        nextReviewDueMonth: r.next_review_due_month,
        dueStatus: reviewDueStatus({ nextReviewDueMonth: r.next_review_due_month, reviewIntervalMonths: r.review_interval_months }, today, window),
        openReviewId: r.open_review_id,
        awaitingVerification: r.awaiting_verification,
      })),
    };
  }
}
