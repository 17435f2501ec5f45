import {
  type AssistanceExitedV1,
  type ChangeRequestedV2,
  type ComplaintResolvedV1,
  createIntegrationEvent,
  type IntegrationEvent,
  type IntegrationEventMetadata,
  type ReverificationRequestedV1,
  type ReviewCompletedV1,
} from '@sa/contracts';
import { fold } from '@sa/decider';
import type { EventStore, RecordedEvent } from '@sa/eventstore';
import {
  COMPLAINT_CATEGORY,
  complaintDecider,
  FOLLOW_UP_CATEGORY,
  followUpDecider,
  type ComplaintEvent,
  type FollowUpEvent,
} from '../domain';

const categoryOf = (streamId: string): string => streamId.slice(0, streamId.indexOf('-'));

type Data<T extends FollowUpEvent['type'] | ComplaintEvent['type']> = Extract<FollowUpEvent | ComplaintEvent, { type: T }>['data'];

/**
 * Follow-up's public language (topic `sa.follow-up.events`):
 *
 *   ReviewConcluded          → ReviewCompleted
 *   ChangeProposed           → ChangeRequested (eligibility decides)
 *   ReverificationRequested  → ReverificationRequested (verification re-checks)
 *   FollowUpClosed           → AssistanceExited (intake closes the application, releasing the household)
 *   ComplaintResolved        → ComplaintResolved (never the complainant; only complaints about a case,
 *                              the contract requires caseId)
 *   everything else          → nothing (internal)
 *
 * The case context (case number, jurisdiction, filed complaint) comes from folding the event's own
 * stream up to the event, so a re-publication maps to the same message. The integration event id is
 * the domain event id.
 */
export function integrationEventMapper(store: EventStore): (recorded: RecordedEvent) => Promise<IntegrationEvent | null> {
  return async (recorded) => {
    const category = categoryOf(recorded.streamId);
    if (category === FOLLOW_UP_CATEGORY) {
      if (!['ReviewConcluded', 'ChangeProposed', 'ReverificationRequested', 'FollowUpClosed'].includes(recorded.type)) return null;
      const before = await store.readStream(recorded.streamId, { fromRevision: 0, maxCount: recorded.revision });
      const state = fold(followUpDecider, before.map((r) => ({ type: r.type, data: r.data }) as FollowUpEvent));
      return toPublic(recorded, {
        caseId: state.caseId!,
        caseNumber: state.caseNumber!,
        jurisdiction: state.jurisdiction!,
        program: state.program!,
        lastDecisionId: state.appliedDecisionIds[state.appliedDecisionIds.length - 1] ?? state.grantDecisionId!,
      });
    }
    if (category === COMPLAINT_CATEGORY && recorded.type === 'ComplaintResolved') {
      const before = await store.readStream(recorded.streamId, { fromRevision: 0, maxCount: recorded.revision });
      const state = fold(complaintDecider, before.map((r) => ({ type: r.type, data: r.data }) as ComplaintEvent));
      const f = state.filed!;
      if (!f.caseId) return null;
      const d = recorded.data as Data<'ComplaintResolved'>;
      const data: ComplaintResolvedV1 = {
        caseId: f.caseId,
        ...(f.caseNumber ? { caseNumber: f.caseNumber } : {}),
        complaintId: f.complaintId,
        receivedOn: f.receivedOn,
        resolvedOn: d.resolvedOn,
        channel: f.channel,
        subject: f.subject,
        outcome: d.outcome,
        findings: d.findings,
        actions: d.actions,
        fraudSuspected: d.fraudSuspected,
        ...(d.estimatedOverpaymentFen !== undefined ? { estimatedOverpaymentFen: d.estimatedOverpaymentFen } : {}),
        jurisdiction: f.community,
      };
      return createIntegrationEvent('ComplaintResolved', data, options(recorded, f.caseId));
    }
    return null;
  };
}

function options(recorded: RecordedEvent, caseId: string) {
  return { id: recorded.eventId, time: recorded.metadata.occurredAt, metadata: metadataOf(recorded, caseId) };
}

function metadataOf(recorded: RecordedEvent, caseId: string): IntegrationEventMetadata {
  const m = recorded.metadata;
  return {
    correlationId: caseId,
    causationId: recorded.eventId,
    actor: { id: m.actor.id, role: m.actor.role, jurisdiction: m.actor.jurisdiction },
    ...(m.reason ? { reason: m.reason } : {}),
    ...(m.evidenceRefs && m.evidenceRefs.length > 0 ? { evidenceRefs: m.evidenceRefs } : {}),
  };
}

interface CaseContext {
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  program: AssistanceExitedV1['program'];
  /** The last benefit decision applied to the case (the grant when none since). */
  lastDecisionId: string;
}

function toPublic(recorded: RecordedEvent, c: CaseContext): IntegrationEvent | null {
  switch (recorded.type) {
    case 'ReviewConcluded': {
      const d = recorded.data as Data<'ReviewConcluded'>;
      const data: ReviewCompletedV1 = {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        reviewId: d.reviewId,
        reviewType: d.reviewType,
        ...(d.trigger ? { trigger: d.trigger } : {}),
        ...(d.dueMonth ? { dueMonth: d.dueMonth } : {}),
        completedOn: d.completedOn,
        ...(d.visit ? { visit: d.visit } : {}),
        ...(d.verification ? { verification: d.verification } : {}),
        finding: d.finding,
        changes: d.changes,
        recommendation: d.recommendation,
        summary: d.reasons.length > 0 ? `${d.summary}（理由：${d.reasons.join('；')}）` : d.summary,
        nextReviewDueMonth: d.nextReviewDueMonth,
      };
      return createIntegrationEvent('ReviewCompleted', data, options(recorded, c.caseId));
    }
    case 'ChangeProposed': {
      const d = recorded.data as Data<'ChangeProposed'>;
      // v2: the review's recommendation and its written reasons travel with the request.
      const data: ChangeRequestedV2 = {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        changeRequestId: d.changeRequestId,
        origin: d.origin,
        requestedChange: d.requestedChange,
        reportedOn: d.proposedOn,
        changes: d.changes,
        reviewId: d.reviewId,
        urgent: d.urgent,
        recommendation: d.recommendation,
        reasons: d.reasons,
      };
      return createIntegrationEvent('ChangeRequested', data, options(recorded, c.caseId));
    }
    case 'ReverificationRequested': {
      const d = recorded.data as Data<'ReverificationRequested'>;
      const data: ReverificationRequestedV1 = {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        requestId: d.requestId,
        purpose: 'RECERTIFICATION',
        trigger: d.trigger,
        reviewId: d.reviewId,
        members: d.members,
        referencePeriod: d.referencePeriod,
        consents: d.consents,
        dueOn: d.dueOn,
        jurisdiction: c.jurisdiction,
      };
      return createIntegrationEvent('ReverificationRequested', data, options(recorded, c.caseId));
    }
    case 'FollowUpClosed': {
      const d = recorded.data as Data<'FollowUpClosed'>;
      const data: AssistanceExitedV1 = {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        jurisdiction: c.jurisdiction,
        program: c.program,
        reason: d.reason,
        exitedOn: d.closedOn,
        decisionId: c.lastDecisionId,
        finalNote: d.finalNote,
      };
      return createIntegrationEvent('AssistanceExited', data, options(recorded, c.caseId));
    }
    default:
      return null;
  }
}
