import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { OFFICER_ROLES } from '../../http/roles';
import { DeclareCloseRelativeDto } from './declare-close-relative.dto';
import { DeclareCloseRelativeCommand } from './declare-close-relative.handler';

@ApiTags('conflict of interest')
@ApiBearerAuth()
@Controller('officers/me/close-relatives')
export class DeclareCloseRelativeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CommandRoute()
  @HttpCode(201)
  @Roles(...OFFICER_ROLES)
  @ApiOperation({ summary: '近亲属备案: declare one of your close relatives' })
  declare(@Body() dto: DeclareCloseRelativeDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new DeclareCloseRelativeCommand(dto, actor));
  }
}
