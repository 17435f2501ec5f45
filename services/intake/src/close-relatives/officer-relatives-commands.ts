import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import { uuidV5 } from '@sa/eventstore';
import { IntakeCommands, officerRef } from '../commands/intake-commands';
import { OFFICER_RELATIVES_CATEGORY, type OfficerRelativesCommand, officerRelativesDecider } from '../domain';
import { INTAKE_ID_NAMESPACE } from '../http/to-application-form';

/** One stream per officer: `officerRelatives-<name-based UUID of the officer's subject>`. */
export const officerRelativesStreamId = (officerId: string): string =>
  `${OFFICER_RELATIVES_CATEGORY}-${uuidV5(`officer/${officerId}`, INTAKE_ID_NAMESPACE)}`;

@Injectable()
export class OfficerRelativesCommands {
  constructor(private readonly commands: IntakeCommands) {}

  async execute(actor: Actor, idempotencyKey: string | undefined, build: (officer: ReturnType<typeof officerRef>, now: string) => OfficerRelativesCommand) {
    const time = this.commands.time();
    const officer = officerRef(actor);
    const streamId = officerRelativesStreamId(actor.id);
    const result = await this.commands.run({
      streamId,
      decider: officerRelativesDecider,
      command: build(officer, time.now),
      commandId: this.commands.commandId(idempotencyKey),
      correlationId: streamId.slice(OFFICER_RELATIVES_CATEGORY.length + 1),
      actor: officer,
      occurredAt: time.now,
    });
    return { officerId: actor.id, declaredRelatives: result.state.relatives.size };
  }
}
