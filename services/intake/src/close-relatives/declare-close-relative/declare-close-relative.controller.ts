import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { OFFICER_ROLES } from '../../http/roles';
import { DeclareCloseRelativeDto } from './declare-close-relative.dto';
import { DeclareCloseRelativeCommand } from './declare-close-relative.handler';

@ApiTags('conflict of interest')
@ApiBearerAuth()
@Controller('officers/me/close-relatives')
export class DeclareCloseRelativeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles(...OFFICER_ROLES)
  @ApiOperation({ summary: '近亲属备案: declare one of your close relatives' })
  declare(@Body() dto: DeclareCloseRelativeDto, @CurrentActor() actor: Actor, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.commandBus.execute(new DeclareCloseRelativeCommand(dto, actor, idempotencyKey));
  }
}
