import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { verificationStreamId } from '../domain';
import { OFFICER_ROLES } from '../read-models/verification-access';
import { FileObjectionDto } from './file-objection.dto';
import { FileObjectionCommand } from './file-objection.handler';

@ApiTags('objections (异议)')
@Controller()
export class ObjectionsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('verifications/:verificationId/objections')
  @CommandRoute({ stream: (p) => verificationStreamId(p.verificationId) })
  @HttpCode(202)
  @Roles(...OFFICER_ROLES)
  @ApiOperation({
    summary: 'File the household’s objection to the current report, with its evidence',
    description:
      'The objected member × source pairs are re-checked (purpose OBJECTION). If the re-check changes the figures, a corrected report version follows (HouseholdVerified, purpose OBJECTION) and VerificationObjectionResolved says UPHELD or PARTIALLY_UPHELD; otherwise REJECTED and the report stays.',
  })
  @ApiAcceptedResponse({ description: '{ objectionId, status: RECHECKING }' })
  file(@Param('verificationId', new ParseUUIDPipe()) verificationId: string, @Body() body: FileObjectionDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new FileObjectionCommand(verificationId, body, actor));
  }
}
