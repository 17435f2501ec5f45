import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { uuidV5 } from '@sa/eventstore';
import { CaseRead, CommandRoute } from '@sa/platform';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { actorRef, FollowUpPipelines, SYSTEM_ACTOR } from '../commands/follow-up-pipelines';
import {
  canViewComplaint,
  complaintStreamId,
  viewComplaintFor,
  type ComplaintAction,
  type ComplaintChannel,
  type ComplaintOutcome,
  type ComplaintState,
  type ComplaintSubject,
} from '../domain';
import { IsLocalDateString } from '../http/dto';

const CHANNELS: ComplaintChannel[] = ['HOTLINE', 'LETTER', 'ONLINE', 'IN_PERSON', 'REFERRAL'];
const SUBJECTS: ComplaintSubject[] = ['WRONGFUL_BENEFIT', 'OFFICER_MISCONDUCT', 'SERVICE_QUALITY', 'OTHER'];
const OUTCOMES: ComplaintOutcome[] = ['SUBSTANTIATED', 'PARTIALLY_SUBSTANTIATED', 'UNSUBSTANTIATED', 'REFERRED'];
const ACTIONS: ComplaintAction[] = ['CHANGE_REQUESTED', 'REVERIFICATION_REQUESTED', 'DISCIPLINARY_REFERRAL', 'RECOVERY_RECOMMENDED', 'NONE'];
/** Namespace of the review ids derived from complaints. */
const COMPLAINT_REVIEW_NAMESPACE = '8d2f6a14-3c7e-5b19-a4d0-7e5c3b2a1f90';
const COMPLAINT_STREAM = (p: Record<string, string>) => complaintStreamId(p.complaintId);
const ROLES = ['community_officer', 'street_officer', 'street_reviewer', 'county_approver'];

export class ComplainantDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(30) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
}

export class FileComplaintDto {
  @ApiProperty({ enum: ['CASE', 'OFFICER'] }) @IsIn(['CASE', 'OFFICER']) about!: 'CASE' | 'OFFICER';
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) officerId?: string;
  @ApiProperty({ example: '440305001001', description: 'The community concerned (12 digits); for a case, its own jurisdiction is used' })
  @Matches(/^\d{12}$/)
  community!: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: ComplaintChannel;
  @ApiProperty({ enum: SUBJECTS }) @IsIn(SUBJECTS) subject!: ComplaintSubject;
  @ApiProperty() @IsBoolean() anonymous!: boolean;
  @ApiPropertyOptional({ type: ComplainantDto }) @IsOptional() @ValidateNested() @Type(() => ComplainantDto) complainant?: ComplainantDto;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(8000) allegation!: string;
  @ApiProperty({ example: '2026-03-01' }) @IsLocalDateString() receivedOn!: string;
}

export class AssignInvestigatorDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) investigatorId!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) investigatorRole!: string;
  @ApiProperty({ example: '440305001' }) @Matches(/^(\d{6}|\d{9}|\d{12})$/) investigatorJurisdiction!: string;
}

export class ResolveComplaintDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: ComplaintOutcome;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(8000) findings!: string;
  @ApiProperty({ enum: ACTIONS, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(ACTIONS, { each: true }) actions!: ComplaintAction[];
  @ApiProperty() @IsBoolean() fraudSuspected!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) estimatedOverpaymentFen?: number;
}

/**
 * 监督举报: complaints and tip-offs. Investigated by an officer from outside the community concerned;
 * the complainant's identity is hidden from the officers of that community.
 */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('follow-up/complaints')
export class ComplaintsController {
  constructor(private readonly commands: FollowUpPipelines) {}

