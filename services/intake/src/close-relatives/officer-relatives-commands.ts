import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import { IntakePipelines, officerRef } from '../commands/intake-pipelines';
import { OFFICER_RELATIVES_CATEGORY, type OfficerRelativesCommand } from '../domain';
import { officerRelativesStreamId } from './officer-relatives-stream';

export { officerRelativesStreamId };

@Injectable()
export class OfficerRelativesCommands {
  constructor(private readonly pipelines: IntakePipelines) {}

  async execute(actor: Actor, build: (officer: ReturnType<typeof officerRef>, now: string) => OfficerRelativesCommand) {
    const time = this.pipelines.time();
    const result = await this.pipelines.officerRelatives.handle(actor.id, build(officerRef(actor), time.now), {
      correlationId: officerRelativesStreamId(actor.id).slice(OFFICER_RELATIVES_CATEGORY.length + 1),
    });
    return { officerId: actor.id, declaredRelatives: result.state.relatives.size };
  }
}
