import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { leadStreamId } from '../../domain';
import { RecordLeadContactDto } from './record-lead-contact.dto';
import { RecordLeadContactCommand } from './record-lead-contact.handler';

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class RecordLeadContactController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':leadId/contacts')
  @CommandRoute({ stream: (p) => leadStreamId(p.leadId) })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Record contact with the household of a lead' })
  contact(
    @Param('leadId', new ParseUUIDPipe()) leadId: string,
    @Body() dto: RecordLeadContactDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new RecordLeadContactCommand(leadId, dto, actor));
  }
}
