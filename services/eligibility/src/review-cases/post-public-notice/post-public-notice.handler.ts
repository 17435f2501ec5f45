import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
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
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: { type: 'PostPublicNotice', data: { noticeId, location: dto.location } } }));
    const notice = out.state.notices.find((n) => n.noticeId === noticeId) ?? null;
    return { ...response, noticeId, postedOn: notice?.postedOn ?? null, lastDay: notice?.lastDay ?? null, text: notice?.text ?? null };
  }
}
