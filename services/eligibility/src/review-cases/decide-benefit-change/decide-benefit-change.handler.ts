import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import { actorRef, caseCommandResponse } from '../shared/case-command-response';
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
    const { state } = await this.pipelines.caseFor(actor, caseId);
    const { now, today } = this.pipelines.time();
    const policy = await this.catalogue.resolve(state.jurisdiction!, today);
    const out = await this.pipelines.reviewCase.handle(caseId, {
      type: 'DecideBenefitChange',
      data: { decisionId, policy, reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [] },
    }, { actor: actorRef(actor), now, reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [], policyVersion: policy.version });
    return { ...caseCommandResponse(caseId, out), decisionId: out.events.length > 0 ? decisionId : null, benefit: out.state.benefit };
  }
}
