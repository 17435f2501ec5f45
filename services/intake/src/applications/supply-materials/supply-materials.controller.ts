import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { applicationStreamId } from '../../domain';
import { ApplicationSummaryView } from '../shared/application-view';
import { SupplyMaterialsDto } from './supply-materials.dto';
import { SupplyMaterialsCommand } from './supply-materials.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class SupplyMaterialsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/materials')
  @CommandRoute({ stream: (p) => applicationStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: '补正材料: record materials supplied against the notice' })
  @ApiOkResponse({ type: ApplicationSummaryView })
  supply(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: SupplyMaterialsDto,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationSummaryView> {
    return this.commandBus.execute(new SupplyMaterialsCommand(caseId, dto, actor));
  }
}
