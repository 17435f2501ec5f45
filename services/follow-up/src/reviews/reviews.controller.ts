import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { CommandRoute, InjectConfig } from '@sa/platform';
import { addDays, followUpStreamId, type ReviewFinding, type ReviewTriggerKind } from '../domain';
import type { RecommendedOutcome } from '@sa/contracts';
import { CircumstanceChangeDto, IsLocalDateString, toChange } from '../shared/dto';
import { HouseholdDirectory } from '../read-models/households';
import { ProblemException, PROBLEM_TYPES } from '@sa/errors';

const CASE_STREAM = (p: Record<string, string>) => followUpStreamId(p.caseId);
const TRIGGERS: ReviewTriggerKind[] = ['CHANGE_REPORT', 'COMPLAINT', 'DATA_ALERT', 'PAYMENT_RETURNED', 'OTHER'];
const FINDINGS: ReviewFinding[] = ['NO_MATERIAL_CHANGE', 'CHANGE_FOUND', 'HOUSEHOLD_UNREACHABLE'];
const OUTCOMES: RecommendedOutcome[] = ['NO_CHANGE', 'INCREASE', 'DECREASE', 'TAPER', 'SUSPENSION', 'TERMINATION'];

export class OpenReviewDto {
  @ApiProperty({ enum: ['PERIODIC', 'AD_HOC'] }) @IsIn(['PERIODIC', 'AD_HOC']) reviewType!: 'PERIODIC' | 'AD_HOC';
  @ApiPropertyOptional({ enum: TRIGGERS, description: 'For AD_HOC: what prompted it' }) @IsOptional() @IsIn(TRIGGERS) triggerKind?: ReviewTriggerKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() triggerRefId?: string;
}

export class RequestReverificationDto {
  @ApiPropertyOptional({ type: [String], description: 'Only these members (default: every member with a recertification consent)' })
  @IsOptional()
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class RecordReviewVisitDto {
  @ApiProperty({ example: '2026-08-05' }) @IsLocalDateString() visitedOn!: string;
  @ApiProperty({ type: [String], description: 'At least two officers' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsString({ each: true }) officerIds!: string[];
  @ApiProperty({ example: '入户核查，家庭成员在家，生活状况与申报一致' }) @IsString() @MinLength(1) @MaxLength(4000) note!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reportRef?: string;
}

export class ConcludeReviewDto {
  @ApiProperty({ enum: FINDINGS }) @IsIn(FINDINGS) finding!: ReviewFinding;
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) recommendation!: RecommendedOutcome;
  @ApiProperty({ type: [String], description: 'Written reasons to the household (required for any proposal)' })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  reasons!: string[];
  @ApiProperty({ type: [CircumstanceChangeDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => CircumstanceChangeDto) changes!: CircumstanceChangeDto[];
  @ApiProperty({ example: '经入户核查和家庭经济状况核对，家庭情况无明显变化' }) @IsString() @MinLength(1) @MaxLength(4000) summary!: string;
}

/** 定期核查 / 专项核查: open a review, ask for re-verification, record the visit, conclude. */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller('follow-up/cases/:caseId/reviews')
export class ReviewCommandsController {
  private readonly households: HouseholdDirectory;

  constructor(
    private readonly commands: FollowUpPipelines,
    @InjectConfig() private readonly config: FollowUpConfig,
    households: HouseholdDirectory,
  ) {
    this.households = households;
  }

  @Post()
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Open a periodic review (when due) or an ad-hoc review' })
  async open(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: OpenReviewDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.commands.caseFor(actor, caseId);
    const reviewId = this.commands.newId();
    const { today } = this.commands.time();
    const command =
      dto.reviewType === 'PERIODIC'
        ? ({ type: 'OpenPeriodicReview', data: { reviewId, today, dueSoonDays: this.config.FOLLOW_UP_REVIEW_DUE_SOON_DAYS } } as const)
        : ({
            type: 'OpenAdHocReview',
            data: { reviewId, trigger: { kind: dto.triggerKind ?? 'OTHER', ...(dto.triggerRefId ? { refId: dto.triggerRefId } : {}) }, today },
          } as const);
    const result = await this.commands.followUp.handle(caseId, command);
    return { caseId, reviewId: result.state.openReview?.reviewId ?? reviewId };
  }

  @Post(':reviewId/reverification')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Ask verification to re-check the household (members with a recertification consent)' })
  async reverify(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('reviewId', new ParseUUIDPipe()) reviewId: string,
    @Body() dto: RequestReverificationDto,
    @CurrentActor() actor: Actor,
  ) {
    const state = await this.commands.caseFor(actor, caseId);
    if (state.openReview?.reviewId !== reviewId) {
      throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, title: 'Not found', detail: `No open review ${reviewId}` });
    }
    const { today } = this.commands.time();
    const scope = await this.households.reverificationScope(caseId, today, dto.memberIds);
    const requestId = this.commands.newId();
    await this.commands.followUp.handle(caseId, {
        type: 'RequestReverification',
        data: {
          requestId,
          members: scope?.members ?? [],
          consents: scope?.consents ?? [],
          referenceMonths: this.config.FOLLOW_UP_REFERENCE_MONTHS,
          today,
          dueOn: addDays(today, this.config.FOLLOW_UP_REVERIFICATION_DUE_DAYS),
        },
    });
    return { caseId, reviewId, requestId };
  }

  @Post(':reviewId/visits')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Record the home visit of a review (two officers)' })
  async visit(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('reviewId', new ParseUUIDPipe()) reviewId: string,
    @Body() dto: RecordReviewVisitDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.commands.caseFor(actor, caseId);
    const { today } = this.commands.time();
    await this.commands.followUp.handle(caseId, {
      type: 'RecordReviewVisit',
      data: { reviewId, visitedOn: dto.visitedOn, officerIds: dto.officerIds, note: dto.note, ...(dto.reportRef ? { reportRef: dto.reportRef } : {}), today },
    });
    return { caseId, reviewId };
  }

  @Post(':reviewId/conclusion')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @ApiOperation({ summary: 'Conclude a review: NO_CHANGE, or a proposal with written reasons sent to eligibility' })
  async conclude(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('reviewId', new ParseUUIDPipe()) reviewId: string,
    @Body() dto: ConcludeReviewDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.commands.caseFor(actor, caseId);
    const { today } = this.commands.time();
    const changeRequestId = randomUUID();
    const result = await this.commands.followUp.handle(
      caseId,
      {
        type: 'ConcludeReview',
        data: { reviewId, changeRequestId, finding: dto.finding, recommendation: dto.recommendation, reasons: dto.reasons, changes: dto.changes.map(toChange), summary: dto.summary, today },
      },
      { reason: dto.reasons.join('；') || dto.summary },
    );
    const proposed = result.events.find((e) => e.type === 'ChangeProposed');
    return {
      caseId,
      reviewId,
      nextReviewDueMonth: result.state.nextReviewDueMonth,
      ...(proposed ? { changeRequestId: (proposed.data as { changeRequestId: string }).changeRequestId } : {}),
    };
  }
}
