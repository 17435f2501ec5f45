import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { entitlementStreamId } from '../../domain';
import { RecordRepaymentDto } from './record-repayment.dto';
import { RecordRepaymentCommand } from './record-repayment.handler';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement')
export class RecordRepaymentController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('entitlements/:caseId/repayment-plans/:planId/repayments')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: 'A repayment received under the plan (with the receipt as evidence); never beyond the plan balance; a retry (same repaymentId) is recognised' })
  recordRepayment(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('planId', new ParseUUIDPipe()) planId: string,
    @Body() body: RecordRepaymentDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new RecordRepaymentCommand(caseId, planId, body, actor));
  }
}
