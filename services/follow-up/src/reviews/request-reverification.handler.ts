import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { InjectConfig } from '@sa/platform';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { addDays } from '../domain';
import { HouseholdDirectory } from '../read-models/households';
import type { RequestReverificationDto } from './reviews.dto';

export class RequestReverificationCommand {
  constructor(
    readonly caseId: string,
    readonly reviewId: string,
    readonly dto: RequestReverificationDto,
    readonly actor: Actor,
  ) {}
}

/** Ask verification to re-check the household: the members with a valid RECERTIFICATION consent (or those named). */
@CommandHandler(RequestReverificationCommand)
export class RequestReverificationHandler implements ICommandHandler<RequestReverificationCommand> {
  constructor(
    private readonly commands: FollowUpPipelines,
    private readonly households: HouseholdDirectory,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  async execute({ caseId, reviewId, dto, actor }: RequestReverificationCommand) {
    const state = await this.commands.caseFor(actor, caseId);
    if (state.openReview?.reviewId !== reviewId) {
      throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, title: 'Not found', detail: `No open review ${reviewId}` });
    }
    const { now, today } = this.commands.time();
    const scope = await this.households.reverificationScope(caseId, today, dto.memberIds);
    const requestId = this.commands.newId();
    await this.commands.followUp.handle(caseId, {
      type: 'RequestReverification',
      data: {
        requestId,
        members: scope?.members ?? [],
        consents: scope?.consents ?? [],
        referenceMonths: this.config.FOLLOW_UP_REFERENCE_MONTHS,
        dueOn: addDays(today, this.config.FOLLOW_UP_REVERIFICATION_DUE_DAYS),
      },
    }, { now });
    return { caseId, reviewId, requestId };
  }
}
