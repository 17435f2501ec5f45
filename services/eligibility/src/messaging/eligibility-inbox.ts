import { uuidV5 } from '@sa/eventstore';
import { WITHDRAWAL_REASON } from '../domain';

/** Namespace of the decision ids of terminations on withdrawal (stable across redeliveries). */
const WITHDRAWAL_NAMESPACE = 'b1f7c0de-4a2e-4c1b-9d3e-5f6a7b8c9d0e';
import { Injectable, Logger } from '@nestjs/common';
import type { ApplicationWithdrawnV1, EventDataOfAnyVersion, IntegrationEvent } from '@sa/contracts';

/** Every consumed type is accepted at each of its schema versions (contracts v2: v1 and v2 both live). */
type Accepted = IntegrationEvent<EventDataOfAnyVersion<'ApplicationAccepted'>>;
type Verified = IntegrationEvent<EventDataOfAnyVersion<'HouseholdVerified'>>;
type ChangeRequested = IntegrationEvent<EventDataOfAnyVersion<'ChangeRequested'>>;
import type { InboxMessageContext } from '@sa/messaging';
import type { PoolClient } from 'pg';
import { PolicyCatalogue } from '../policies/policy-catalogue';
import { EligibilityPipelines } from '../commands/eligibility-pipelines';
import { NATIONAL_DEFAULT_DEADLINES, type Deadlines, type TerminateOnWithdrawal } from '../domain';
import { openCommand, receiveFactsCommand, redeterminationCommand, systemActor, withdrawCommand } from './incoming';

/**
 * What eligibility does with the events it consumes. The effect is an append to the case's stream
 * through the review-case pipeline, whose command id is the integration event id: a redelivered
 * event appends nothing (the event store recognises the ids), on top of the inbox's own
 * de-duplication. A consumer gives its own actor (the system component) and may retry a
 * conflicting append (an officer's command landed meanwhile): the event must be applied.
 */
@Injectable()
export class EligibilityInbox {
  private readonly logger = new Logger('EligibilityInbox');

  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
  ) {}

  /** The InboxHandler (the pg transaction is the inbox's; the effect lives in the event store). */
  readonly handler = async (event: IntegrationEvent, _tx: PoolClient, _ctx: InboxMessageContext): Promise<void> => {
    await this.handle(event);
  };

  async handle(event: IntegrationEvent): Promise<void> {
    switch (event.type) {
      case 'ApplicationAccepted':
        return this.accepted(event as Accepted);
      case 'ApplicationWithdrawn':
        return this.withdrawn(event as IntegrationEvent<ApplicationWithdrawnV1>);
      case 'HouseholdVerified':
        return this.verified(event as Verified);
      case 'ChangeRequested':
        return this.changeRequested(event as ChangeRequested);
      default:
        return; // not ours to handle
    }
  }

  /** The policy's procedural deadlines on the acceptance date; the national limits when none applies. */
  private async deadlinesFor(jurisdiction: string, acceptedOn: string): Promise<Deadlines> {
    try {
      return (await this.catalogue.resolve(jurisdiction, acceptedOn)).parameters.deadlines;
    } catch (e) {
      this.logger.warn({ jurisdiction, acceptedOn, err: e instanceof Error ? e.message : String(e) }, 'no policy in force: national deadlines apply');
      return NATIONAL_DEFAULT_DEADLINES;
    }
  }

  private async accepted(event: Accepted): Promise<void> {
    const d = event.data;
    const deadlines = await this.deadlinesFor(d.jurisdiction, d.acceptedOn);
    await this.pipelines.reviewCase.handle(d.caseId, openCommand(d, deadlines), {
      commandId: event.id,
      causationId: event.id,
      actor: systemActor(d.jurisdiction),
      retryOnConflict: true,
    });
  }

  private async withdrawn(event: IntegrationEvent<ApplicationWithdrawnV1>): Promise<void> {
    const { state } = await this.pipelines.reviewCase.aggregate(event.data.caseId);
    if (state.status === 'APPROVED' && state.jurisdiction !== null && state.benefit) {
      // Withdrawn after the approval: the benefit ends (TERMINATION, 申请人撤回), published as BenefitChanged; payments stop.
      const actor = systemActor(state.jurisdiction);
      const command: Omit<TerminateOnWithdrawal, 'metadata'> = {
        type: 'TerminateOnWithdrawal',
        data: {
          withdrawalId: event.id,
          decisionId: uuidV5(`withdrawal-termination:${event.id}`, WITHDRAWAL_NAMESPACE),
          withdrawnOn: event.data.withdrawnOn,
          note: event.data.note ?? null,
          recordedBy: event.metadata.actor,
        },
      };
      await this.pipelines.reviewCase.handle(event.data.caseId, command, {
        commandId: event.id,
        actor,
        reason: WITHDRAWAL_REASON,
        evidenceRefs: [`withdrawal:${event.id}`],
        policyVersion: state.benefit.policyVersion,
        retryOnConflict: true,
      });
      return;
    }
    if (state.status === 'NONE' || state.status === 'APPROVED' || state.status === 'REFUSED' || state.jurisdiction === null) {
      this.logger.warn({ caseId: event.data.caseId, status: state.status }, 'withdrawal of a case without an open review or recurring benefit: nothing to stop');
      return;
    }
    await this.pipelines.reviewCase.handle(event.data.caseId, withdrawCommand(event.data), {
      commandId: event.id,
      actor: systemActor(state.jurisdiction),
      retryOnConflict: true,
    });
  }

  private async verified(event: Verified): Promise<void> {
    const { state } = await this.pipelines.reviewCase.aggregate(event.data.caseId);
    const jurisdiction = state.jurisdiction ?? event.metadata.actor.jurisdiction;
    await this.pipelines.reviewCase.handle(event.data.caseId, receiveFactsCommand(event.data), {
      commandId: event.id,
      actor: systemActor(jurisdiction),
      retryOnConflict: true,
    });
  }

  private async changeRequested(event: ChangeRequested): Promise<void> {
    const { state } = await this.pipelines.reviewCase.aggregate(event.data.caseId);
    const jurisdiction = state.jurisdiction ?? event.metadata.actor.jurisdiction;
    await this.pipelines.reviewCase.handle(event.data.caseId, redeterminationCommand(event.data), {
      commandId: event.id,
      actor: systemActor(jurisdiction),
      retryOnConflict: true,
    });
  }
}
