import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { actorRef, caseCommandResponse } from '../shared/case-command-response';
import type { PostPublicNoticeDto } from './post-public-notice.controller';

export class PostPublicNoticeCommand {
  constructor(
    readonly caseId: string,
    readonly dto: PostPublicNoticeDto,
    readonly actor: Actor,
  ) {}
}

/** Post public notice: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(PostPublicNoticeCommand)
export class PostPublicNoticeHandler implements ICommandHandler<PostPublicNoticeCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: PostPublicNoticeCommand) {
    const noticeId = randomUUID();
    await this.pipelines.caseFor(actor, caseId);
    const out = await this.pipelines.reviewCase.handle(caseId, { type: 'PostPublicNotice', data: { noticeId, location: dto.location } }, { actor: actorRef(actor) });
    const notice = out.state.notices.find((n) => n.noticeId === noticeId) ?? null;
    return { ...caseCommandResponse(caseId, out), noticeId, postedOn: notice?.postedOn ?? null, lastDay: notice?.lastDay ?? null, text: notice?.text ?? null };
  }
}
