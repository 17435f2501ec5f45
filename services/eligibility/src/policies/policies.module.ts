import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DryRunController } from './dry-run/dry-run.controller';
import { DryRunHandler } from './dry-run/dry-run.handler';
import { ListPoliciesController } from './list-policies/list-policies.controller';
import { GetPolicyVersionHandler, ListPoliciesHandler } from './list-policies/list-policies.handler';
import { PublishPolicyVersionController } from './publish-policy-version/publish-policy-version.controller';
import { CorrectPolicyVersionHandler, PublishPolicyVersionHandler } from './publish-policy-version/publish-policy-version.handler';

/**
 * Policy administration (政策参数) and the dry-run evaluation: controller → CommandBus / QueryBus →
 * handler (which calls the policy catalogue).
 */
@Module({
  imports: [CqrsModule],
  controllers: [ListPoliciesController, PublishPolicyVersionController, DryRunController],
  providers: [ListPoliciesHandler, GetPolicyVersionHandler, PublishPolicyVersionHandler, CorrectPolicyVersionHandler, DryRunHandler],
})
export class PoliciesModule {}
