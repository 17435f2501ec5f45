import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { currentCommandScope } from '@sa/eventstore';
import { randomUUID } from 'node:crypto';
import type { ImpactOutcome, PolicyVersion } from '../domain';
import { PolicyImpactService } from './policy-impact.service';

export class EvaluatePolicyImpactCommand {
  constructor(
    readonly version: PolicyVersion,
    readonly refusalMonths: number,
    readonly actor: Actor,
  ) {}
}

export class GetPolicyImpactQuery {
  constructor(
    readonly impactId: string,
    readonly actor: Actor,
  ) {}
}

export class ListPolicyImpactCasesQuery {
  constructor(
    readonly impactId: string,
    readonly actor: Actor,
    readonly q: { outcome?: ImpactOutcome; page: number; pageSize: number },
  ) {}
}

/** The stored summary (jurisdiction checked) and the per-case rows in keyset pages, for the controller to stream. */
export class ExportPolicyImpactCasesQuery {
  constructor(
    readonly impactId: string,
    readonly outcome: ImpactOutcome | undefined,
    readonly actor: Actor,
  ) {}
}

export class ProposeRedeterminationsCommand {
  constructor(
    readonly versionId: string,
    readonly impactId: string | undefined,
    readonly actor: Actor,
  ) {}
}

export class DecideRedeterminationsCommand {
  constructor(
    readonly versionId: string,
    readonly caseIds: string[],
    readonly decision: 'APPROVE' | 'REJECT',
    readonly reason: string,
    readonly evidenceRefs: string[],
    readonly actor: Actor,
  ) {}
}

/** Evaluates every case of the draft's division under the draft; the impact id is the command id when the request is keyed. */
@CommandHandler(EvaluatePolicyImpactCommand)
export class EvaluatePolicyImpactHandler implements ICommandHandler<EvaluatePolicyImpactCommand> {
  constructor(private readonly impacts: PolicyImpactService) {}

  async execute({ version, refusalMonths, actor }: EvaluatePolicyImpactCommand) {
    const impactId = currentCommandScope()?.keyed ? currentCommandScope()!.commandId : randomUUID();
    const summary = await this.impacts.evaluate(version, refusalMonths, actor, impactId);
    const { draft: _draft, ...rest } = summary;
    return { ...rest, policyVersion: version.version, monthlyCostChangeFen: summary.monthlyCostAfterFen - summary.monthlyCostBeforeFen };
  }
}

@QueryHandler(GetPolicyImpactQuery)
export class GetPolicyImpactHandler implements IQueryHandler<GetPolicyImpactQuery> {
  constructor(private readonly impacts: PolicyImpactService) {}

  async execute({ impactId, actor }: GetPolicyImpactQuery) {
    const summary = await this.impacts.summary(impactId, actor);
    return { ...summary, policyVersion: summary.draft.version, monthlyCostChangeFen: summary.monthlyCostAfterFen - summary.monthlyCostBeforeFen };
  }
}

@QueryHandler(ListPolicyImpactCasesQuery)
export class ListPolicyImpactCasesHandler implements IQueryHandler<ListPolicyImpactCasesQuery> {
  constructor(private readonly impacts: PolicyImpactService) {}

  async execute({ impactId, actor, q }: ListPolicyImpactCasesQuery) {
    return this.impacts.cases(impactId, actor, q);
  }
}

@QueryHandler(ExportPolicyImpactCasesQuery)
export class ExportPolicyImpactCasesHandler implements IQueryHandler<ExportPolicyImpactCasesQuery> {
  constructor(private readonly impacts: PolicyImpactService) {}

  async execute({ impactId, outcome, actor }: ExportPolicyImpactCasesQuery) {
    const summary = await this.impacts.summary(impactId, actor);
    return { summary, pages: this.impacts.exportPages(impactId, outcome) };
  }
}

/** After publication: one re-determination proposal per changed case of the version's impact (idempotent). */
@CommandHandler(ProposeRedeterminationsCommand)
export class ProposeRedeterminationsHandler implements ICommandHandler<ProposeRedeterminationsCommand> {
  constructor(private readonly impacts: PolicyImpactService) {}

  async execute({ versionId, impactId, actor }: ProposeRedeterminationsCommand) {
    return this.impacts.propose(versionId, impactId, actor);
  }
}

/** The county's batch decision on proposed re-determinations of one version, all or nothing (the command id names the batch). */
@CommandHandler(DecideRedeterminationsCommand)
export class DecideRedeterminationsHandler implements ICommandHandler<DecideRedeterminationsCommand> {
  constructor(private readonly impacts: PolicyImpactService) {}

  async execute({ versionId, caseIds, decision, reason, evidenceRefs, actor }: DecideRedeterminationsCommand) {
    const commandId = currentCommandScope()?.commandId ?? randomUUID();
    return this.impacts.decideBatch({ versionId, caseIds, decision, reason, evidenceRefs, actor, commandId });
  }
}
