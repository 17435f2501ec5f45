import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { followUpStreamId } from '../domain';
import { ConcludeReviewCommand } from './conclude-review.handler';
import { OpenReviewCommand } from './open-review.handler';
import { RecordReviewVisitCommand } from './record-review-visit.handler';
import { RequestReverificationCommand } from './request-reverification.handler';
import { ConcludeReviewDto, OpenReviewDto, RecordReviewVisitDto, RequestReverificationDto } from './reviews.dto';

const CASE_STREAM = (p: Record<string, string>) => followUpStreamId(p.caseId);

/** 定期核查 / 专项核查: open a review, ask for re-verification, record the visit, conclude. */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller('follow-up/cases/:caseId/reviews')
export class ReviewsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Open a periodic review (when due) or an ad-hoc review' })
  open(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() dto: OpenReviewDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new OpenReviewCommand(caseId, dto, actor));
  }

  @Post(':reviewId/reverification')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Ask verification to re-check the household (members with a recertification consent)' })
  reverify(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('reviewId', new ParseUUIDPipe()) reviewId: string,
    @Body() dto: RequestReverificationDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new RequestReverificationCommand(caseId, reviewId, dto, actor));
  }

  @Post(':reviewId/visits')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Record the home visit of a review (two officers)' })
  visit(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('reviewId', new ParseUUIDPipe()) reviewId: string,
    @Body() dto: RecordReviewVisitDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new RecordReviewVisitCommand(caseId, reviewId, dto, actor));
  }

  @Post(':reviewId/conclusion')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @ApiOperation({ summary: 'Conclude a review: NO_CHANGE, or a proposal with written reasons sent to eligibility' })
  conclude(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('reviewId', new ParseUUIDPipe()) reviewId: string,
    @Body() dto: ConcludeReviewDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new ConcludeReviewCommand(caseId, reviewId, dto, actor));
  }
}
