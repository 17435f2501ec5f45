import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { ReportLeadDto } from './report-lead.dto';
import { ReportLeadCommand } from './report-lead.handler';

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class ReportLeadController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CommandRoute()
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @CheckJurisdiction({ body: 'jurisdiction' })
  @ApiOperation({ summary: '主动发现: record a hardship lead (grid worker, hotline, data alert)' })
  report(@Body() dto: ReportLeadDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new ReportLeadCommand(dto, actor));
  }
}
