import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import type { CommandOutcome } from '@sa/eventstore';
import { type CommandTime, IntakePipelines, officerRef } from '../../commands/intake-pipelines';
import { type ApplicationCommandBody, type ApplicationEvent, type ApplicationState, type OfficerRef } from '../../domain';

export interface CaseCommandRequest {
  caseId: string;
  actor: Actor;
  /** Builds the command body `{ type, data }` from the officer, the time and the current state (read for lookups only); the pipeline adds `metadata` (that time's `now`). */
  build: (ctx: { officer: OfficerRef; time: CommandTime; state: ApplicationState }) => ApplicationCommandBody | Promise<ApplicationCommandBody>;
  reason?: string;
  evidenceRefs?: string[];
}

/** Runs a command on the stream `application-<caseId>`, with the case id as correlation id. */
@Injectable()
export class ApplicationCommands {
  constructor(private readonly pipelines: IntakePipelines) {}

  async execute(request: CaseCommandRequest): Promise<CommandOutcome<ApplicationEvent, ApplicationState>> {
    const time = this.pipelines.time();
    const officer = officerRef(request.actor);
    const { state } = await this.pipelines.application.aggregate(request.caseId);
    const body = await request.build({ officer, time, state });
    return this.pipelines.application.handle(request.caseId, body, {
      actor: officer,
      now: time.now,
      ...(request.reason ? { reason: request.reason } : {}),
      ...(request.evidenceRefs ? { evidenceRefs: request.evidenceRefs } : {}),
    });
  }
}
