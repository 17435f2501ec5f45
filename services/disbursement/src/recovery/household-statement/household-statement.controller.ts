import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { PersonalRead } from '@sa/platform';
import type { HouseholdStatement } from '../statement';
import { HouseholdStatementQuery } from './household-statement.handler';

/** 补发 / 追回 seen from a household: the payment statement. */
@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement')
export class HouseholdStatementController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('cases/:caseId/statement')
  @Roles('disbursement_officer', 'auditor', 'county_approver')
  // the repayment plans' and repayments' reasons are an officer's free text, shown opened: a personal read when shown
  @PersonalRead({ shows: ['repaymentPlans[].reason', 'repaymentPlans[].repayments[].reason'] })
  @ApiOperation({
    summary:
      '发放明细: per month the regular amount, arrears paid (补发), offsets (追回), net paid, returned, repayments and the overpayment outstanding; each payment with the decision it traces to',
  })
  statement(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor): Promise<HouseholdStatement & { recoveryCapPercent: number; recoveryCapSource: 'POLICY' | 'SERVICE_DEFAULT' }> {
    return this.queryBus.execute(new HouseholdStatementQuery(caseId, actor));
  }
}
