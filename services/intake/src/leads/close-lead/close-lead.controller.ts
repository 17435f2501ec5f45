import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { leadStreamId } from '../../domain';
import { CloseLeadDto } from './close-lead.dto';
import { CloseLeadCommand } from './close-lead.handler';

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class CloseLeadController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':leadId/closure')
  @CommandRoute({ stream: (p) => leadStreamId(p.leadId) })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Close a lead with its reason' })
  close(
    @Param('leadId', new ParseUUIDPipe()) leadId: string,
    @Body() dto: CloseLeadDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new CloseLeadCommand(leadId, dto, actor));
  }
}
