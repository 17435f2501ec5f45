import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { OFFICER_ROLES } from '../../http/roles';
import { WithdrawCloseRelativeDto } from './withdraw-close-relative.dto';
import { WithdrawCloseRelativeCommand } from './withdraw-close-relative.handler';

@ApiTags('conflict of interest')
@ApiBearerAuth()
@Controller('officers/me/close-relatives')
export class WithdrawCloseRelativeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('withdrawal')
  @CommandRoute()
  @HttpCode(200)
  @Roles(...OFFICER_ROLES)
  @ApiOperation({ summary: 'Withdraw a declared close relative (e.g. after a divorce)' })
  withdraw(@Body() dto: WithdrawCloseRelativeDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new WithdrawCloseRelativeCommand(dto, actor));
  }
}
