import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { InjectConfig } from '@sa/platform';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import type { OpenReviewDto } from './reviews.dto';

export class OpenReviewCommand {
  constructor(
    readonly caseId: string,
    readonly dto: OpenReviewDto,
    readonly actor: Actor,
  ) {}
}

/** 定期核查 (when due, or from the due-soon window) or 专项核查 (ad hoc, with what prompted it). */
@CommandHandler(OpenReviewCommand)
export class OpenReviewHandler implements ICommandHandler<OpenReviewCommand> {
  constructor(
    private readonly commands: FollowUpPipelines,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  async execute({ caseId, dto, actor }: OpenReviewCommand) {
    await this.commands.caseFor(actor, caseId);
    const reviewId = this.commands.newId();
    const command =
      dto.reviewType === 'PERIODIC'
        ? ({ type: 'OpenPeriodicReview', data: { reviewId, dueSoonDays: this.config.FOLLOW_UP_REVIEW_DUE_SOON_DAYS } } as const)
        : ({
            type: 'OpenAdHocReview',
            data: { reviewId, trigger: { kind: dto.triggerKind ?? 'OTHER', ...(dto.triggerRefId ? { refId: dto.triggerRefId } : {}) } },
          } as const);
    const result = await this.commands.followUp.handle(caseId, command);
    return { caseId, reviewId: result.state.openReview?.reviewId ?? reviewId };
  }
}
