import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { applicationStreamId } from '../../domain';
import { ApplicationSummaryView } from '../shared/application-view';
import { RequestMaterialsDto } from './request-materials.dto';
import { RequestMaterialsCommand } from './request-materials.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class RequestMaterialsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/materials-request')
  @CommandRoute({ stream: (p) => applicationStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: '一次性告知: the one notice of missing materials, for an application the system found complete' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  request(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RequestMaterialsDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new RequestMaterialsCommand(caseId, dto, actor));
  }
}
