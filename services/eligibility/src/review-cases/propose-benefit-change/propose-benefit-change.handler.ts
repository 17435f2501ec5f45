import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import type { ProposeBenefitChangeDto } from './propose-benefit-change.controller';

export class ProposeBenefitChangeCommand {
  constructor(
    readonly caseId: string,
    readonly dto: ProposeBenefitChangeDto,
    readonly actor: Actor,
  ) {}
}

/** Propose benefit change: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(ProposeBenefitChangeCommand)
export class ProposeBenefitChangeHandler implements ICommandHandler<ProposeBenefitChangeCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  async execute({ caseId, dto, actor }: ProposeBenefitChangeCommand) {
    const proposalId = randomUUID();
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, async ({ state, today }) => {
      const policy = await this.catalogue.resolve(state.jurisdiction!, today);
      return { command: {
        type: 'ProposeBenefitChange',
        data: { proposalId, policy, reason: { code: dto.reason.code, description: dto.reason.description } },
      }, options: { policyVersion: policy.version } };
    });
    const proposal = out.state.redetermination?.proposal ?? null;
    return {
      ...response,
      proposalId,
      changeType: proposal?.changeType ?? null,
      monthlyAmountFen: proposal?.monthlyAmountFen ?? null,
      policyVersion: proposal?.policyVersion ?? null,
    };
  }
}
