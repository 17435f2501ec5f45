import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { InjectConfig } from '@sa/platform';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { reviewDueStatus, welfareVisitStatus } from '../domain';

export class GetCaseQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/** The follow-up case as of now (from its stream): schedule, open review, benefit, welfare visits. */
@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(
    private readonly commands: FollowUpPipelines,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  async execute({ caseId, actor }: GetCaseQuery) {
    const st = await this.commands.caseFor(actor, caseId);
    const { today } = this.commands.time();
    const schedule = st.nextReviewDueMonth ? { nextReviewDueMonth: st.nextReviewDueMonth, reviewIntervalMonths: st.reviewIntervalMonths } : undefined;
    return {
      caseId: st.caseId,
      caseNumber: st.caseNumber,
      jurisdiction: st.jurisdiction,
      program: st.program,
      status: st.status,
      reviewClass: st.reviewClass,
      reviewIntervalMonths: st.reviewIntervalMonths,
      nextReviewDueMonth: st.nextReviewDueMonth,
      reviewDueStatus: schedule && st.status !== 'CLOSED' ? reviewDueStatus(schedule, today, this.config.FOLLOW_UP_REVIEW_DUE_SOON_DAYS) : undefined,
      monthlyAmountFen: st.monthlyAmountFen,
      taperSchedule: st.taperSchedule,
      openReview: st.openReview,
      completedReviews: st.completedReviewIds.length,
      welfareVisits: st.welfarePlan
        ? { plan: st.welfarePlan, lastVisitedOn: st.lastWelfareVisitOn, ...welfareVisitStatus(st.welfarePlan, st.lastWelfareVisitOn, today) }
        : undefined,
      closed: st.closed,
    };
  }
}
