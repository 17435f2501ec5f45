import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
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
    const { response } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: {
      type: 'FileObjection',
      data: { objectionId, summary: dto.summary, evidenceRefs: dto.evidenceRefs ?? [] },
    } }));
    return { ...response, objectionId };
  }
}
