import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { entitlementStreamId } from '../../domain';
import { ApproveBankAccountChangeCommand } from './approve-bank-account-change.handler';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement/entitlements')
export class ApproveBankAccountChangeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/bank-account-changes/:changeId/approval')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: 'Approve a pending payee change (four-eyes: not the officer who requested it)' })
  approveChange(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Param('changeId', new ParseUUIDPipe()) changeId: string, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new ApproveBankAccountChangeCommand(caseId, changeId, actor));
  }
}
