import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, assertJurisdiction } from '@sa/auth';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { AssignInvestigatorDto } from './complaints.dto';

export class AssignInvestigatorCommand {
  constructor(
    readonly complaintId: string,
    readonly dto: AssignInvestigatorDto,
    readonly actor: Actor,
  ) {}
}

/** 指派调查: an investigator from outside the community concerned, never the officer complained about. */
@CommandHandler(AssignInvestigatorCommand)
export class AssignInvestigatorHandler implements ICommandHandler<AssignInvestigatorCommand> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ complaintId, dto, actor }: AssignInvestigatorCommand) {
    const state = await this.commands.complaintFor(complaintId);
    assertJurisdiction(actor, state.filed!.community);
    await this.commands.complaint.handle(
      complaintId,
      {
        type: 'AssignInvestigator',
        data: { investigator: { id: dto.investigatorId, role: dto.investigatorRole, jurisdiction: dto.investigatorJurisdiction } },
      },
      { correlationId: state.filed!.caseId ?? complaintId },
    );
    return { complaintId, investigatorId: dto.investigatorId };
  }
}
