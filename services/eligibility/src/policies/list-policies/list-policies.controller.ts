import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@sa/auth';
import { GetPolicyVersionQuery, ListPoliciesQuery } from './list-policies.handler';

const READERS = ['policy_admin', 'street_officer', 'street_reviewer', 'county_approver', 'auditor'] as const;

@ApiTags('policies')
@Controller('policies')
export class ListPoliciesController {
  constructor(private readonly queryBus: QueryBus) {}

  /** Every policy line with its versions (superseded ones included, marked). */
  @Get()
  @Roles(...READERS)
  async list() {
    return this.queryBus.execute(new ListPoliciesQuery());
  }

  /** One version with all its parameters. */
  @Get('versions/:version')
  @Roles(...READERS)
  async version(@Param('version') label: string) {
    return this.queryBus.execute(new GetPolicyVersionQuery(label));
  }
}
