import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { RecordReviewVisitDto } from './reviews.dto';

export class RecordReviewVisitCommand {
  constructor(
    readonly caseId: string,
    readonly reviewId: string,
    readonly dto: RecordReviewVisitDto,
    readonly actor: Actor,
  ) {}
}

/** 入户核查: the home visit of a review (two officers, not in the future nor before the review). */
@CommandHandler(RecordReviewVisitCommand)
export class RecordReviewVisitHandler implements ICommandHandler<RecordReviewVisitCommand> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ caseId, reviewId, dto, actor }: RecordReviewVisitCommand) {
    await this.commands.caseFor(actor, caseId);
    await this.commands.followUp.handle(caseId, {
      type: 'RecordReviewVisit',
      data: { reviewId, visitedOn: dto.visitedOn, officerIds: dto.officerIds, note: dto.note, ...(dto.reportRef ? { reportRef: dto.reportRef } : {}) },
    });
    return { caseId, reviewId };
  }
}
