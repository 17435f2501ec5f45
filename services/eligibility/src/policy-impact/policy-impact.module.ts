import { Module } from '@nestjs/common';
import { PolicyImpactController, RedeterminationDecisionsController } from './policy-impact.controller';
import { PolicyImpactService } from './policy-impact.service';

/** Caseload impact of a draft standard, re-determination proposals after publication, the county's batch decisions (issue #14 item 6). */
@Module({ controllers: [PolicyImpactController, RedeterminationDecisionsController], providers: [PolicyImpactService], exports: [PolicyImpactService] })
export class PolicyImpactModule {}
