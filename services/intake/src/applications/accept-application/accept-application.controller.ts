import { Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { ApplicationSummaryView } from '../shared/application-view';
import { AcceptApplicationCommand } from './accept-application.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class AcceptApplicationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/acceptance')
  @HttpCode(200)
  @Roles('street_officer')
  @ApiOperation({ summary: '受理: accept a complete application (street office / township)' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  accept(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new AcceptApplicationCommand(caseId, actor, idempotencyKey));
  }
}
