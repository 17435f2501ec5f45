import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { ApplicationSummaryView } from '../shared/application-view';
import { WithdrawApplicationDto } from './withdraw-application.dto';
import { WithdrawApplicationCommand } from './withdraw-application.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class WithdrawApplicationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/withdrawal')
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: '撤回申请: withdraw at the applicant’s request' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  withdraw(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: WithdrawApplicationDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new WithdrawApplicationCommand(caseId, dto, actor, idempotencyKey));
  }
}
