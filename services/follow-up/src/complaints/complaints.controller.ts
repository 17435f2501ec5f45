import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PROBLEM_TYPES, ProblemException, ValidationProblemException } from '@sa/errors';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import { FOLLOW_UP_SCHEMA } from '../read-models/follow-up-database';
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
import { IsLocalDateString } from '../shared/dto';

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
 * the complainant's identity is recorded but returned to nobody.
 */
const LIST_STATUSES = ['RECEIVED', 'UNDER_INVESTIGATION', 'RESOLVED'] as const;

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('follow-up/complaints')
export class ComplaintsController {
  constructor(
    private readonly commands: FollowUpPipelines,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(FOLLOW_UP_SCHEMA) private readonly schema: string,
  ) {}

  /**
   * 举报件列表 (the read model, which never holds the complainant): the complaints of communities within
   * the caller's jurisdiction, and those the caller investigates; open ones first, oldest first; paged.
   */
  @Get()
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOperation({ summary: 'Complaints within your jurisdiction or assigned to you (never the complainant), paged' })
  @ApiQuery({ name: 'status', required: false, enum: LIST_STATUSES })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  async list(@CurrentActor() actor: Actor, @Query('status') status?: string, @Query('limit') limitText?: string, @Query('offset') offsetText?: string) {
    const limit = limitText === undefined || limitText === '' ? 20 : Number(limitText);
    const offset = offsetText === undefined || offsetText === '' ? 0 : Number(offsetText);
    const errors: { field: string; message: string }[] = [];
    if (status !== undefined && status !== '' && !(LIST_STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', message: `status must be one of ${LIST_STATUSES.join(', ')}` });
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) errors.push({ field: 'limit', message: 'limit must be an integer 1–200' });
    if (!Number.isInteger(offset) || offset < 0) errors.push({ field: 'offset', message: 'offset must be a non-negative integer' });
    if (errors.length) throw new ValidationProblemException(errors);
    const params: unknown[] = [actor.jurisdiction, actor.id];
    let where = `(community LIKE $1 || '%' OR investigator_id = $2)`;
    if (status) {
      params.push(status);
      where += ` AND status = $3`;
    }
    const s = quoteIdent(this.schema);
    const [{ rows }, count] = await Promise.all([
      this.pool.query(
        `SELECT complaint_id AS "complaintId", about, case_id AS "caseId", community, status, channel, subject, anonymous,
                investigator_id AS "investigatorId", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn",
                to_char(resolved_on, 'YYYY-MM-DD') AS "resolvedOn", outcome
           FROM ${s}.complaints WHERE ${where}
          ORDER BY (status = 'RESOLVED'), received_on, complaint_id LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.complaints WHERE ${where}`, params),
    ]);
    return { items: rows, total: count.rows[0]?.n ?? 0, limit, offset };
  }

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
  @ApiOperation({ summary: "A complaint; the complainant's identity is never returned (recorded, shown to nobody)" })
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
