import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { randomUUID } from 'node:crypto';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import { toChange } from '../shared/dto';
import type { ConcludeReviewDto } from './reviews.dto';

export class ConcludeReviewCommand {
  constructor(
    readonly caseId: string,
    readonly reviewId: string,
    readonly dto: ConcludeReviewDto,
    readonly actor: Actor,
  ) {}
}

/** 核查结论: NO_CHANGE, or a proposal with written reasons (sent to eligibility as ChangeRequested). */
@CommandHandler(ConcludeReviewCommand)
export class ConcludeReviewHandler implements ICommandHandler<ConcludeReviewCommand> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ caseId, reviewId, dto, actor }: ConcludeReviewCommand) {
    await this.commands.caseFor(actor, caseId);
    const changeRequestId = randomUUID();
    const result = await this.commands.followUp.handle(
      caseId,
      {
        type: 'ConcludeReview',
        data: { reviewId, changeRequestId, finding: dto.finding, recommendation: dto.recommendation, reasons: dto.reasons, changes: dto.changes.map(toChange), summary: dto.summary },
      },
      // The metadata (stored in clear) names the finding and recommendation (codes); the written reasons and the summary
      // are free text about the household, sealed in the event's data (issue 18).
      { reason: `${dto.finding}/${dto.recommendation}` },
    );
    const proposed = result.events.find((e) => e.type === 'ChangeProposed');
    return {
      caseId,
      reviewId,
      nextReviewDueMonth: result.state.nextReviewDueMonth,
      ...(proposed ? { changeRequestId: (proposed.data as { changeRequestId: string }).changeRequestId } : {}),
    };
  }
}
