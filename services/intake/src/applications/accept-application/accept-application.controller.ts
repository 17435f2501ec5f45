import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { applicationStreamId } from '../../domain';
import { ApplicationSummaryView } from '../shared/application-view';
import { AcceptApplicationCommand } from './accept-application.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class AcceptApplicationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/acceptance')
  @CommandRoute({ stream: (p) => applicationStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('street_officer')
  @ApiOperation({ summary: '受理: accept a complete application (street office / township)' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  accept(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new AcceptApplicationCommand(caseId, actor));
  }
}
