import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { CommandRoute } from '@sa/platform';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import { followUpStreamId, type ChangeReportSource } from '../domain';
import { CircumstanceChangeDto, IsLocalDateString, toChange } from '../shared/dto';

export class ReportChangeDto {
  @ApiProperty({ enum: ['HOUSEHOLD', 'DATA_ALERT'], description: "The household's own report, or a data alert (death, property, vehicle, business registration …)" })
  @IsIn(['HOUSEHOLD', 'DATA_ALERT'])
  source!: ChangeReportSource;
  @ApiProperty({ type: [CircumstanceChangeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CircumstanceChangeDto)
  changes!: CircumstanceChangeDto[];
  @ApiPropertyOptional({ example: '2026-03-15' }) @IsOptional() @IsLocalDateString() changedOn?: string;
}

/** 家庭情况变化报告 / 数据预警: record the change; an ad-hoc review opens when none is open. */
@ApiTags('change-reports')
@ApiBearerAuth()
@Controller('follow-up/cases/:caseId/change-reports')
export class ReportChangeController {
  constructor(private readonly commands: FollowUpPipelines) {}

  @Post()
  @CommandRoute({ stream: (p) => followUpStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'File a change report (new job, member moved out, death, property bought) or a data alert' })
  async report(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: ReportChangeDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.commands.caseFor(actor, caseId);
    const reportId = this.commands.newId();
    const { today } = this.commands.time();
    const result = await this.commands.followUp.handle(caseId, {
      type: 'ReportChange',
      data: { reportId, reviewId: randomUUID(), source: dto.source, changes: dto.changes.map(toChange), ...(dto.changedOn ? { changedOn: dto.changedOn } : {}), today },
    });
    return { caseId, reportId, reviewId: result.state.openReview?.reviewId };
  }
}
