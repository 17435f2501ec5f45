import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { PolicyCatalogue } from '../../application/policy-catalogue';
import { ReviewCaseCommands, type CommandOutcome } from '../../application/review-case-commands';
import { notFoundError, type ActorRef, type PolicyVersion, type ReviewCaseCommand, type ReviewCaseState } from '../../domain';

export interface HttpCommandContext {
  caseId: string;
  actor: Actor;
  idempotencyKey?: string;
  ifMatch?: string;
}

export interface BuildContext {
  state: ReviewCaseState;
  actor: ActorRef;
  today: string;
  /** The policy in force today for the case's jurisdiction (only when asked for). */
  policy: PolicyVersion | null;
  commandId: string;
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
 * injectable clock) and run it. Business rules stay in the decider.
 */
@Injectable()
export class CaseCommandGateway {
  constructor(
    readonly commands: ReviewCaseCommands,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  async loadVisible(caseId: string, actor: Actor): Promise<{ state: ReviewCaseState; revision: number }> {
    const { state, revision } = await this.commands.load(caseId);
    if (state.status === 'NONE' || state.jurisdiction === null) throw notFoundError('case_not_found', `No review case ${caseId}`);
    assertJurisdiction(actor, state.jurisdiction, 'caseId');
    return { state, revision };
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
  ): Promise<CommandOutcome & { response: CaseCommandResponse; commandId: string; policy: PolicyVersion | null }> {
    const { state } = await this.loadVisible(ctx.caseId, ctx.actor);
    const today = this.commands.today();
    const policy = options.needsPolicy ? await this.catalogue.resolve(state.jurisdiction!, today) : null;
    const commandId = this.commands.commandId(ctx.idempotencyKey);
    const actor = actorRef(ctx.actor);
    const command = options.build({ state, actor, today, policy, commandId });
    const expectedRevision = this.commands.expectedRevision(ctx.ifMatch);
    const outcome = await this.commands.run({
      caseId: ctx.caseId,
      command,
      commandId,
      actor,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.evidenceRefs ? { evidenceRefs: options.evidenceRefs } : {}),
      ...(policy ? { policyVersion: policy.version } : {}),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    });
    return {
      ...outcome,
      commandId,
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
