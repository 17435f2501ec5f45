import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { DryRunDto } from './dry-run.dto';
import { DryRunQuery } from './dry-run.handler';

@ApiTags('policies')
@Controller('policies')
export class DryRunController {
  constructor(private readonly queryBus: QueryBus) {}

  /** Evaluates a household against a policy version without creating a case: the amount and its explanation. */
  @Post('dry-run')
  @HttpCode(200)
  @Roles('policy_admin', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOkResponse({ description: 'eligible, outcome, monthlyAmountFen, supplements, reasons and the step-by-step explanation' })
  async dryRun(@Body() dto: DryRunDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new DryRunQuery(dto, actor));
  }
}
