import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, assertJurisdiction } from '@sa/auth';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FileComplaintDto } from './complaints.dto';

export class FileComplaintCommand {
  constructor(
    readonly dto: FileComplaintDto,
    readonly actor: Actor,
  ) {}
}

/** 监督举报: file a complaint or tip-off (anonymous or named), about a case (its community is the case's) or an officer. */
@CommandHandler(FileComplaintCommand)
export class FileComplaintHandler implements ICommandHandler<FileComplaintCommand> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ dto, actor }: FileComplaintCommand) {
    const complaintId = this.commands.newId();
    let community = dto.community;
    let caseNumber: string | undefined;
    if (dto.caseId) {
      const { state } = await this.commands.followUp.aggregate(dto.caseId);
      if (state.status !== 'NONE') {
        community = state.jurisdiction!;
        caseNumber = state.caseNumber;
        assertJurisdiction(actor, community, 'caseId');
      }
    }
    await this.commands.complaint.handle(
      complaintId,
      {
        type: 'FileComplaint',
        data: {
          complaintId,
          about: dto.about,
          ...(dto.caseId ? { caseId: dto.caseId } : {}),
          ...(caseNumber ? { caseNumber } : {}),
          ...(dto.officerId ? { officerId: dto.officerId } : {}),
          community,
          channel: dto.channel,
          subject: dto.subject,
          anonymous: dto.anonymous,
          ...(dto.complainant ? { complainant: { ...dto.complainant } } : {}),
          allegation: dto.allegation,
          receivedOn: dto.receivedOn,
        },
      },
      { correlationId: dto.caseId ?? complaintId },
    );
    return { complaintId };
  }
}
