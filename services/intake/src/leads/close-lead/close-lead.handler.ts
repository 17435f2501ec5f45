import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { LeadCommands, leadSummary } from '../shared/lead-commands';
import type { CloseLeadDto } from './close-lead.dto';

export class CloseLeadCommand {
  constructor(
    readonly leadId: string,
    readonly dto: CloseLeadDto,
    readonly actor: Actor,
  ) {}
}

@CommandHandler(CloseLeadCommand)
export class CloseLeadHandler implements ICommandHandler<CloseLeadCommand> {
  constructor(private readonly leads: LeadCommands) {}

  async execute({ leadId, dto, actor }: CloseLeadCommand) {
    const result = await this.leads.execute({
      leadId,
      actor,
      // the closing reason (a code) as the metadata's reason: the note is free text, sealed in the data (issue 18)
      reason: dto.reason,
      build: () => ({ type: 'CloseLead', data: { reason: dto.reason, note: dto.note } }),
    });
    return leadSummary(result.state);
  }
}
