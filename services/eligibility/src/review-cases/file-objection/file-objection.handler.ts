import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { actorRef, caseCommandResponse } from '../shared/case-command-response';
import type { FileObjectionDto } from './file-objection.controller';

export class FileObjectionCommand {
  constructor(
    readonly caseId: string,
    readonly dto: FileObjectionDto,
    readonly actor: Actor,
  ) {}
}

/** File objection: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(FileObjectionCommand)
export class FileObjectionHandler implements ICommandHandler<FileObjectionCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: FileObjectionCommand) {
    const objectionId = randomUUID();
    await this.pipelines.caseFor(actor, caseId);
    const out = await this.pipelines.reviewCase.handle(caseId, {
      type: 'FileObjection',
      data: { objectionId, summary: dto.summary, evidenceRefs: dto.evidenceRefs ?? [] },
    }, { actor: actorRef(actor) });
    return { ...caseCommandResponse(caseId, out), objectionId };
  }
}
