import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { emergencyAdvanceStreamId } from '../../domain';
import { CompleteAdvanceDto } from './complete-advance-paperwork.dto';
import { CompleteAdvancePaperworkCommand } from './complete-advance-paperwork.handler';

@ApiTags('emergency advances')
@ApiBearerAuth()
@Controller('disbursement/emergency-advances')
export class CompleteAdvancePaperworkController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':advanceId/completion')
  @CommandRoute({ stream: (p) => emergencyAdvanceStreamId(p.advanceId) })
  @HttpCode(200)
  @Roles('disbursement_officer', 'street_officer')
  @ApiOperation({ summary: 'The paperwork of an emergency advance is complete (补办手续)' })
  complete(@Param('advanceId', new ParseUUIDPipe()) advanceId: string, @Body() body: CompleteAdvanceDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new CompleteAdvancePaperworkCommand(advanceId, body.decisionId, actor));
  }
}
