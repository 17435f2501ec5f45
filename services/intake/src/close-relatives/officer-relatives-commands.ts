import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import { IntakePipelines, officerRef } from '../commands/intake-pipelines';
import { OFFICER_RELATIVES_CATEGORY, type OfficerRelativesCommandBody } from '../domain';
import { officerRelativesStreamId } from './officer-relatives-stream';

export { officerRelativesStreamId };

@Injectable()
export class OfficerRelativesCommands {
  constructor(private readonly pipelines: IntakePipelines) {}

  /** Runs the declaration command `build()` gives (`{ type, data }`; the pipeline adds the metadata). */
  async execute(actor: Actor, build: () => OfficerRelativesCommandBody) {
    const result = await this.pipelines.officerRelatives.handle(actor.id, build(), {
      actor: officerRef(actor),
      correlationId: officerRelativesStreamId(actor.id).slice(OFFICER_RELATIVES_CATEGORY.length + 1),
    });
    return { officerId: actor.id, declaredRelatives: result.state.relatives.size };
  }
}
