import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { followUpStreamId } from '../domain';
import { ReportChangeDto } from './report-change.dto';
import { ReportChangeCommand } from './report-change.handler';

/** 家庭情况变化报告 / 数据预警: record the change; an ad-hoc review opens when none is open. */
@ApiTags('change-reports')
@ApiBearerAuth()
@Controller('follow-up/cases/:caseId/change-reports')
export class ReportChangeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CommandRoute({ stream: (p) => followUpStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'File a change report (new job, member moved out, death, property bought) or a data alert' })
  report(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() dto: ReportChangeDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new ReportChangeCommand(caseId, dto, actor));
  }
}
