import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { LeadCommands, leadSummary } from '../shared/lead-commands';
import type { RecordLeadContactDto } from './record-lead-contact.dto';

export class RecordLeadContactCommand {
  constructor(
    readonly leadId: string,
    readonly dto: RecordLeadContactDto,
    readonly actor: Actor,
  ) {}
}

@CommandHandler(RecordLeadContactCommand)
export class RecordLeadContactHandler implements ICommandHandler<RecordLeadContactCommand> {
  constructor(private readonly leads: LeadCommands) {}

  async execute({ leadId, dto, actor }: RecordLeadContactCommand) {
    const result = await this.leads.execute({
      leadId,
      actor,
      build: () => ({ type: 'RecordLeadContact', data: { contactedOn: dto.contactedOn, note: dto.note } }),
    });
    return leadSummary(result.state);
  }
}
