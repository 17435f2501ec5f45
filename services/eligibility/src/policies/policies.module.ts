import { Module } from '@nestjs/common';
import { DryRunController } from './dry-run/dry-run.controller';
import { ListPoliciesController } from './list-policies/list-policies.controller';
import { PublishPolicyVersionController } from './publish-policy-version/publish-policy-version.controller';

/** Policy administration (政策参数) and the dry-run evaluation. */
@Module({ controllers: [ListPoliciesController, PublishPolicyVersionController, DryRunController] })
export class PoliciesModule {}
