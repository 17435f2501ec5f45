import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Actor } from '@sa/auth';
import type { AggregateStreamResult, CommandOutcome } from '@sa/eventstore';
import { PolicyCatalogue } from '../../policies/policy-catalogue';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { notFoundError, type ActorRef, type PolicyVersion, type ReviewCaseCommandBody, type ReviewCaseEvent, type ReviewCaseState } from '../../domain';

export interface HttpCommandContext {
  caseId: string;
  actor: Actor;
}

export interface BuildContext {
  state: ReviewCaseState;
  /** Today in Asia/Shanghai: the date of the command's `metadata.now`. */
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
 * resolve the policy in force today when the command needs one, build the command (`{ type, data }`)
 * and hand it to the review-case pipeline, which gives it `metadata: { actor, now }` (the same `now`
 * the policy was resolved for). The HTTP contract (Idempotency-Key,
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
      build: (b: BuildContext) => ReviewCaseCommandBody;
      /** Decision metadata. */
      reason?: string;
      evidenceRefs?: string[];
    },
  ): Promise<CommandOutcome<ReviewCaseEvent, ReviewCaseState> & { response: CaseCommandResponse; policy: PolicyVersion | null }> {
    const { state } = await this.loadVisible(ctx.caseId, ctx.actor);
    const { now, today } = this.pipelines.time();
    const policy = options.needsPolicy ? await this.catalogue.resolve(state.jurisdiction!, today) : null;
    const command = options.build({ state, today, policy });
    const outcome = await this.pipelines.reviewCase.handle(ctx.caseId, command, {
      actor: actorRef(ctx.actor),
      now,
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
