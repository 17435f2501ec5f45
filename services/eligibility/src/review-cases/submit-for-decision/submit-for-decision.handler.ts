import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import type { SubmitForDecisionDto } from './submit-for-decision.controller';

export class SubmitForDecisionCommand {
  constructor(
    readonly caseId: string,
    readonly dto: SubmitForDecisionDto,
    readonly actor: Actor,
  ) {}
}

/** Submit for decision: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(SubmitForDecisionCommand)
export class SubmitForDecisionHandler implements ICommandHandler<SubmitForDecisionCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: SubmitForDecisionCommand) {
    const { response } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: { type: 'SubmitForDecision', data: { reviewNote: dto.reviewNote } } }));
    return response;
  }
}
