import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { applicationStreamId } from '../../domain';
import { ApplicationSummaryView } from '../shared/application-view';
import { WithdrawApplicationDto } from './withdraw-application.dto';
import { WithdrawApplicationCommand } from './withdraw-application.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class WithdrawApplicationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/withdrawal')
  @CommandRoute({ stream: (p) => applicationStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: '撤回申请: withdraw at the applicant’s request' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  withdraw(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: WithdrawApplicationDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new WithdrawApplicationCommand(caseId, dto, actor));
  }
}
