import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { entitlementStreamId } from '../../domain';
import { RequestBankAccountChangeDto } from './request-bank-account-change.dto';
import { RequestBankAccountChangeCommand } from './request-bank-account-change.handler';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement/entitlements')
export class RequestBankAccountChangeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/bank-account-changes')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: "Request a payee change (with the household's written request as evidence); it takes effect when a second officer approves" })
  requestChange(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: RequestBankAccountChangeDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new RequestBankAccountChangeCommand(caseId, body, actor));
  }
}
