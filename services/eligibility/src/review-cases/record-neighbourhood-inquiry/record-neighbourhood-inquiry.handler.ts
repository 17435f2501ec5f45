import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import type { RecordNeighbourhoodInquiryDto } from './record-neighbourhood-inquiry.controller';

export class RecordNeighbourhoodInquiryCommand {
  constructor(
    readonly caseId: string,
    readonly dto: RecordNeighbourhoodInquiryDto,
    readonly actor: Actor,
  ) {}
}

/** Record neighbourhood inquiry: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(RecordNeighbourhoodInquiryCommand)
export class RecordNeighbourhoodInquiryHandler implements ICommandHandler<RecordNeighbourhoodInquiryCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: RecordNeighbourhoodInquiryCommand) {
    const inquiryId = randomUUID();
    const { response } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: {
      type: 'RecordNeighbourhoodInquiry',
      data: { inquiryId, ...dto, evidenceRefs: dto.evidenceRefs ?? [] },
    } }));
    return { ...response, inquiryId };
  }
}
