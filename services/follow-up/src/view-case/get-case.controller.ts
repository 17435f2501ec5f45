import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import { followUpStreamId, reviewDueStatus, welfareVisitStatus } from '../domain';
import { CaseRead, InjectConfig } from '@sa/platform';
import type { FollowUpConfig } from '../config';

/** The follow-up case as of now (from its stream): schedule, open review, benefit, welfare visits. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('follow-up/cases')
export class GetCaseController {
  constructor(
    private readonly commands: FollowUpPipelines,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  @Get(':caseId')
  @CaseRead((p) => followUpStreamId(p.caseId))
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @ApiOperation({ summary: 'A follow-up case' })
  async get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
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
