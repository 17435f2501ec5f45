import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import type { IssueInitialOpinionDto } from './issue-initial-opinion.controller';

export class IssueInitialOpinionCommand {
  constructor(
    readonly caseId: string,
    readonly dto: IssueInitialOpinionDto,
    readonly actor: Actor,
  ) {}
}

/** Issue initial opinion: the case as the caller may see it, the command to the review-case pipeline (which adds `metadata: { actor, now }`). */
@CommandHandler(IssueInitialOpinionCommand)
export class IssueInitialOpinionHandler implements ICommandHandler<IssueInitialOpinionCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  async execute({ caseId, dto, actor }: IssueInitialOpinionCommand) {
    const opinionId = randomUUID();
    const { response, outcome: out } = await this.pipelines.caseCommand(actor, caseId, async ({ state, today }) => {
      const policy = await this.catalogue.resolve(state.jurisdiction!, today);
      return { command: {
        type: 'IssueInitialOpinion',
        data: {
          opinionId,
          proposal: dto.proposal,
          policy,
          ...(dto.reasons ? { reasons: dto.reasons } : {}),
          ...(dto.note ? { note: dto.note } : {}),
          extremePoverty: dto.extremePoverty ?? null,
          temporary: dto.temporary ?? null,
          reviewClass: dto.reviewClass ?? null,
        },
      }, options: { policyVersion: policy.version } };
    });
    const opinion = out.state.opinions.find((o) => o.opinionId === opinionId) ?? null;
    return {
      ...response,
      opinionId,
      policyVersion: opinion?.policyVersion ?? null,
      proposedAmountFen: opinion?.assessment?.monthlyAmountFen ?? null,
      noticeRequired: opinion?.noticeRequired ?? null,
      reasons: opinion?.reasons ?? [],
    };
  }
}
