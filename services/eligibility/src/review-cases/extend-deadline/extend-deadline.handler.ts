import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import type { ExtendDeadlineDto } from './extend-deadline.controller';

export class ExtendDeadlineCommand {
  constructor(
    readonly caseId: string,
    readonly dto: ExtendDeadlineDto,
    readonly actor: Actor,
  ) {}
}

/** Extend deadline: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(ExtendDeadlineCommand)
export class ExtendDeadlineHandler implements ICommandHandler<ExtendDeadlineCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: ExtendDeadlineCommand) {
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: { type: 'ExtendDecisionDeadline', data: { reason: dto.reason } }, options: { reason: dto.reason } }));
    return { ...response, deadline: out.state.deadline };
  }
}
