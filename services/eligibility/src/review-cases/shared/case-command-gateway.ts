import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Actor } from '@sa/auth';
import type { AggregateStreamResult, CommandOutcome } from '@sa/eventstore';
import { PolicyCatalogue } from '../../application/policy-catalogue';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { notFoundError, type ActorRef, type PolicyVersion, type ReviewCaseCommand, type ReviewCaseEvent, type ReviewCaseState } from '../../domain';

export interface HttpCommandContext {
  caseId: string;
  actor: Actor;
}

export interface BuildContext {
  state: ReviewCaseState;
  actor: ActorRef;
  today: string;
  /** The policy in force today for the case's jurisdiction (only when asked for). */
  policy: PolicyVersion | null;
}

export interface CaseCommandResponse {
  caseId: string;
  status: string;
  revision: number;
  events: string[];
  alreadyHandled: boolean;
}

export const actorRef = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

/**
 * What every review-case route does: load the case, check the caller's jurisdiction covers it,
 * resolve the policy in force when the command needs one, build the command (time from the
 * injectable clock) and hand it to the review-case pipeline. The HTTP contract (Idempotency-Key,
 * If-Match, ETag, 409) is the route's `@CommandRoute`; business rules stay in the decider.
 */
@Injectable()
export class CaseCommandGateway {
  constructor(
    readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  /** The case as the caller may see it: 404 when it does not exist, 403 outside their jurisdiction. */
  async loadVisible(caseId: string, actor: Actor): Promise<AggregateStreamResult<ReviewCaseEvent, ReviewCaseState>> {
    const found = await this.pipelines.reviewCase.aggregate(caseId);
    const { state } = found;
    if (!found.exists || state.status === 'NONE' || state.jurisdiction === null) throw notFoundError('case_not_found', `No review case ${caseId}`);
    assertJurisdiction(actor, state.jurisdiction, 'caseId');
    return found;
  }

  async execute(
    ctx: HttpCommandContext,
    options: {
      needsPolicy?: boolean;
      build: (b: BuildContext) => ReviewCaseCommand;
      /** Decision metadata. */
      reason?: string;
      evidenceRefs?: string[];
    },
  ): Promise<CommandOutcome<ReviewCaseEvent, ReviewCaseState> & { response: CaseCommandResponse; policy: PolicyVersion | null }> {
    const { state } = await this.loadVisible(ctx.caseId, ctx.actor);
    const today = this.pipelines.today();
    const policy = options.needsPolicy ? await this.catalogue.resolve(state.jurisdiction!, today) : null;
    const actor = actorRef(ctx.actor);
    const command = options.build({ state, actor, today, policy });
    const outcome = await this.pipelines.reviewCase.handle(ctx.caseId, command, {
      actor,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.evidenceRefs ? { evidenceRefs: options.evidenceRefs } : {}),
      ...(policy ? { policyVersion: policy.version } : {}),
    });
    return {
      ...outcome,
      policy,
      response: {
        caseId: ctx.caseId,
        status: outcome.state.status,
        revision: outcome.revision,
        events: outcome.events.map((e) => e.type),
        alreadyHandled: outcome.alreadyHandled,
      },
    };
  }
}
