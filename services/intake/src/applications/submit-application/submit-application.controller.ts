import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { applicationStreamId } from '../../domain';
import { ApplicationSummaryView } from '../shared/application-view';
import { SubmitApplicationDto } from './submit-application.dto';
import { SubmitApplicationCommand } from './submit-application.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class SubmitApplicationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/submission')
  @CommandRoute({ stream: (p) => applicationStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: '提交申请: submit; issues the one-time notice (一次性告知) when materials are missing' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  submit(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: SubmitApplicationDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new SubmitApplicationCommand(caseId, dto, actor));
  }
}
