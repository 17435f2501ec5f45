import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { CommandRoute, InjectConfig } from '@sa/platform';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Pool } from 'pg';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { addDays, followUpStreamId, visitIntervalDays, VULNERABILITIES, welfareVisitStatus, type Vulnerability } from '../domain';
import { IsLocalDateString } from '../shared/dto';
import { FOLLOW_UP_SCHEMA } from '../read-models/follow-up-database';

const CASE_STREAM = (p: Record<string, string>) => followUpStreamId(p.caseId);

export class PlanWelfareVisitsDto {
  @ApiProperty({ enum: VULNERABILITIES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(VULNERABILITIES, { each: true }) vulnerabilities!: Vulnerability[];
  @ApiPropertyOptional({ description: 'Days between visits; default: the policy frequency of the vulnerabilities (configuration)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  intervalDays?: number;
  @ApiPropertyOptional({ description: 'Default: one interval from today' }) @IsOptional() @IsLocalDateString() firstDueOn?: string;
}

export class RecordWelfareVisitDto {
  @ApiProperty({ example: '2026-02-10' }) @IsLocalDateString() visitedOn!: string;
  @ApiProperty({ example: '老人身体状况良好，家中有存粮' }) @IsString() @MinLength(1) @MaxLength(4000) note!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) concerns?: string[];
}

/** 探访关爱: visit plans for vulnerable recipients, visit records, missed-visit list. */
@ApiTags('welfare-visits')
@ApiBearerAuth()
@Controller('follow-up')
export class WelfareVisitsController {
  constructor(
    private readonly commands: FollowUpPipelines,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(FOLLOW_UP_SCHEMA) private readonly schema: string,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  @Post('cases/:caseId/welfare-visit-plan')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Plan regular welfare visits for a vulnerable recipient' })
  async plan(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: PlanWelfareVisitsDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.commands.caseFor(actor, caseId);
    const { today } = this.commands.time();
    const intervalDays =
      dto.intervalDays ??
      visitIntervalDays(dto.vulnerabilities, {
        ELDERLY_LIVING_ALONE: this.config.FOLLOW_UP_VISIT_DAYS_ELDERLY_LIVING_ALONE,
        SEVERE_DISABILITY: this.config.FOLLOW_UP_VISIT_DAYS_SEVERE_DISABILITY,
        CHILD_IN_DIFFICULTY: this.config.FOLLOW_UP_VISIT_DAYS_CHILD_IN_DIFFICULTY,
      });
    const firstDueOn = dto.firstDueOn ?? addDays(today, intervalDays);
    await this.commands.followUp.handle(caseId, { type: 'PlanWelfareVisits', data: { vulnerabilities: dto.vulnerabilities, intervalDays, firstDueOn, today } });
    return { caseId, intervalDays, firstDueOn };
  }

  @Post('cases/:caseId/welfare-visits')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Record a welfare visit' })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RecordWelfareVisitDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.commands.caseFor(actor, caseId);
    const visitId = this.commands.newId();
    const { today } = this.commands.time();
    const result = await this.commands.followUp.handle(caseId, {
      type: 'RecordWelfareVisit',
      data: { visitId, visitedOn: dto.visitedOn, officerId: actor.id, note: dto.note, concerns: dto.concerns ?? [], today },
    });
    const st = result.state;
    return { caseId, visitId, nextDueOn: st.welfarePlan ? welfareVisitStatus(st.welfarePlan, st.lastWelfareVisitOn, today).nextDueOn : undefined };
  }

  @Get('jurisdictions/:code/welfare-visits/missed')
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ param: 'code' })
  @ApiOperation({ summary: 'Vulnerable recipients whose welfare visit is overdue, as of today' })
  async missed(@Param('code') code: string) {
    const { today } = this.commands.time();
    const { rows } = await this.pool.query<{
      case_id: string;
      case_number: string;
      jurisdiction: string;
      welfare_vulnerabilities: Vulnerability[];
      welfare_interval_days: number;
      welfare_first_due_on: string;
      last_welfare_visit_on: string | null;
    }>(
      `SELECT case_id, case_number, jurisdiction, welfare_vulnerabilities, welfare_interval_days,
              to_char(welfare_first_due_on, 'YYYY-MM-DD') AS welfare_first_due_on,
              to_char(last_welfare_visit_on, 'YYYY-MM-DD') AS last_welfare_visit_on
         FROM ${quoteIdent(this.schema)}.cases
        WHERE jurisdiction LIKE $1 || '%' AND status <> 'CLOSED' AND welfare_interval_days IS NOT NULL
        ORDER BY case_number`,
      [code],
    );
    return rows
      .map((r) => {
        const plan = { vulnerabilities: r.welfare_vulnerabilities, intervalDays: r.welfare_interval_days, firstDueOn: r.welfare_first_due_on };
        const status = welfareVisitStatus(plan, r.last_welfare_visit_on ?? undefined, today);
        return { caseId: r.case_id, caseNumber: r.case_number, jurisdiction: r.jurisdiction, vulnerabilities: plan.vulnerabilities, lastVisitedOn: r.last_welfare_visit_on, ...status };
      })
      .filter((r) => r.missed);
  }
}
