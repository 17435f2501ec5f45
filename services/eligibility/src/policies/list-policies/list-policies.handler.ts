import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PolicyCatalogue } from '../policy-catalogue';
import { notFoundError } from '../../domain';

export class ListPoliciesQuery {}

export class GetPolicyVersionQuery {
  constructor(readonly label: string) {}
}

/** Every policy line with its versions (superseded ones included, marked). */
@QueryHandler(ListPoliciesQuery)
export class ListPoliciesHandler implements IQueryHandler<ListPoliciesQuery> {
  constructor(private readonly catalogue: PolicyCatalogue) {}

  async execute() {
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
}

/** One version with all its parameters (404 unknown). */
@QueryHandler(GetPolicyVersionQuery)
export class GetPolicyVersionHandler implements IQueryHandler<GetPolicyVersionQuery> {
  constructor(private readonly catalogue: PolicyCatalogue) {}

  async execute({ label }: GetPolicyVersionQuery) {
    const found = await this.catalogue.find(label);
    if (!found) throw notFoundError('policy_version_not_found', `No policy version ${label}`);
    return { ...found.version, publishedOn: found.publishedOn, publishedBy: found.publishedBy, corrects: found.corrects, supersededBy: found.supersededBy };
  }
}
