import type { AssistanceExitedV1, AssistanceRefusedV2, BenefitChangedV2, IntegrationEvent } from '@sa/contracts';
import { IntakePipelines } from '../commands/intake-pipelines';
import { type CloseAfterDecision, type OfficerRef } from '../domain';

/** The system actor of intake's inbox (the decision itself records the officers who made it). */
export const INBOX_ACTOR = (jurisdiction: string): OfficerRef => ({ id: 'system:intake-inbox', role: 'system', jurisdiction });

type Outcome = Omit<CloseAfterDecision['data'], 'sourceEventId'> & { caseId: string };

/**
 * The decision an eligibility or follow-up event ends the case with, or undefined when it does not end it.
 *   AssistanceRefused (v1, v2)                          → REFUSED, reasons joined
 *   BenefitChanged TERMINATION, reason HOUSEHOLD_REQUEST → WITHDRAWN (申请人撤回 after the grant)
 *   BenefitChanged TERMINATION, any other reason         → TERMINATED
 *   AssistanceExited TAPER_ENDED (follow-up: 渐退期满)     → TERMINATED, the taper decision, the final note
 * Everything else (grants, increases, tapers, suspensions …) leaves the case open. AssistanceExited
 * TERMINATED is left to eligibility's BenefitChanged (the two topics are not ordered, and only the
 * decision knows a household's own request).
 */
export function caseOutcomeOf(event: IntegrationEvent): Outcome | undefined {
  switch (event.type) {
    case 'AssistanceRefused': {
      const d = event.data as AssistanceRefusedV2;
      return {
        caseId: d.caseId,
        outcome: 'REFUSED',
        decisionId: d.decisionId,
        decidedOn: d.decidedOn,
        reason: d.reasons.map((r) => r.description).join('；'),
        reasonCodes: [...new Set(d.reasons.map((r) => r.code))],
      };
    }
    case 'BenefitChanged': {
      const d = event.data as BenefitChangedV2;
      if (d.changeType !== 'TERMINATION') return undefined;
      return {
        caseId: d.caseId,
        outcome: d.reason.code === 'HOUSEHOLD_REQUEST' ? 'WITHDRAWN' : 'TERMINATED',
        decisionId: d.decisionId,
        decidedOn: d.decidedOn,
        reason: d.reason.description,
        reasonCodes: [d.reason.code],
      };
    }
    case 'AssistanceExited': {
      const d = event.data as AssistanceExitedV1;
      if (d.reason !== 'TAPER_ENDED') return undefined;
      return { caseId: d.caseId, outcome: 'TERMINATED', decisionId: d.decisionId, decidedOn: d.exitedOn, reason: d.finalNote, reasonCodes: ['TAPER_ENDED'] };
    }
    default:
      return undefined;
  }
}

/**
 * Intake's inbox handler over `sa.eligibility.events` and `sa.follow-up.events`: a refusal, termination
 * or withdrawal after the grant, or the end of a taper, closes the accepted application (`ApplicationClosedAfterDecision`, command id = the
 * inbound event id, so a redelivery never closes twice); the projection then releases the
 * household's reservations in the same transaction that marks the case CLOSED, and a new
 * application of the household links to it. Cases intake never recorded are ignored.
 */
export class EligibilityOutcomes {
  constructor(private readonly commands: IntakePipelines) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const outcome = caseOutcomeOf(event);
    if (!outcome) return;
    const { state } = await this.commands.application.aggregate(outcome.caseId);
    if (state.status === 'NONE' || !state.jurisdiction) return;
    const time = this.commands.time();
    const { caseId, ...rest } = outcome;
    await this.commands.application.handle(
      caseId,
      this.commands.command({ type: 'CloseAfterDecision', data: { ...rest, sourceEventId: event.id } } as const, INBOX_ACTOR(state.jurisdiction), time.now),
      { commandId: event.id, correlationId: caseId, causationId: event.id, actor: INBOX_ACTOR(state.jurisdiction), reason: rest.reason, retryOnConflict: true },
    );
  }
}
