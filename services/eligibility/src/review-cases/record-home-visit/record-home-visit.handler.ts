import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { actorRef, caseCommandResponse } from '../shared/case-command-response';
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
    await this.pipelines.caseFor(actor, caseId);
    const out = await this.pipelines.reviewCase.handle(caseId, {
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
    }, { actor: actorRef(actor) });
    return { ...caseCommandResponse(caseId, out), visitId };
  }
}
