import type { Actor } from '@sa/auth';
import type { CommandOutcome } from '@sa/eventstore';
import type { ActorRef, ReviewCaseEvent, ReviewCaseState } from '../../domain';

/** What every review-case command route answers (the use case adds its own fields). */
export interface CaseCommandResponse {
  caseId: string;
  status: string;
  revision: number;
  events: string[];
  alreadyHandled: boolean;
}

export const actorRef = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

export function caseCommandResponse(caseId: string, outcome: CommandOutcome<ReviewCaseEvent, ReviewCaseState>): CaseCommandResponse {
  return {
    caseId,
    status: outcome.state.status,
    revision: outcome.revision,
    events: outcome.events.map((e) => e.type),
    alreadyHandled: outcome.alreadyHandled,
  };
}
