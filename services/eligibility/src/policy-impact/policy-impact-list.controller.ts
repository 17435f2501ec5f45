import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { PageQueryDto } from '@sa/platform';
import { ListPolicyImpactsQuery } from './policy-impact-list.handler';

export type { PolicyImpactListItem } from './policy-impact-list.handler';

/** `?page=&pageSize=` of the impact list (default 20 a page; unknown parameters refused by the global pipe). */
export class ListPolicyImpactsQueryDto extends PageQueryDto {}

/**
 * The impact evaluations of the caller's jurisdiction (its divisions and those below), newest first:
 * how the county approver and the policy administrator find an impact without its link.
 */
@ApiTags('policies: caseload impact')
@Controller('policies')
export class PolicyImpactListController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('impact')
  @Roles('policy_admin', 'county_approver', 'auditor')
  @ApiOkResponse({ description: '{ items: [{ impactId, jurisdiction, policyVersion, evaluatedOn, createdAt, counts, cases, monthlyCost*Fen, changedCases, openRedeterminations, decidedCases }], total, page, pageSize }' })
  async list(@Query() q: ListPolicyImpactsQueryDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new ListPolicyImpactsQuery(q, actor));
  }
}
