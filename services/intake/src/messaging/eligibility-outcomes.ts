import type { AssistanceExitedV1, AssistanceGrantedV2, AssistanceRefusedV2, BenefitChangedV2, IntegrationEvent } from '@sa/contracts';
import { IntakePipelines } from '../commands/intake-pipelines';
import { type CloseAfterDecision, type OfficerRef, type ReopenOnAppeal } from '../domain';

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

type Reopening = Omit<ReopenOnAppeal['data'], 'sourceEventId'> & { caseId: string };

/**
 * The approval on appeal that reopens a case closed on the refusal it revoked: AssistanceGranted (v2)
 * carrying `appeal`. An ordinary approval (v1, or v2 without `appeal`) leaves the case as it is (open).
 */
export function appealReopeningOf(event: IntegrationEvent): Reopening | undefined {
  if (event.type !== 'AssistanceGranted') return undefined;
  const d = event.data as AssistanceGrantedV2;
  if (d.program === 'TEMPORARY_ASSISTANCE' || !d.appeal) return undefined;
  const a = d.appeal;
  return {
    caseId: d.caseId,
    decisionId: d.decisionId,
    decidedOn: d.decidedOn,
    appeal: { appealId: a.appealId, kind: a.kind, outcome: a.outcome, contestedDecisionId: a.contestedDecisionId, documentRef: a.documentRef, documentDate: a.documentDate },
  };
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
    const reopening = appealReopeningOf(event);
    if (reopening) return this.reopen(event, reopening);
    const outcome = caseOutcomeOf(event);
    if (!outcome) return;
    const { state } = await this.commands.application.aggregate(outcome.caseId);
    if (state.status === 'NONE' || !state.jurisdiction) return;
    const time = this.commands.time();
    const { caseId, ...rest } = outcome;
    await this.commands.application.handle(
      caseId,
      { type: 'CloseAfterDecision', data: { ...rest, sourceEventId: event.id } },
      { commandId: event.id, correlationId: caseId, causationId: event.id, actor: INBOX_ACTOR(state.jurisdiction), now: time.now, reason: rest.reason, retryOnConflict: true },
    );
  }

  /**
   * An approval on appeal reopens the case closed on the revoked refusal; the projection takes its
   * household's members again in the same transaction that marks it ACCEPTED.
   */
  private async reopen(event: IntegrationEvent, reopening: Reopening): Promise<void> {
    const { state } = await this.commands.application.aggregate(reopening.caseId);
    if (state.status === 'NONE' || !state.jurisdiction) return;
    const time = this.commands.time();
    const { caseId, ...rest } = reopening;
    const actor = INBOX_ACTOR(state.jurisdiction);
    const reason = `复议/诉讼撤销原决定（${rest.appeal.documentRef}），审核确认批准`;
    await this.commands.application.handle(
      caseId,
      { type: 'ReopenOnAppeal', data: { ...rest, sourceEventId: event.id } },
      { commandId: event.id, correlationId: caseId, causationId: event.id, actor, now: time.now, reason, retryOnConflict: true },
    );
  }
}
