import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@sa/auth';
import { PolicyCatalogue } from '../policy-catalogue';
import { notFoundError } from '../../domain';

const READERS = ['policy_admin', 'street_officer', 'street_reviewer', 'county_approver', 'auditor'] as const;

@ApiTags('policies')
@Controller('policies')
export class ListPoliciesController {
  constructor(private readonly catalogue: PolicyCatalogue) {}

  /** Every policy line with its versions (superseded ones included, marked). */
  @Get()
  @Roles(...READERS)
  async list() {
    const lines = await this.catalogue.lines();
    return lines.map((l) => ({
      policyId: l.state.policyId,
      divisionCode: l.state.divisionCode,
      revision: l.revision,
      versions: l.state.versions.map((v) => ({
        version: v.version.version,
        effectiveFrom: v.version.effectiveFrom,
        publishedOn: v.publishedOn,
        publishedBy: v.publishedBy,
        corrects: v.corrects,
        supersededBy: v.supersededBy,
        active: v.supersededBy === null,
      })),
    }));
  }

  /** One version with all its parameters. */
  @Get('versions/:version')
  @Roles(...READERS)
  async version(@Param('version') label: string) {
    const found = await this.catalogue.find(label);
    if (!found) throw notFoundError('policy_version_not_found', `No policy version ${label}`);
    return { ...found.version, publishedOn: found.publishedOn, publishedBy: found.publishedBy, corrects: found.corrects, supersededBy: found.supersededBy };
  }
}
