import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PolicyImpactListController } from './policy-impact-list.controller';
import { ListPolicyImpactsHandler } from './policy-impact-list.handler';
import { PolicyImpactController } from './policy-impact.controller';
import {
  DecideRedeterminationsHandler,
  EvaluatePolicyImpactHandler,
  ExportPolicyImpactCasesHandler,
  GetPolicyImpactHandler,
  ListPolicyImpactCasesHandler,
  ProposeRedeterminationsHandler,
} from './policy-impact.handlers';
import { PolicyImpactService } from './policy-impact.service';

/**
 * Caseload impact of a draft standard, re-determination proposals after publication, the county's batch
 * decisions (issue #14 item 6): controllers → CommandBus / QueryBus → handlers (which call PolicyImpactService).
 */
@Module({
  imports: [CqrsModule],
  controllers: [PolicyImpactListController, PolicyImpactController],
  providers: [
    PolicyImpactService,
    ListPolicyImpactsHandler,
    EvaluatePolicyImpactHandler,
    GetPolicyImpactHandler,
    ListPolicyImpactCasesHandler,
    ExportPolicyImpactCasesHandler,
    ProposeRedeterminationsHandler,
    DecideRedeterminationsHandler,
  ],
  exports: [PolicyImpactService],
})
export class PolicyImpactModule {}
