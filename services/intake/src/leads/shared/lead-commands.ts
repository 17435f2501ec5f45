import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import type { HandleCommandResult } from '@sa/eventstore';
import { type CommandTime, IntakeCommands, officerRef } from '../../commands/intake-commands';
import { type LeadCommand, leadDecider, type LeadEvent, type LeadState, leadStreamId, type OfficerRef } from '../../domain';

/** Runs a command on the stream `lead-<leadId>`; correlation id = the case the lead concerns. */
@Injectable()
export class LeadCommands {
  constructor(private readonly commands: IntakeCommands) {}

  async execute(request: {
    leadId: string;
    actor: Actor;
    idempotencyKey?: string;
    commandId?: string;
    reason?: string;
    build: (ctx: { officer: OfficerRef; time: CommandTime; state: LeadState }) => LeadCommand | Promise<LeadCommand>;
    correlationId?: string;
  }): Promise<HandleCommandResult<LeadEvent, LeadState>> {
    const time = this.commands.time();
    const officer = officerRef(request.actor);
    const streamId = leadStreamId(request.leadId);
    const { state } = await this.commands.load(streamId, leadDecider);
    const command = await request.build({ officer, time, state });
    return this.commands.run({
      streamId,
      decider: leadDecider,
      command,
      commandId: request.commandId ?? this.commands.commandId(request.idempotencyKey),
      correlationId: request.correlationId ?? state.caseId ?? request.leadId,
      actor: officer,
      occurredAt: time.now,
      reason: request.reason,
    });
  }
}

export function leadSummary(state: LeadState) {
  return {
    leadId: state.leadId!,
    caseId: state.caseId!,
    status: state.status,
    jurisdiction: state.jurisdiction!,
    reportedOn: state.reportedOn!,
    dueOn: state.dueOn!,
    concernsExistingCase: state.concernsExistingCase ?? false,
  };
}
