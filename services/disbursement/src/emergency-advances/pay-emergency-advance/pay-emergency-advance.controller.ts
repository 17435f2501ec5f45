import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { PayEmergencyAdvanceDto } from './pay-emergency-advance.dto';
import { PayEmergencyAdvanceCommand } from './pay-emergency-advance.handler';

@ApiTags('emergency advances')
@ApiBearerAuth()
@Controller('disbursement/emergency-advances')
export class PayEmergencyAdvanceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CommandRoute()
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: '先行救助: pay at once an emergency advance approved by eligibility (amount, limit, policy and payee from that decision)' })
  pay(@Body() body: PayEmergencyAdvanceDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new PayEmergencyAdvanceCommand(body.advanceId, actor));
  }
}
