import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import type { HandleCommandResult } from '@sa/eventstore';
import { type CommandTime, IntakeCommands, officerRef } from '../../commands/intake-commands';
import {
  type ApplicationCommand,
  applicationDecider,
  type ApplicationEvent,
  type ApplicationState,
  applicationStreamId,
  type OfficerRef,
} from '../../domain';

export interface CaseCommandRequest {
  caseId: string;
  actor: Actor;
  idempotencyKey?: string;
  /** Builds the command from the officer, the time and the current state (read for lookups only). */
  build: (ctx: { officer: OfficerRef; time: CommandTime; state: ApplicationState }) => ApplicationCommand | Promise<ApplicationCommand>;
  reason?: string;
  evidenceRefs?: string[];
}

/** Runs a command on the stream `application-<caseId>`, with the case id as correlation id. */
@Injectable()
export class ApplicationCommands {
  constructor(private readonly commands: IntakeCommands) {}

  async execute(request: CaseCommandRequest): Promise<HandleCommandResult<ApplicationEvent, ApplicationState>> {
    const time = this.commands.time();
    const officer = officerRef(request.actor);
    const streamId = applicationStreamId(request.caseId);
    const { state } = await this.commands.load(streamId, applicationDecider);
    const command = await request.build({ officer, time, state });
    return this.commands.run({
      streamId,
      decider: applicationDecider,
      command,
      commandId: this.commands.commandId(request.idempotencyKey),
      correlationId: request.caseId,
      actor: officer,
      occurredAt: time.now,
      reason: request.reason,
      evidenceRefs: request.evidenceRefs,
    });
  }
}
