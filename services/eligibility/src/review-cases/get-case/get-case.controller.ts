import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CaseRead, PersonalRead } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { GetCaseEventsQuery, GetCaseQuery } from './get-case.handler';

@ApiTags('review cases')
@Controller('review-cases')
export class GetCaseController {
  constructor(private readonly queryBus: QueryBus) {}

  /**
   * The case file folded from its stream (always current, unlike the lists). ETag = revision, to
   * send back as If-Match with the next command. An auditor's read is itself logged.
   */
  @Get(':caseId')
  @CaseRead((p) => reviewCaseStreamId(p.caseId))
  @Roles('street_officer', 'street_reviewer', 'county_approver', 'community_officer', 'auditor')
  @PersonalRead()
  @ApiOkResponse({ description: 'The case file: household snapshot, facts, investigation, opinions, notices, objections, decision, benefit' })
  async get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetCaseQuery(caseId, actor));
  }

  /** The case's events with their metadata and hash chain (audit). */
  @Get(':caseId/events')
  @CaseRead((p) => reviewCaseStreamId(p.caseId))
  @Roles('auditor', 'county_approver')
  @PersonalRead()
  async events(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetCaseEventsQuery(caseId, actor));
  }
}
