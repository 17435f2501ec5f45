import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { applicationStreamId } from '../../domain';
import { ApplicationSummaryView } from '../shared/application-view';
import { RejectApplicationDto } from './reject-application.dto';
import { RejectApplicationCommand } from './reject-application.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class RejectApplicationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/rejection')
  @CommandRoute({ stream: (p) => applicationStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('street_officer')
  @ApiOperation({ summary: '不予受理: reject at intake (wrong jurisdiction, applicant not a member, open application of the household)' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  reject(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RejectApplicationDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new RejectApplicationCommand(caseId, dto, actor));
  }
}
