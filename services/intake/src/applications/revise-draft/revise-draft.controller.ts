import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { applicationStreamId } from '../../domain';
import { ApplicationFormDto } from '../../http/application-form.dto';
import { ApplicationSummaryView } from '../shared/application-view';
import { ReviseDraftCommand } from './revise-draft.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ReviseDraftController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put(':caseId')
  @CommandRoute({ stream: (p) => applicationStreamId(p.caseId) })
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: '修改草稿: replace the form of a draft' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  revise(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: ApplicationFormDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new ReviseDraftCommand(caseId, dto, actor));
  }
}
