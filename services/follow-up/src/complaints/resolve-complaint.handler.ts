import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { uuidV5 } from '@sa/eventstore';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../commands/follow-up-pipelines';
import type { ComplaintAction, ComplaintState } from '../domain';
import { assertMayViewComplaint } from './complaint-access';
import type { ResolveComplaintDto } from './complaints.dto';

/** Namespace of the review ids derived from complaints. */
const COMPLAINT_REVIEW_NAMESPACE = '8d2f6a14-3c7e-5b19-a4d0-7e5c3b2a1f90';

export class ResolveComplaintCommand {
  constructor(
    readonly complaintId: string,
    readonly dto: ResolveComplaintDto,
    readonly actor: Actor,
  ) {}
}

/** 办结: the assigned investigator records the outcome; a change or re-check asked for opens an ad-hoc review on the case. */
@CommandHandler(ResolveComplaintCommand)
export class ResolveComplaintHandler implements ICommandHandler<ResolveComplaintCommand> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ complaintId, dto, actor }: ResolveComplaintCommand) {
    const state = await this.commands.complaintFor(complaintId);
    assertMayViewComplaint(actor, state);
    const { now } = this.commands.time();
    await this.commands.complaint.handle(
      complaintId,
      {
        type: 'ResolveComplaint',
        data: {
          outcome: dto.outcome,
          findings: dto.findings,
          actions: dto.actions,
          fraudSuspected: dto.fraudSuspected,
          ...(dto.estimatedOverpaymentFen !== undefined ? { estimatedOverpaymentFen: dto.estimatedOverpaymentFen } : {}),
        },
      },
      // The metadata's reason is the outcome (a code): the findings are free text about the household, sealed in the
      // event's data, while the metadata is stored in clear (issue 18).
      { correlationId: state.filed!.caseId ?? complaintId, reason: dto.outcome, now },
    );
    const reviewId = await this.openReviewOnCase(state, complaintId, dto.actions, now);
    return { complaintId, outcome: dto.outcome, ...(reviewId ? { reviewId } : {}) };
  }

  /**
   * A complaint about a followed-up case whose outcome asks for a change or a re-check opens an
   * ad-hoc review (trigger COMPLAINT) on that case, unless a review is already open there. The
   * review id derives from the complaint, so a retried resolution opens it once.
   */
  private async openReviewOnCase(state: ComplaintState, complaintId: string, actions: ComplaintAction[], now: string): Promise<string | undefined> {
    const caseId = state.filed?.caseId;
    if (!caseId || !actions.some((a) => a === 'CHANGE_REQUESTED' || a === 'REVERIFICATION_REQUESTED')) return undefined;
    const { state: followUp } = await this.commands.followUp.aggregate(caseId);
    if (followUp.status === 'NONE' || followUp.status === 'CLOSED' || followUp.openReview) return followUp.openReview?.reviewId;
    const reviewId = uuidV5(`${complaintId}/review`, COMPLAINT_REVIEW_NAMESPACE);
    // A second command in this request, on another stream: its own command id and the system as actor.
    await this.commands.followUp.handle(
      caseId,
      { type: 'OpenAdHocReview', data: { reviewId, trigger: { kind: 'COMPLAINT', refId: complaintId } } },
      { commandId: reviewId, actor: SYSTEM_ACTOR(followUp.jurisdiction!), now },
    );
    return reviewId;
  }
}
