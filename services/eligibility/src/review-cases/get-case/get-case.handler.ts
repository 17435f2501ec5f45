import { Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { currentNotice, currentOpinion, investigatorIds, openObjections } from '../../domain';

const logger = new Logger('CaseReads');

export class GetCaseQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/** The case file folded from its stream (404 unknown, 403 outside the caller's jurisdiction); an auditor's read is logged. */
@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(private readonly pipelines: EligibilityPipelines) {}

  async execute({ caseId, actor }: GetCaseQuery) {
    const { state, revision } = await this.pipelines.caseFor(actor, caseId);
    if (actor.role === 'auditor') logger.log({ audit: 'case-read', caseId, actorId: actor.id, jurisdiction: actor.jurisdiction }, 'auditor read a case file');
    return {
      ...state,
      revision,
      current: {
        opinion: currentOpinion(state),
        notice: currentNotice(state),
        openObjections: openObjections(state).map((o) => o.objectionId),
        investigators: investigatorIds(state),
      },
    };
  }
}

export class GetCaseEventsQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/** The case's events with their metadata and hash chain (audit); an auditor's read is logged. */
@QueryHandler(GetCaseEventsQuery)
export class GetCaseEventsHandler implements IQueryHandler<GetCaseEventsQuery> {
  constructor(private readonly pipelines: EligibilityPipelines) {}

  async execute({ caseId, actor }: GetCaseEventsQuery) {
    const { events } = await this.pipelines.caseFor(actor, caseId);
    if (actor.role === 'auditor') logger.log({ audit: 'case-history-read', caseId, actorId: actor.id }, 'auditor read a case history');
    return events.map((e) => ({
      revision: e.revision,
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: e.metadata,
      recordedAt: e.recordedAt,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
  }
}
