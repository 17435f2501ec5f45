import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import type { RecordEvidenceLetterDto } from './record-evidence-letter.controller';

export class RecordEvidenceLetterCommand {
  constructor(
    readonly caseId: string,
    readonly dto: RecordEvidenceLetterDto,
    readonly actor: Actor,
  ) {}
}

/** Record evidence letter: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(RecordEvidenceLetterCommand)
export class RecordEvidenceLetterHandler implements ICommandHandler<RecordEvidenceLetterCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: RecordEvidenceLetterCommand) {
    const letterId = randomUUID();
    const { response } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: { type: 'RecordEvidenceLetter', data: { letterId, ...dto, replyRef: dto.replyRef ?? null } } }));
    return { ...response, letterId };
  }
}
