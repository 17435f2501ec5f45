import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import type { DecideBenefitChangeDto } from './decide-benefit-change.controller';

export class DecideBenefitChangeCommand {
  constructor(
    readonly caseId: string,
    readonly dto: DecideBenefitChangeDto,
    readonly actor: Actor,
  ) {}
}

/** Decide benefit change: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(DecideBenefitChangeCommand)
export class DecideBenefitChangeHandler implements ICommandHandler<DecideBenefitChangeCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  async execute({ caseId, dto, actor }: DecideBenefitChangeCommand) {
    const decisionId = randomUUID();
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, async ({ state, today }) => {
      const policy = await this.catalogue.resolve(state.jurisdiction!, today);
      return { command: {
        type: 'DecideBenefitChange',
        data: { decisionId, policy, reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [] },
      }, options: { reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [], policyVersion: policy.version } };
    });
    return { ...response, decisionId: out.events.length > 0 ? decisionId : null, benefit: out.state.benefit };
  }
}
