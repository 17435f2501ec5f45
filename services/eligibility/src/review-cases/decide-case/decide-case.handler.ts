import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import type { DecideCaseDto } from './decide-case.controller';

export class DecideCaseCommand {
  constructor(
    readonly caseId: string,
    readonly dto: DecideCaseDto,
    readonly actor: Actor,
  ) {}
}

/** Decide case: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(DecideCaseCommand)
export class DecideCaseHandler implements ICommandHandler<DecideCaseCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  async execute({ caseId, dto, actor }: DecideCaseCommand) {
    const decisionId = randomUUID();
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, async ({ state, today }) => {
      const policy = await this.catalogue.resolve(state.jurisdiction!, today);
      return { command: {
        type: 'DecideCase',
        data: {
          decisionId,
          outcome: dto.outcome,
          policy,
          recipient: dto.recipient ?? null,
          ...(dto.reasons ? { reasons: dto.reasons } : {}),
          ...(dto.collectiveDecision ? { collectiveDecision: { ...dto.collectiveDecision, approvers: dto.collectiveDecision.approvers.map((a) => ({ ...a })) } } : {}),
          reason: dto.reason,
          evidenceRefs: dto.evidenceRefs ?? [],
        },
      }, options: { reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [], policyVersion: policy.version } };
    });
    return { ...response, decision: out.state.decision };
  }
}
