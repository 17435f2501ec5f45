import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import type { FileAppealDto } from './appeals.dto';

export class FileAppealCommand {
  constructor(
    readonly caseId: string,
    readonly dto: FileAppealDto,
    readonly actor: Actor,
  ) {}
}

/** File appeal: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(FileAppealCommand)
export class FileAppealHandler implements ICommandHandler<FileAppealCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: FileAppealCommand) {
    const appealId = dto.appealId ?? randomUUID();
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: {
      type: 'FileAppeal',
      data: {
        appealId,
        kind: dto.kind,
        contestedDecisionId: dto.contestedDecisionId,
        filedOn: dto.filedOn,
        noticeReceivedOn: dto.noticeReceivedOn,
        reason: dto.reason,
        evidenceRefs: dto.evidenceRefs ?? [],
        lateFilingReason: dto.lateFilingReason ?? null,
      },
    }, options: { reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [] } }));
    return { ...response, appealId, appeal: (out.state.appeals ?? []).find((a) => a.appealId === appealId) ?? null };
  }
}
