import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
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
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, async ({ state, today }) => {
      const policy = await this.catalogue.resolve(state.jurisdiction!, today);
      return { command: {
        type: 'ApproveEmergencyAdvance',
        data: {
          advanceId: dto.advanceId,
          amountFen: dto.amountFen,
          policy,
          recipient: { ...dto.recipient },
          reason: dto.reason,
          evidenceRefs: dto.evidenceRefs ?? [],
        },
      }, options: { reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [], policyVersion: policy.version } };
    });
    const approved = out.events.find((e) => e.type === 'EmergencyAdvanceApproved');
    return { ...response, advanceId: dto.advanceId, approved: approved ? approved.data : null };
  }
}
