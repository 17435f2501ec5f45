import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import type { ResolveObjectionDto } from './resolve-objection.controller';

export class ResolveObjectionCommand {
  constructor(
    readonly caseId: string,
    readonly objectionId: string,
    readonly dto: ResolveObjectionDto,
    readonly actor: Actor,
  ) {}
}

/** Resolve objection: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(ResolveObjectionCommand)
export class ResolveObjectionHandler implements ICommandHandler<ResolveObjectionCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ caseId, objectionId, dto, actor }: ResolveObjectionCommand) {
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, () => ({ command: {
      type: 'ResolveObjection',
      data: {
        objectionId,
        method: dto.method,
        outcome: dto.outcome,
        findings: dto.findings,
        appraisal: dto.appraisal ?? null,
        evidenceRefs: dto.evidenceRefs ?? [],
      },
    } }));
    return { ...response, round: out.state.round };
  }
}