  @Post()
  @CommandRoute()
  @HttpCode(201)
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ body: 'community' })
  @ApiOperation({ summary: 'File a complaint or tip-off (anonymous or named), about a case or an officer' })
  async file(@Body() dto: FileComplaintDto, @CurrentActor() actor: Actor) {
    const complaintId = this.commands.newId();
    let community = dto.community;
    let caseNumber: string | undefined;
    if (dto.caseId) {
      const { state } = await this.commands.followUp.aggregate(dto.caseId);
      if (state.status !== 'NONE') {
        community = state.jurisdiction!;
        caseNumber = state.caseNumber;
        assertJurisdiction(actor, community, 'caseId');
      }
    }
    const { today } = this.commands.time();
    await this.commands.complaint.handle(
      complaintId,
      {
        type: 'FileComplaint',
        data: {
          complaintId,
          about: dto.about,
          ...(dto.caseId ? { caseId: dto.caseId } : {}),
          ...(caseNumber ? { caseNumber } : {}),
          ...(dto.officerId ? { officerId: dto.officerId } : {}),
          community,
          channel: dto.channel,
          subject: dto.subject,
          anonymous: dto.anonymous,
          ...(dto.complainant ? { complainant: { ...dto.complainant } } : {}),
          allegation: dto.allegation,
          receivedOn: dto.receivedOn,
          filedBy: actorRef(actor),
          today,
        },
      },
      { correlationId: dto.caseId ?? complaintId },
    );
    return { complaintId };
  }

  @Post(':complaintId/assignment')
  @CommandRoute({ stream: COMPLAINT_STREAM })
  @HttpCode(200)
  @Roles('street_reviewer', 'county_approver')
  @ApiOperation({ summary: 'Assign an investigator from outside the community concerned' })
  async assign(
    @Param('complaintId', new ParseUUIDPipe()) complaintId: string,
    @Body() dto: AssignInvestigatorDto,
    @CurrentActor() actor: Actor,
  ) {
    const state = await this.complaint(complaintId);
    assertJurisdiction(actor, state.filed!.community);
    const { today } = this.commands.time();
    await this.commands.complaint.handle(
      complaintId,
      {
        type: 'AssignInvestigator',
        data: { investigator: { id: dto.investigatorId, role: dto.investigatorRole, jurisdiction: dto.investigatorJurisdiction }, assignedBy: actorRef(actor), today },
      },
      { correlationId: state.filed!.caseId ?? complaintId },
    );
    return { complaintId, investigatorId: dto.investigatorId };
  }

  @Post(':complaintId/resolution')
  @CommandRoute({ stream: COMPLAINT_STREAM })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOperation({ summary: 'Record the outcome (the assigned investigator only)' })
  async resolve(
    @Param('complaintId', new ParseUUIDPipe()) complaintId: string,
    @Body() dto: ResolveComplaintDto,
    @CurrentActor() actor: Actor,
  ) {
    const state = await this.complaint(complaintId);
    this.assertMayView(actor, state);
    const { today } = this.commands.time();
    await this.commands.complaint.handle(
      complaintId,
      {
        type: 'ResolveComplaint',
        data: {
          outcome: dto.outcome,
          findings: dto.findings,
          actions: dto.actions,
          fraudSuspected: dto.fraudSuspected,
          ...(dto.estimatedOverpaymentFen !== undefined ? { estimatedOverpaymentFen: dto.estimatedOverpaymentFen } : {}),
          resolvedBy: actorRef(actor),
          today,
        },
      },
      { correlationId: state.filed!.caseId ?? complaintId, reason: dto.findings },
    );
    const reviewId = await this.openReviewOnCase(state, complaintId, dto.actions, today);
    return { complaintId, outcome: dto.outcome, ...(reviewId ? { reviewId } : {}) };
  }

  @Get(':complaintId')
  @CaseRead(COMPLAINT_STREAM)
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOperation({ summary: "A complaint; the complainant's identity is shown only to the investigator and reviewers above the community" })
  async get(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @CurrentActor() actor: Actor) {
    const state = await this.complaint(complaintId);
    this.assertMayView(actor, state);
    return viewComplaintFor({ id: actor.id, roles: actor.roles, jurisdiction: actor.jurisdiction }, state);
  }

  /**
   * A complaint about a followed-up case whose outcome asks for a change or a re-check opens an
   * ad-hoc review (trigger COMPLAINT) on that case, unless a review is already open there. The
   * review id derives from the complaint, so a retried resolution opens it once.
   */
  private async openReviewOnCase(state: ComplaintState, complaintId: string, actions: ComplaintAction[], today: string): Promise<string | undefined> {
    const caseId = state.filed?.caseId;
    if (!caseId || !actions.some((a) => a === 'CHANGE_REQUESTED' || a === 'REVERIFICATION_REQUESTED')) return undefined;
    const { state: followUp } = await this.commands.followUp.aggregate(caseId);
    if (followUp.status === 'NONE' || followUp.status === 'CLOSED' || followUp.openReview) return followUp.openReview?.reviewId;
    const reviewId = uuidV5(`${complaintId}/review`, COMPLAINT_REVIEW_NAMESPACE);
    // A second command in this request, on another stream: its own command id and the system as actor.
    await this.commands.followUp.handle(
      caseId,
      { type: 'OpenAdHocReview', data: { reviewId, trigger: { kind: 'COMPLAINT', refId: complaintId }, today } },
      { commandId: reviewId, actor: SYSTEM_ACTOR(followUp.jurisdiction!) },
    );
    return reviewId;
  }

  private complaint(complaintId: string): Promise<ComplaintState> {
    return this.commands.complaintFor(complaintId);
  }

  private assertMayView(actor: Actor, state: ComplaintState): void {
    if (!canViewComplaint({ id: actor.id, roles: actor.roles, jurisdiction: actor.jurisdiction }, state)) {
      throw new ProblemException(403, { type: PROBLEM_TYPES.outsideJurisdiction, title: 'Outside your jurisdiction', detail: 'This complaint concerns another jurisdiction' });
    }
  }
}
