import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { actorRef, caseCommandResponse } from '../shared/case-command-response';
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
    await this.pipelines.caseFor(actor, caseId);
    const out = await this.pipelines.reviewCase.handle(caseId, { type: 'RecordEvidenceLetter', data: { letterId, ...dto, replyRef: dto.replyRef ?? null } }, { actor: actorRef(actor) });
    return { ...caseCommandResponse(caseId, out), letterId };
  }
}
