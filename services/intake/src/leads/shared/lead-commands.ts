import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import type { CommandOutcome } from '@sa/eventstore';
import { type CommandTime, IntakePipelines, officerRef } from '../../commands/intake-pipelines';
import { type LeadCommandBody, type LeadEvent, type LeadState, type OfficerRef } from '../../domain';

/** Runs a command on the stream `lead-<leadId>`; correlation id = the case the lead concerns. */
@Injectable()
export class LeadCommands {
  constructor(private readonly pipelines: IntakePipelines) {}

  async execute(request: {
    leadId: string;
    actor: Actor;
    commandId?: string;
    reason?: string;
    build: (ctx: { officer: OfficerRef; time: CommandTime; state: LeadState }) => LeadCommandBody | Promise<LeadCommandBody>;
    correlationId?: string;
  }): Promise<CommandOutcome<LeadEvent, LeadState>> {
    const time = this.pipelines.time();
    const officer = officerRef(request.actor);
    const { state } = await this.pipelines.lead.aggregate(request.leadId);
    const body = await request.build({ officer, time, state });
    return this.pipelines.lead.handle(request.leadId, body, {
      actor: officer,
      now: time.now,
      ...(request.commandId ? { commandId: request.commandId } : {}),
      correlationId: request.correlationId ?? state.caseId ?? request.leadId,
      ...(request.reason ? { reason: request.reason } : {}),
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
    dueOnProvisional: state.dueOnProvisional === true,
    concernsExistingCase: state.concernsExistingCase ?? false,
  };
}
