import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CaseRead, PersonalRead } from '@sa/platform';
import { entitlementStreamId } from '../../domain';
import { GetEntitlementQuery } from './get-entitlement.handler';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement/entitlements')
export class GetEntitlementController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId')
  @CaseRead((p) => entitlementStreamId(p.caseId))
  @Roles('disbursement_officer', 'auditor', 'county_approver')
  @PersonalRead()
  @ApiOperation({ summary: 'The entitlement of a case, with the amount owed this month' })
  get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetEntitlementQuery(caseId, actor));
  }
}
