import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import type { RecordAppealOutcomeDto } from './appeals.dto';

export class RecordAppealOutcomeCommand {
  constructor(
    readonly caseId: string,
    readonly appealId: string,
    readonly dto: RecordAppealOutcomeDto,
    readonly actor: Actor,
  ) {}
}

/** Record appeal outcome: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(RecordAppealOutcomeCommand)
export class RecordAppealOutcomeHandler implements ICommandHandler<RecordAppealOutcomeCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  async execute({ caseId, appealId, dto, actor }: RecordAppealOutcomeCommand) {
    const newDecisionId = dto.newDecision ? randomUUID() : null;
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, async ({ state, today }) => {
      const policy = dto.newDecision !== undefined ? await this.catalogue.resolve(state.jurisdiction!, today) : null;
      return { command: {
        type: 'RecordAppealOutcome',
        data: {
          appealId,
          outcome: dto.outcome,
          documentRef: dto.documentRef,
          documentDate: dto.documentDate,
          reason: dto.reason,
          evidenceRefs: dto.evidenceRefs ?? [],
          newDecision: dto.newDecision
            ? {
                decisionId: newDecisionId!,
                effectiveFrom: dto.newDecision.effectiveFrom ?? '',
                eligible: dto.newDecision.eligible,
                monthlyAmountFen: dto.newDecision.monthlyAmountFen ?? null,
                recipient: dto.newDecision.recipient ?? null,
              }
            : null,
          policy,
        },
      }, options: { reason: dto.reason, evidenceRefs: [dto.documentRef, ...(dto.evidenceRefs ?? [])], policyVersion: policy?.version } };
    });
    // A change of the benefit (BenefitChangeDecided), or the approval a revoked refusal becomes (CaseApproved).
    const decided = out.events.find((e) => e.type === 'BenefitChangeDecided' || e.type === 'CaseApproved');
    return {
      ...response,
      appealId,
      appeal: (out.state.appeals ?? []).find((a) => a.appealId === appealId) ?? null,
      newDecision: decided ? decided.data : null,
    };
  }
}
