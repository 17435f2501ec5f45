import { Module } from '@nestjs/common';
import { PolicyImpactListController } from './policy-impact-list.controller';
import { PolicyImpactController, RedeterminationDecisionsController } from './policy-impact.controller';
import { PolicyImpactService } from './policy-impact.service';

/** Caseload impact of a draft standard, re-determination proposals after publication, the county's batch decisions (issue #14 item 6). */
@Module({ controllers: [PolicyImpactListController, PolicyImpactController, RedeterminationDecisionsController], providers: [PolicyImpactService], exports: [PolicyImpactService] })
export class PolicyImpactModule {}
