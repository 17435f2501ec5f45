import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import type { RecordHomeVisitDto } from './record-home-visit.dto';

export class RecordHomeVisitCommand {
  constructor(
    readonly caseId: string,
    readonly dto: RecordHomeVisitDto,
    readonly actor: Actor,
  ) {}
}

/** Record home visit: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(RecordHomeVisitCommand)
export class RecordHomeVisitHandler implements ICommandHandler<RecordHomeVisitCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, dto, actor }: RecordHomeVisitCommand) {
    const visitId = randomUUID();
    const { response } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: {
      type: 'RecordHomeVisit',
      data: {
        visitId,
        visitedOn: dto.visitedOn,
        officers: dto.officers,
        findings: dto.findings,
        signatureRefs: dto.signatureRefs,
        householdSignatureRef: dto.householdSignatureRef ?? null,
        evidenceRefs: dto.evidenceRefs ?? [],
      },
    } }));
    return { ...response, visitId };
  }
}
