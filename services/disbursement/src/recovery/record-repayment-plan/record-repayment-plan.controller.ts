import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { CommandRoute } from '@sa/platform';
import { entitlementStreamId } from '../../domain';
import { RecordRepaymentPlanDto } from './record-repayment-plan.dto';
import { RecordRepaymentPlanCommand } from './record-repayment-plan.handler';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement')
export class RecordRepaymentPlanController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('entitlements/:caseId/repayment-plans')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({
    summary:
      '退款计划: the case has ended (terminated) with an overpayment outstanding after the offsets: record the instalments (explicit, or instalmentCount + firstDueMonth split evenly), adding up to it',
  })
  recordPlan(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: RecordRepaymentPlanDto, @CurrentActor() actor: Actor) {
    const hasList = body.instalments !== undefined;
    const hasCount = body.instalmentCount !== undefined || body.firstDueMonth !== undefined;
    if (hasList === hasCount || (hasCount && (body.instalmentCount === undefined || body.firstDueMonth === undefined))) {
      throw new ValidationProblemException([{ field: 'instalments', message: 'give either instalments, or instalmentCount and firstDueMonth' }]);
    }
    return this.commandBus.execute(new RecordRepaymentPlanCommand(caseId, body, actor));
  }
}
