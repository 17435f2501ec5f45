import { Controller, Get, Logger, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CaseRead } from '@sa/platform';
import { currentNotice, currentOpinion, investigatorIds, openObjections, reviewCaseStreamId } from '../../domain';
import { CaseCommandGateway } from '../shared/case-command-gateway';

@ApiTags('review cases')
@Controller('review-cases')
export class GetCaseController {
  private readonly logger = new Logger('CaseReads');

  constructor(private readonly gateway: CaseCommandGateway) {}

  /**
   * The case file folded from its stream (always current, unlike the lists). ETag = revision, to
   * send back as If-Match with the next command. An auditor's read is itself logged.
   */
  @Get(':caseId')
  @CaseRead((p) => reviewCaseStreamId(p.caseId))
  @Roles('street_officer', 'street_reviewer', 'county_approver', 'community_officer', 'auditor')
  @ApiOkResponse({ description: 'The case file: household snapshot, facts, investigation, opinions, notices, objections, decision, benefit' })
  async get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    const { state, revision } = await this.gateway.loadVisible(caseId, actor);
    if (actor.role === 'auditor') this.logger.log({ audit: 'case-read', caseId, actorId: actor.id, jurisdiction: actor.jurisdiction }, 'auditor read a case file');
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

  /** The case's events with their metadata and hash chain (audit). */
  @Get(':caseId/events')
  @CaseRead((p) => reviewCaseStreamId(p.caseId))
  @Roles('auditor', 'county_approver')
  async events(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    const { events } = await this.gateway.loadVisible(caseId, actor);
    if (actor.role === 'auditor') this.logger.log({ audit: 'case-history-read', caseId, actorId: actor.id }, 'auditor read a case history');
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
