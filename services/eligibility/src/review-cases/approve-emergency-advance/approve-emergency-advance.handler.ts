import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import { actorRef, caseCommandResponse } from '../shared/case-command-response';
import type { ApproveEmergencyAdvanceDto } from './approve-emergency-advance.controller';

export class ApproveEmergencyAdvanceCommand {
  constructor(
    readonly caseId: string,
    readonly dto: ApproveEmergencyAdvanceDto,
    readonly actor: Actor,
  ) {}
}

/** Approve emergency advance: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(ApproveEmergencyAdvanceCommand)
export class ApproveEmergencyAdvanceHandler implements ICommandHandler<ApproveEmergencyAdvanceCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  async execute({ caseId, dto, actor }: ApproveEmergencyAdvanceCommand) {
    const { state } = await this.pipelines.caseFor(actor, caseId);
    const { now, today } = this.pipelines.time();
    const policy = await this.catalogue.resolve(state.jurisdiction!, today);
    const out = await this.pipelines.reviewCase.handle(caseId, {
      type: 'ApproveEmergencyAdvance',
      data: {
        advanceId: dto.advanceId,
        amountFen: dto.amountFen,
        policy,
        recipient: { ...dto.recipient },
        reason: dto.reason,
        evidenceRefs: dto.evidenceRefs ?? [],
      },
    }, { actor: actorRef(actor), now, reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [], policyVersion: policy.version });
    const approved = out.events.find((e) => e.type === 'EmergencyAdvanceApproved');
    return { ...caseCommandResponse(caseId, out), advanceId: dto.advanceId, approved: approved ? approved.data : null };
  }
}
